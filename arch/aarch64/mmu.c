/*
 * The hypervisor's own EL2 stage-1 translation: an identity map built from
 * 1 GiB blocks, replacing the firmware's tables (which live in boot-services
 * memory that the page allocator takes over).  VMSAv8-64 with a 4 KiB
 * granule (Arm ARM D8.2, table D8-12 "4KB granule, 48-bit VA"): one level-0
 * table and one level-1 table of 1 GiB block descriptors cover 512 GiB.
 *
 * The first GiB of QEMU virt holds only devices (flash, GIC, UART, PCIe
 * MMIO): it is mapped Device-nGnRnE and never executable.  RAM from 1 GiB up
 * to the top of the firmware's memory map is Normal write-back, inner
 * shareable.  Nothing above is mapped.
 */
#include "arch/arch.h"
#include "boot/handover.h"
#include "sysreg.h"

#define GIB              (1ull << 30)
#define MAPPED_LIMIT     (512ull * GIB)   /* what one level-1 table covers */
#define ENTRIES          512

/* Descriptor fields (Arm ARM D8.3.1, D8.3.2 "Block descriptor", "Table descriptor"). */
#define DESC_TABLE       0x3ull
#define DESC_BLOCK       0x1ull
#define DESC_ATTR(i)     ((uint64_t)(i) << 2)    /* AttrIndx[2:0], index into MAIR_EL2 */
#define DESC_SH_INNER    (3ull << 8)
#define DESC_AF          (1ull << 10)
#define DESC_XN          (1ull << 54)            /* EL2 stage 1: execute-never */

/* MAIR attribute encodings (D19.2.97 MAIR_EL2). */
#define MAIR_DEVICE_NGNRNE 0x00ull
#define MAIR_NORMAL_WB     0xffull

/* TCR_EL2 (non-VHE layout, D19.2.140): 48-bit VA, 4 KiB granule, walks cacheable, inner shareable. */
#define TCR_T0SZ_48      16ull
#define TCR_IRGN0_WBWA   (1ull << 8)
#define TCR_ORGN0_WBWA   (1ull << 10)
#define TCR_SH0_INNER    (3ull << 12)
#define TCR_PS_SHIFT     16
#define TCR_RES1         ((1ull << 23) | (1ull << 31))
#define PARANGE_48       5ull

static uint64_t level0[ENTRIES] __attribute__((aligned(4096)));
static uint64_t level1[ENTRIES] __attribute__((aligned(4096)));
static uint64_t mapped_top;

/* Keep the firmware's MAIR when it already has both encodings, so the switch changes no attribute. */
static void choose_mair(unsigned *device, unsigned *normal)
{
	uint64_t mair = read_sysreg(mair_el2);
	int dev = -1, nor = -1, i;

	for (i = 7; i >= 0; i--) {
		uint64_t a = (mair >> (8 * i)) & 0xff;

		if (a == MAIR_DEVICE_NGNRNE)
			dev = i;
		if (a == MAIR_NORMAL_WB)
			nor = i;
	}
	if (dev < 0 || nor < 0) {
		write_sysreg(mair_el2, MAIR_DEVICE_NGNRNE | (MAIR_NORMAL_WB << 8));
		dev = 0;
		nor = 1;
	}
	*device = (unsigned)dev;
	*normal = (unsigned)nor;
}

static uint64_t ram_top(void)
{
	uint64_t top = 2 * GIB, end;
	uint32_t i;

	for (i = 0; i < handover.region_count; i++) {
		if (handover.regions[i].type == MEM_MMIO || handover.regions[i].type == MEM_MMIO_PORT)
			continue;
		end = handover.regions[i].base + handover.regions[i].pages * PAGE_SIZE;
		if (end > top)
			top = end;
	}
	top = (top + GIB - 1) & ~(GIB - 1);
	return top < MAPPED_LIMIT ? top : MAPPED_LIMIT;
}

void arch_mmu_init(void)
{
	unsigned device, normal, i;
	uint64_t parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;
	uint64_t tcr;

	choose_mair(&device, &normal);
	mapped_top = ram_top();
	level0[0] = (uint64_t)(uintptr_t)level1 | DESC_TABLE;
	level1[0] = 0 | DESC_BLOCK | DESC_ATTR(device) | DESC_AF | DESC_XN;
	for (i = 1; (uint64_t)i * GIB < mapped_top; i++)
		level1[i] = (uint64_t)i * GIB | DESC_BLOCK | DESC_ATTR(normal) | DESC_SH_INNER | DESC_AF;
	tcr = TCR_T0SZ_48 | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER | TCR_RES1 |
	      ((parange < PARANGE_48 ? parange : PARANGE_48) << TCR_PS_SHIFT);
	__asm__ volatile("dsb ish" : : : "memory");
	write_sysreg(tcr_el2, tcr);
	write_sysreg(ttbr0_el2, (uint64_t)(uintptr_t)level0);
	isb();
	__asm__ volatile("tlbi alle2\n\tdsb ish\n\tisb" : : : "memory");
}

uint64_t arch_mapped_limit(void)
{
	return mapped_top;
}
