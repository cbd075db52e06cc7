/*
 * runtime.c - console output, hypervisor calls and the exception report
 * shared by every test guest.
 */
#include "guest.h"

static const char hex_digits[] = "0123456789abcdef";

/* Write one byte to the PL011 once its transmit FIFO has room. */
void put_char(char c)
{
	while (mmio_read32(UART_BASE + UART_FR) & UART_FR_TXFF)
		;
	mmio_write32(UART_BASE + UART_DR, (uint8_t)c);
}

void put_str(const char *s)
{
	while (*s != '\0')
		put_char(*s++);
}

/* Print @value in hex with at least @digits digits (at most 16). */
void put_hex_width(uint64_t value, unsigned digits)
{
	unsigned n = 1;

	while (n < 16 && (value >> (4 * n)) != 0)
		n++;
	if (digits > 16)
		digits = 16;
	if (n < digits)
		n = digits;
	put_str("0x");
	while (n-- > 0)
		put_char(hex_digits[(value >> (4 * n)) & 0xf]);
}

void put_hex(uint64_t value)
{
	put_hex_width(value, 1);
}

void put_dec(uint64_t value)
{
	char buf[20]; /* 2^64 - 1 has 20 decimal digits */
	unsigned n = 0;

	do {
		buf[n++] = (char)('0' + value % 10);
		value /= 10;
	} while (value != 0);
	while (n-- > 0)
		put_char(buf[n]);
}

/*
 * SMCCC v1.1 (Arm DEN0028, section 3.2): arguments and results in x0..x3.
 * Registers x4..x17 are declared clobbered, as SMCCC v1.0 allowed the callee
 * to change them.
 */
struct smccc_res hvc_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 asm("x0") = fid;
	register uint64_t x1 asm("x1") = a1;
	register uint64_t x2 asm("x2") = a2;
	register uint64_t x3 asm("x3") = a3;

	asm volatile("hvc #0"
		     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
		     :
		     : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
		       "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	return (struct smccc_res){ x0, x1, x2, x3 };
}

struct smccc_res smc_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 asm("x0") = fid;
	register uint64_t x1 asm("x1") = a1;
	register uint64_t x2 asm("x2") = a2;
	register uint64_t x3 asm("x3") = a3;

	asm volatile("smc #0"
		     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
		     :
		     : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
		       "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	return (struct smccc_res){ x0, x1, x2, x3 };
}

void halt_forever(void)
{
	for (;;)
		asm volatile("wfi" : : : "memory");
}

/*
 * Called from the EL1 vector table in start.S for any exception taken to the
 * guest itself (an undefined instruction, an alignment fault, HVC with no
 * hypervisor present...).  Tessera never injects exceptions, so this is
 * always a guest or test bug: say so on the console and stop.
 * @vector is the offset of the vector entry (Arm ARM, "Vector tables": 0x000-0x180 current EL with SP_EL0,
 * 0x200-0x380 current EL with SP_ELx, 0x400-0x780 lower ELs).
 */
void __attribute__((noreturn)) guest_exception(uint64_t vector, uint64_t esr,
					       uint64_t elr, uint64_t far)
{
	put_str("guest: unexpected exception vector=");
	put_hex(vector);
	put_str(" esr=");
	put_hex(esr);
	put_str(" elr=");
	put_hex(elr);
	put_str(" far=");
	put_hex(far);
	put_char('\n');
	halt_forever();
}
