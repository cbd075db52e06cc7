/*
 * spin - a guest that never traps: it prints one line, then loops with
 * interrupts masked and no WFI, MMIO or call.  The hypervisor must still be
 * able to take its CPU back (`stop`), which it does with an SGI.
 */
#include "guest.h"

void guest_main(uint64_t arg, uint64_t ram_base, uint64_t ram_size)
{
	volatile uint64_t counter = 0;

	(void)arg;
	(void)ram_base;
	(void)ram_size;
	put_str("spin: spinning without traps\n");
	for (;;)
		counter++;
}
