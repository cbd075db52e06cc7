/*
 * The hypervisor's own 4-level identity map (AMD APM vol. 2, 5.3 "Long-Mode
 * Page Translation", figure 5-22 for 2 MiB pages), replacing OVMF's tables,
 * which live in boot-services memory that the page allocator takes over.
 * One PML4 entry, one PDPT, and up to MAX_GIB page directories of 2 MiB
 * pages: memory described by the firmware map is write-back; every other
 * 2 MiB page (MMIO holes) is uncacheable.
 */
#include "arch/arch.h"
#include "boot/handover.h"

#define GIB        (1ull << 30)
#define PAGE_2M    (2ull << 20)
#define MAX_GIB    8
#define ENTRIES    512

/* Page-table entry bits (AMD APM vol. 2, 5.4.1 "Field Definitions"). */
#define PTE_P      (1ull << 0)
#define PTE_RW     (1ull << 1)
#define PTE_PWT    (1ull << 3)
#define PTE_PCD    (1ull << 4)
#define PTE_PS     (1ull << 7)

static uint64_t pml4[ENTRIES] __attribute__((aligned(4096)));
static uint64_t pdpt[ENTRIES] __attribute__((aligned(4096)));
static uint64_t pd[MAX_GIB][ENTRIES] __attribute__((aligned(4096)));
static uint64_t mapped_top;

static bool is_memory(uint32_t type)
{
	return type != MEM_MMIO && type != MEM_MMIO_PORT && type != MEM_RESERVED;
}

/* True when [pa, pa + 2 MiB) holds any memory (not MMIO) of the firmware map. */
static bool holds_memory(uint64_t pa)
{
	uint32_t i;
	const struct mem_region *r;

	for (i = 0; i < handover.region_count; i++) {
		r = &handover.regions[i];
		if (is_memory(r->type) && r->base < pa + PAGE_2M &&
		    pa < r->base + r->pages * PAGE_SIZE)
			return true;
	}
	return false;
}

static uint64_t memory_top(void)
{
	uint64_t top = 4 * GIB, end;
	uint32_t i;

	for (i = 0; i < handover.region_count; i++) {
		if (!is_memory(handover.regions[i].type))
			continue;
		end = handover.regions[i].base + handover.regions[i].pages * PAGE_SIZE;
		if (end > top)
			top = end;
	}
	top = (top + GIB - 1) & ~(GIB - 1);
	return top < MAX_GIB * GIB ? top : MAX_GIB * GIB;
}

void arch_mmu_init(void)
{
	uint64_t g, i, pa;

	mapped_top = memory_top();
	pml4[0] = (uint64_t)(uintptr_t)pdpt | PTE_P | PTE_RW;
	for (g = 0; g * GIB < mapped_top; g++) {
		pdpt[g] = (uint64_t)(uintptr_t)pd[g] | PTE_P | PTE_RW;
		for (i = 0; i < ENTRIES; i++) {
			pa = g * GIB + i * PAGE_2M;
			pd[g][i] = pa | PTE_P | PTE_RW | PTE_PS |
				   (holds_memory(pa) ? 0 : PTE_PCD | PTE_PWT);
		}
	}
	__asm__ volatile("mov %0, %%cr3" : : "r"((uint64_t)(uintptr_t)pml4) : "memory");
}

uint64_t arch_mapped_limit(void)
{
	return mapped_top;
}
