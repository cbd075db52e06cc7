/* AMD NPT register values: nCR3.  See npt_format.h. */
#include <stddef.h>
#include "arch/x86_64/npt_format.h"

/* 2^(pa_bits - 12) for 32 <= pa_bits <= 52, by doubling. */
/*@ requires 32 <= pa_bits <= 52;
    assigns \nothing;
    ensures 0 < \result <= 0x10000000000;
    exits \false;
*/
static uint64_t pa_pages(unsigned pa_bits)
{
	uint64_t pages = 1;

	/*@ loop invariant 12 <= b <= pa_bits && 1 <= pages <= 0x10000000000;
	    loop assigns b, pages;
	    loop variant pa_bits - b;
	*/
	for (unsigned b = 12; b < pa_bits && pages <= 0x8000000000u; b++)
		pages *= 2u;
	return pages;
}

int npt_ncr3(uint64_t root_pa, unsigned pa_bits, uint64_t *ncr3)
{
	if (ncr3 == NULL || pa_bits < 32u || pa_bits > S2_FMT_MAX_PA_BITS)
		return -1;
	if (root_pa % 4096u != 0 || root_pa / 4096u >= pa_pages(pa_bits))
		return -1;
	*ncr3 = root_pa; /* PWT = PCD = 0: table walks are write-back */
	return 0;
}
