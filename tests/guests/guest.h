/*
 * guest.h - the small runtime shared by Tessera's bare-metal test guests.
 *
 * The guests run at EL1 with the MMU and caches off, so every data access is
 * Device-nGnRnE: aligned accesses only (-mstrict-align), no FP/SIMD
 * (-mgeneral-regs-only), no libc.  The hypervisor ABI they rely on is written
 * down in docs/guest-abi.md; the constants below are the ones named there.
 */
#ifndef TESSERA_GUEST_H
#define TESSERA_GUEST_H

#include <stdint.h>
#include <stdbool.h>

/* Emulated PL011 (docs/guest-abi.md, "Console"; PL011 TRM, section 3.3). */
#define UART_BASE      0x09000000ULL
#define UART_DR        0x000      /* data register: write one byte */
#define UART_FR        0x018      /* flag register */
#define UART_FR_TXFF   (1U << 5)  /* transmit FIFO full */

/* Hypervisor calls (docs/guest-abi.md, "Calls"). */
#define TESSERA_VERSION        0xC6000000ULL
#define TESSERA_MEM_INFO       0xC6000001ULL
#define TESSERA_VM_ID          0xC6000002ULL
#define TESSERA_SHUTDOWN       0xC6000003ULL
#define PSCI_VERSION           0x84000000ULL
#define PSCI_SYSTEM_OFF        0x84000008ULL
#define PSCI_SYSTEM_RESET      0x84000009ULL
#define SMCCC_VERSION          0x80000000ULL
#define SMCCC_NOT_SUPPORTED    ((uint64_t)-1)

/* Registers x0..x3 as returned by an SMCCC call. */
struct smccc_res {
	uint64_t x0, x1, x2, x3;
};

/* Issue HVC #0 with function id @fid and arguments x1..x3. */
struct smccc_res hvc_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

/* Issue SMC #0 the same way (Tessera traps it: always NOT_SUPPORTED). */
struct smccc_res smc_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

/*
 * One 32-bit store / load with a plain base register and no writeback: the
 * only form for which the architecture reports a full syndrome
 * (ESR_EL2.ISV = 1; Arm ARM, ESR_EL2, "ISS encoding for an exception from a
 * Data Abort"), so the only form the hypervisor can emulate.  Written in asm so the compiler cannot pick another form.
 */
static inline void mmio_write32(uint64_t addr, uint32_t value)
{
	asm volatile("str %w1, [%0]" : : "r"(addr), "r"(value) : "memory");
}

static inline uint32_t mmio_read32(uint64_t addr)
{
	uint32_t value;

	asm volatile("ldr %w0, [%1]" : "=r"(value) : "r"(addr) : "memory");
	return value;
}

/* Wait for an interrupt forever (WFI may be trapped and simply return). */
void __attribute__((noreturn)) halt_forever(void);

/* Console output (console.c). Lines end with '\n' only. */
void put_char(char c);
void put_str(const char *s);
void put_hex(uint64_t value);            /* "0x" and no leading zeros */
void put_hex_width(uint64_t value, unsigned digits); /* "0x", zero-padded */
void put_dec(uint64_t value);

/* The image's own extent, [image_start(), image_end()): code, data, bss and stack. */
uint64_t image_start(void);
uint64_t image_end(void);

/* Each guest's entry point, called by start.S with the boot registers x1..x3. */
void guest_main(uint64_t arg, uint64_t ram_base, uint64_t ram_size);

#endif /* TESSERA_GUEST_H */
