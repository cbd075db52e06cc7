/* Console commands over physical memory: `mem` and `map`. */
#include "boot/memory.h"
#include "console/commands.h"
#include "lib/print.h"
#include "vm/vm.h"

#define PAGES_PER_MIB 256u
#define ALIGN_2M_LOG2 9u

static void print_owner_use(const char *who, uint64_t pages)
{
	print("  %-24s %10llu pages %8llu MiB\n", who, (unsigned long long)pages,
	      (unsigned long long)(pages / PAGES_PER_MIB));
}

void cmd_mem(int argc, char **argv)
{
	const struct phys_mem *pm = &hv_phys;
	uint64_t total = pm->managed_pages, free = phys_free_pages(pm), base, size;
	struct phys_owner o = { PHYS_HYPERVISOR, 0 };
	char who[48];
	uint32_t i;

	(void)argc;
	(void)argv;
	if (pm->alloc.words == NULL) {
		print("mem: the page allocator is not set up\n");
		return;
	}
	print("total: %llu pages (%llu MiB), free: %llu pages (%llu MiB), used: %llu pages (%llu MiB)\n",
	      (unsigned long long)total, (unsigned long long)(total / PAGES_PER_MIB),
	      (unsigned long long)free, (unsigned long long)(free / PAGES_PER_MIB),
	      (unsigned long long)(total - free), (unsigned long long)((total - free) / PAGES_PER_MIB));
	print("use by owner:\n");
	print_owner_use("hypervisor", phys_pages_owned(pm, o));
	for (i = 0; i < vm_count(); i++) {
		struct vm *vm = vm_by_index(i);

		o.kind = PHYS_VM_RAM;
		o.vm = (uint8_t)vm->id;
		format(who, sizeof(who), "vm %s RAM", vm->cfg->name);
		print_owner_use(who, phys_pages_owned(pm, o));
		o.kind = PHYS_VM_TABLES;
		format(who, sizeof(who), "vm %s stage-2 tables", vm->cfg->name);
		print_owner_use(who, phys_pages_owned(pm, o));
	}
	if (bitalloc_largest_free_run(&pm->alloc, ALIGN_2M_LOG2, &base, &size))
		print("largest free 2 MiB-aligned run: 0x%llx, %llu pages (%llu MiB)\n",
		      (unsigned long long)(pm->base_pa + base * PHYS_PAGE_SIZE),
		      (unsigned long long)size, (unsigned long long)(size / PAGES_PER_MIB));
	else
		print("largest free 2 MiB-aligned run: none\n");
	print("free pages: %llu\n", (unsigned long long)free);
}

/* Adjacent records of the same owner and purpose print as one range. */
static bool continues(const struct phys_record *prev, const struct phys_record *r)
{
	return prev->page + prev->pages == r->page && phys_owner_eq(prev->owner, r->owner) &&
	       prev->label == r->label;
}

void cmd_map(int argc, char **argv)
{
	const struct phys_mem *pm = &hv_phys;
	const struct phys_record *r, *first;
	uint64_t pages;
	char who[48];
	uint32_t i, ranges = 0;

	(void)argc;
	(void)argv;
	print("%-18s %-18s %8s  %s\n", "start", "end", "pages", "owner");
	for (i = 0; i < pm->nrecords; i++) {
		first = &pm->records[i];
		pages = first->pages;
		for (r = first; i + 1 < pm->nrecords && continues(r, &pm->records[i + 1]); r++, i++)
			pages += pm->records[i + 1].pages;
		memory_owner_name(first->owner, who, sizeof(who));
		print("0x%016llx 0x%016llx %8llu  %s (%s)\n", (unsigned long long)phys_record_pa(pm, first),
		      (unsigned long long)(phys_record_pa(pm, first) + pages * PHYS_PAGE_SIZE - 1),
		      (unsigned long long)pages, who, first->label);
		ranges++;
	}
	print("%u ranges; %llu pages free\n", ranges, (unsigned long long)phys_free_pages(pm));
}
