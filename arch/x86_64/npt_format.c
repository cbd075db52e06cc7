/* AMD NPT register values: nCR3.  See npt_format.h. */
#include "arch/x86_64/npt_format.h"

int npt_ncr3(uint64_t root_pa, unsigned pa_bits, uint64_t *ncr3)
{
	if (ncr3 == NULL || pa_bits < 32u || pa_bits > S2_FMT_MAX_PA_BITS)
		return -1;
	if (root_pa % 4096u != 0 || root_pa >= (uint64_t)1 << pa_bits)
		return -1;
	*ncr3 = root_pa; /* PWT = PCD = 0: table walks are write-back */
	return 0;
}
