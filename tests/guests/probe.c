/*
 * probe - tries one access that stage-2 isolation must stop.
 *
 * Guest argument: the IPA to access, with bit 0 selecting the direction
 * (1 = write, 0 = read) and cleared to form the address.  The guest prints
 * what it is about to do, does one 64-bit load or store, and if it is still
 * running afterwards reports that isolation is broken.  The hypervisor is
 * expected to halt the VM at the access instead.
 *
 * With the MMU off the access is Device-nGnRnE: hardware may raise an
 * alignment fault at EL1 for an address that is not 8-byte aligned (QEMU
 * does not), and an address at or above the CPU's physical address size
 * takes an address size fault at EL1 before stage 2 is consulted.  Both are
 * reported by the guest's own vector as "guest: unexpected exception".
 */
#include "guest.h"

#define PROBE_WRITE_BIT   1ULL
#define PROBE_WRITE_VALUE 0x50524f4245505242ULL /* "BRPEBORP": recognisable in a dump */

static void probe_read(uint64_t addr)
{
	uint64_t value;

	asm volatile("ldr %0, [%1]" : "=r"(value) : "r"(addr) : "memory");
	(void)value;
}

static void probe_write(uint64_t addr)
{
	asm volatile("str %0, [%1]" : : "r"(PROBE_WRITE_VALUE), "r"(addr) : "memory");
}

void guest_main(uint64_t arg, uint64_t ram_base, uint64_t ram_size)
{
	bool write = (arg & PROBE_WRITE_BIT) != 0;
	uint64_t addr = arg & ~PROBE_WRITE_BIT;

	(void)ram_base;
	(void)ram_size;

	if (arg == 0) {
		put_str("probe: no address given\n");
		hvc_call(TESSERA_SHUTDOWN, 1, 0, 0);
		put_str("probe: ERROR shutdown returned\n");
		halt_forever();
	}

	put_str(write ? "probe: write " : "probe: read ");
	put_hex(addr);
	put_char('\n');

	if (write)
		probe_write(addr);
	else
		probe_read(addr);

	put_str("probe: ISOLATION BROKEN: access to ");
	put_hex(addr);
	put_str(" succeeded\n");
	halt_forever();
}
