/*
 * Which memory the allocator gets: conventional memory, and boot-services
 * code and data, which nothing uses once the hypervisor runs on its own
 * stack, vectors and page tables (arch_mmu_init).  Loader code/data hold the
 * hypervisor image and the files read from the ESP; runtime, ACPI and MMIO
 * regions belong to the firmware for good.  Memory above what the
 * hypervisor's page tables map is left out (the allocator zeroes pages).
 */
#include "arch/arch.h"
#include "boot/handover.h"
#include "boot/memory.h"
#include "lib/print.h"
#include "lib/string.h"
#include "vm/vm.h"

/* Page index 0 sits on a 1 GiB boundary so index alignment equals address alignment up to 1 GiB. */
#define SPAN_ALIGN (1ull << 30)

struct phys_mem hv_phys;

static const struct phys_owner owner_hv = { PHYS_HYPERVISOR, 0 };

static bool is_allocatable(const struct mem_region *r)
{
	bool usable = r->type == MEM_CONVENTIONAL || r->type == MEM_BOOT_CODE ||
		      r->type == MEM_BOOT_DATA;

	return usable && r->pages != 0 && r->base + r->pages * PAGE_SIZE <= arch_mapped_limit();
}

/* Lowest and highest allocatable addresses, and the largest allocatable region. */
static bool find_span(uint64_t *lo, uint64_t *hi, const struct mem_region **largest)
{
	uint32_t i;
	const struct mem_region *r;
	bool any = false;

	*lo = UINT64_MAX;
	*hi = 0;
	*largest = NULL;
	for (i = 0; i < handover.region_count; i++) {
		r = &handover.regions[i];
		if (!is_allocatable(r))
			continue;
		any = true;
		if (r->base < *lo)
			*lo = r->base;
		if (r->base + r->pages * PAGE_SIZE > *hi)
			*hi = r->base + r->pages * PAGE_SIZE;
		if (*largest == NULL || r->pages > (*largest)->pages)
			*largest = r;
	}
	return any;
}

bool memory_init(void)
{
	uint64_t lo, hi, span_pages, storage_bytes, storage_pages;
	const struct mem_region *largest;
	uint32_t depth, i;
	uint16_t *storage;
	int rc;

	if (!find_span(&lo, &hi, &largest)) {
		print("mem: the firmware memory map has no conventional memory\n");
		return false;
	}
	lo -= lo % SPAN_ALIGN;
	span_pages = (hi - lo) / PAGE_SIZE;
	depth = phys_depth_for(span_pages);
	if (depth == 0) {
		print("mem: %llu pages exceed the allocator's 256M-page capacity\n",
		      (unsigned long long)span_pages);
		return false;
	}
	storage_bytes = BITALLOC_STORAGE_WORDS(depth) * sizeof(uint16_t);
	storage_pages = (storage_bytes + PAGE_SIZE - 1) / PAGE_SIZE;
	if (storage_pages >= largest->pages) {
		print("mem: no region can hold the %llu-page allocator bitmap\n",
		      (unsigned long long)storage_pages);
		return false;
	}
	/* The bitmap lives at the start of the largest region, then is accounted as allocated. */
	storage = (uint16_t *)(uintptr_t)largest->base;
	rc = phys_init(&hv_phys, lo, depth, storage, BITALLOC_STORAGE_WORDS(depth));
	for (i = 0; rc == PHYS_OK && i < handover.region_count; i++)
		if (is_allocatable(&handover.regions[i]))
			rc = phys_add_free(&hv_phys, handover.regions[i].base,
					   handover.regions[i].pages * PAGE_SIZE);
	if (rc == PHYS_OK)
		rc = phys_alloc_at(&hv_phys, largest->base, storage_pages, owner_hv,
				   "allocator bitmap");
	if (rc != PHYS_OK) {
		print("mem: allocator setup failed (error %d)\n", rc);
		return false;
	}
	print("mem: allocator depth %u (%llu pages from 0x%llx), %llu pages managed, %llu free\n",
	      depth, (unsigned long long)bitalloc_capacity(&hv_phys.alloc),
	      (unsigned long long)lo, (unsigned long long)hv_phys.managed_pages,
	      (unsigned long long)phys_free_pages(&hv_phys));
	return true;
}

void memory_owner_name(struct phys_owner owner, char *buf, size_t size)
{
	switch (owner.kind) {
	case PHYS_HYPERVISOR:
		str_copy(buf, "hypervisor", size);
		break;
	case PHYS_VM_RAM:
	case PHYS_VM_TABLES:
		vm_owner_name(owner.vm, buf, size);
		break;
	default:
		str_copy(buf, "?", size);
		break;
	}
}
