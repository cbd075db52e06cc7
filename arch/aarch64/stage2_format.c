/*
 * AArch64 stage-2 register values: VTCR_EL2 and VTTBR_EL2 for the engine's
 * layout (4 KiB granule, 4 levels from level 0).  See stage2_format.h.
 */
#include <stddef.h>
#include "arch/aarch64/stage2_format.h"

#define PARANGE_ENTRIES 7u

/* ID_AA64MMFR0_EL1.PARange encodings 0..6 (D19 "ID_AA64MMFR0_EL1"). */
static const unsigned char parange_bits[PARANGE_ENTRIES] = { 32, 36, 40, 42, 44, 48, 52 };

unsigned a64_parange_bits(uint64_t id_aa64mmfr0)
{
	unsigned enc = (unsigned)(id_aa64mmfr0 % 16u);

	if (enc >= PARANGE_ENTRIES)
		return 0; /* reserved encoding */
	return parange_bits[enc];
}

/* VTCR_EL2.PS encoding of a PA size that appears in parange_bits. */
/*@ assigns \nothing;
    ensures \result <= PARANGE_ENTRIES;
    exits \false;
*/
static uint64_t ps_encoding(unsigned pa_bits)
{
	uint64_t enc = 0;

	/*@ loop invariant enc <= PARANGE_ENTRIES;
	    loop assigns enc;
	    loop variant PARANGE_ENTRIES - enc;
	*/
	while (enc < PARANGE_ENTRIES && parange_bits[enc] != pa_bits)
		enc++;
	return enc;
}

int a64_vtcr_compute(uint64_t id_aa64mmfr0, unsigned ipa_bits_req, uint64_t *vtcr,
		     unsigned *ipa_bits, unsigned *pa_bits)
{
	unsigned pa = a64_parange_bits(id_aa64mmfr0);
	unsigned ipa = ipa_bits_req;

	if (vtcr == NULL || ipa_bits == NULL || pa_bits == NULL)
		return -1;
	if (pa == 0 || pa < 44u)
		return -1; /* reserved PARange, or level-0 start not allowed */
	if (ipa_bits_req < 40u)
		return -1;
	if (pa > S2_FMT_MAX_PA_BITS)
		pa = S2_FMT_MAX_PA_BITS; /* no FEAT_LPA: 48-bit output addresses */
	if (ipa > pa)
		ipa = pa;
	/* Fields do not overlap: + is | here. */
	*vtcr = (uint64_t)(64u - ipa) * A64_VTCR_T0SZ_UNIT +
		A64_VTCR_SL0_LEVEL0 * A64_VTCR_SL0_UNIT +
		A64_VTCR_WBWA * A64_VTCR_IRGN0_UNIT +
		A64_VTCR_WBWA * A64_VTCR_ORGN0_UNIT +
		A64_VTCR_SH_INNER * A64_VTCR_SH0_UNIT +
		A64_VTCR_TG0_4K * A64_VTCR_TG0_UNIT +
		ps_encoding(pa) * A64_VTCR_PS_UNIT +
		A64_VTCR_RES1;
	*ipa_bits = ipa;
	*pa_bits = pa;
	return 0;
}

int a64_vttbr(uint64_t root_pa, uint16_t vmid, uint64_t *vttbr)
{
	if (vttbr == NULL || root_pa % 4096u != 0 || root_pa >= A64_S2_OA_LIMIT || vmid > 255u)
		return -1;
	*vttbr = (uint64_t)vmid * A64_VTTBR_VMID_UNIT + root_pa;
	return 0;
}
