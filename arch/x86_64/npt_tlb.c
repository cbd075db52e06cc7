/*
 * AMD NPT TLB hooks (hypervisor build only; host tests link no-op
 * versions).  Under SVM the nested TLB of a guest is flushed by VMRUN with
 * VMCB.TLB_CONTROL; QEMU's TCG honours only "flush all" (TLB_CONTROL = 1).
 * The hooks record a pending flush per ASID; the VMRUN path of vm/ asks
 * npt_tlb_take_flush(asid) and sets TLB_CONTROL when it returns true.
 */
#include <stdbool.h>
#include "stage2_hooks.h"

#define NPT_ASIDS 256u

static bool flush_pending[NPT_ASIDS];

void s2_arch_tlb_invalidate_ipa(uint16_t vmid, uint64_t ipa)
{
	(void)ipa;
	if (vmid < NPT_ASIDS)
		flush_pending[vmid] = true;
}

void s2_arch_tlb_complete(uint16_t vmid)
{
	(void)vmid; /* the flush happens at the next VMRUN of that ASID */
}

void s2_arch_publish(void)
{
	/* x86 stores are ordered; only the compiler must not reorder them. */
	__asm__ volatile("" : : : "memory");
}

/* Whether the guest with this ASID needs its TLB flushed before the next
 * VMRUN; clears the request. */
bool npt_tlb_take_flush(uint16_t asid)
{
	bool pending = asid < NPT_ASIDS && flush_pending[asid];

	if (asid < NPT_ASIDS)
		flush_pending[asid] = false;
	return pending;
}
