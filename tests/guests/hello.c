/*
 * hello - the smallest Tessera guest: reports its boot registers and the
 * hypervisor version, then idles.
 */
#include "guest.h"

void guest_main(uint64_t arg, uint64_t ram_base, uint64_t ram_size)
{
	struct smccc_res res;

	put_str("hello: Tessera guest up, arg=");
	put_hex(arg);
	put_str(", ram=");
	put_hex(ram_base);
	put_char('+');
	put_hex(ram_size);
	put_char('\n');

	res = hvc_call(TESSERA_VERSION, 0, 0, 0);
	put_str("hello: version ");
	put_hex_width(res.x0, 8);
	put_char('\n');

	halt_forever();
}
