/*
 * AArch64 stage-2 TLB and ordering hooks (hypervisor build only; host tests
 * link no-op versions).  Runs at EL2 with VTTBR_EL2 naming the VM being
 * changed, or any VM: TLBI IPAS2E1IS and VMALLE1IS act on the VMID that is
 * current in VTTBR_EL2, so the caller (vm/) must have loaded the target
 * VM's VTTBR_EL2 before changing its table.  vmid is therefore unused here.
 */
#include "stage2_hooks.h"

void s2_arch_tlb_invalidate_ipa(uint16_t vmid, uint64_t ipa)
{
	(void)vmid;
	/* IPAS2E1IS takes IPA[55:12] in bits[43:0]; DSB ISHST orders the
	 * descriptor write before the invalidation. */
	__asm__ volatile("dsb ishst\n\ttlbi ipas2e1is, %0" : : "r"(ipa >> 12) : "memory");
}

void s2_arch_tlb_complete(uint16_t vmid)
{
	(void)vmid;
	/* Combined stage-1+2 entries are not tagged by IPA: drop them too. */
	__asm__ volatile("dsb ish\n\ttlbi vmalle1is\n\tdsb ish\n\tisb" : : : "memory");
}

void s2_arch_publish(void)
{
	__asm__ volatile("dsb ishst" : : : "memory");
}
