/*
 * stubhv - a minimal EL2 test double of Tessera's guest ABI, so the test
 * guests can be run and checked under QEMU without the real hypervisor.
 *
 * It runs one guest: stage 2 maps the guest's RAM (2 MiB blocks, IPA = PA)
 * and the PL011 page only; HVC calls are answered as docs/guest-abi.md says;
 * SMC is trapped and answers NOT_SUPPORTED; a stage-2 fault, SYSTEM_OFF or
 * TESSERA_SHUTDOWN print one "stubhv:" line and power QEMU off.  It is not
 * Tessera: it only lets the guests' own behaviour be tested.
 *
 * Parameters come from QEMU "-device loader,data=..." at STUB_PARAMS, the
 * guest image from "-device loader,file=...,force-raw=on" at STUB_IMAGE
 * (see run-stubhv).
 */
#include "../guest.h"

#define STUB_PARAMS       0x40100000ULL
#define STUB_IMAGE        0x40200000ULL
#define STUB_IMAGE_MAX    0x00200000ULL
#define STUB_MAGIC        0x3130564842555453ULL /* "STUBHV01" */
#define STUB_VERSION      0x00010000ULL         /* what TESSERA_VERSION answers */
#define STUB_PSCI_VERSION 0x00010001ULL
#define STUB_SMCCC_VER    0x00010001ULL

/* QEMU answers PSCI on the SMC conduit when it boots us at EL2. */
#define PSCI_CPU_ON_64    0xC4000003ULL

enum stub_param {
	P_MAGIC, P_RAM_BASE, P_RAM_SIZE, P_ARG, P_IMAGE_SIZE, P_MAX_RESETS,
	P_CORRUPT_ADDR, P_CORRUPT_DELAY_MS, P_VM_ID,
	P_MEMINFO_SKEW, /* added to the size TESSERA_MEM_INFO reports: a fault to test */
	P_ENTRY_OFFSET, /* image loaded and entered at RAM base + this */
	P_COUNT
};

#define SZ_2M        0x200000ULL
#define SZ_1G        0x40000000ULL
#define RAM_GIB1     0x40000000ULL /* guest RAM must lie in [1 GiB, 2 GiB) */

/* Stage-2 descriptors (Arm ARM, VMSAv8-64 stage 2 block and page
 * descriptors, 4 KiB granule). */
#define S2_TABLE        0x3ULL
#define S2_BLOCK        0x1ULL
#define S2_PAGE         0x3ULL
#define S2_MEMATTR_DEV  (0x0ULL << 2) /* Device-nGnRnE */
#define S2_MEMATTR_WB   (0xfULL << 2) /* Normal, write-back */
#define S2_AP_RW        (0x3ULL << 6)
#define S2_SH_INNER     (0x3ULL << 8)
#define S2_AF           (1ULL << 10)

/* VTCR_EL2: 39-bit IPA (T0SZ 25), walk starts at level 1, 4 KiB, 40-bit PA. */
#define VTCR_VALUE  ((1ULL << 31) | (2ULL << 16) | (1ULL << 6) | 25ULL)
/* HCR_EL2: RW (EL1 is AArch64), TSC (trap SMC), VM (stage 2 on). */
#define HCR_VALUE   ((1ULL << 31) | (1ULL << 19) | (1ULL << 0))
#define SCTLR_EL1_RESET 0x30d00800ULL  /* RES1 bits only: MMU and caches off */
#define SPSR_EL1H_MASKED 0x3c5ULL      /* DAIF set, M = EL1h */
#define VMID        1ULL

#define ESR_EC_SHIFT  26
#define EC_IABT_LOW   0x20
#define EC_DABT_LOW   0x24
#define EC_HVC64      0x16
#define EC_SMC64      0x17
#define ESR_WNR       (1ULL << 6)

struct frame {
	uint64_t x[31];
	uint64_t elr, spsr, pad;
};

void enter_frame(struct frame *f) __attribute__((noreturn));
void stub_halt(void) __attribute__((noreturn));

static uint64_t s2_l1[512] __attribute__((aligned(4096)));
static uint64_t s2_l2_low[512] __attribute__((aligned(4096)));
static uint64_t s2_l2_ram[512] __attribute__((aligned(4096)));
static uint64_t s2_l3_uart[512] __attribute__((aligned(4096)));
static struct frame boot_frame __attribute__((aligned(16)));
static uint64_t resets;

#define sysreg_write(reg, v) asm volatile("msr " #reg ", %0" : : "r"((uint64_t)(v)))
#define sysreg_read(reg) ({ uint64_t v_; asm volatile("mrs %0, " #reg : "=r"(v_)); v_; })

static uint64_t param(enum stub_param p)
{
	return ((volatile uint64_t *)STUB_PARAMS)[p];
}

static void __attribute__((noreturn)) power_off(void)
{
	smc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	stub_halt();
}

static void say(const char *what, uint64_t value)
{
	put_str("stubhv: ");
	put_str(what);
	put_hex(value);
	put_char('\n');
}

static void build_stage2(uint64_t base, uint64_t size)
{
	s2_l1[0] = (uint64_t)s2_l2_low | S2_TABLE;
	s2_l1[1] = (uint64_t)s2_l2_ram | S2_TABLE;
	s2_l2_low[UART_BASE / SZ_2M] = (uint64_t)s2_l3_uart | S2_TABLE;
	s2_l3_uart[0] = UART_BASE | S2_PAGE | S2_MEMATTR_DEV | S2_AP_RW | S2_AF;
	for (uint64_t a = base; a < base + size; a += SZ_2M)
		s2_l2_ram[(a - RAM_GIB1) / SZ_2M] =
			a | S2_BLOCK | S2_MEMATTR_WB | S2_AP_RW | S2_SH_INNER | S2_AF;

	asm volatile("dsb sy");
	sysreg_write(vtcr_el2, VTCR_VALUE);
	sysreg_write(vttbr_el2, (uint64_t)s2_l1 | (VMID << 48));
	sysreg_write(hcr_el2, HCR_VALUE);
	sysreg_write(cptr_el2, 0x33ff); /* RES1 bits: no FP/SIMD trap */
	asm volatile("isb; tlbi vmalls12e1; dsb sy; isb");
}

/* Zero the guest's RAM, copy the image in, and reset the entry frame. */
static void load_guest(struct frame *f)
{
	uint64_t base = param(P_RAM_BASE), size = param(P_RAM_SIZE);
	uint64_t image_size = param(P_IMAGE_SIZE);
	uint64_t entry = base + param(P_ENTRY_OFFSET);

	for (uint64_t a = base; a < base + size; a += 8)
		*(volatile uint64_t *)a = 0;
	for (uint64_t off = 0; off < image_size; off += 8)
		*(volatile uint64_t *)(entry + off) = *(volatile uint64_t *)(STUB_IMAGE + off);

	for (int i = 0; i < 31; i++)
		f->x[i] = 0;
	f->x[1] = param(P_ARG);
	f->x[2] = base;
	f->x[3] = size;
	f->elr = entry;
	f->spsr = SPSR_EL1H_MASKED;
	sysreg_write(sctlr_el1, SCTLR_EL1_RESET);
	sysreg_write(vbar_el1, 0);
	asm volatile("isb; tlbi vmalls12e1; dsb sy; isb");
}

static void handle_hvc(struct frame *f)
{
	uint32_t fid = (uint32_t)f->x[0];

	switch (fid) {
	case (uint32_t)TESSERA_VERSION:
		f->x[0] = STUB_VERSION;
		break;
	case (uint32_t)TESSERA_MEM_INFO:
		f->x[0] = 0;
		f->x[1] = param(P_RAM_BASE);
		f->x[2] = param(P_RAM_SIZE) + param(P_MEMINFO_SKEW);
		break;
	case (uint32_t)TESSERA_VM_ID:
		f->x[0] = 0;
		f->x[1] = param(P_VM_ID);
		break;
	case (uint32_t)TESSERA_SHUTDOWN:
		say("TESSERA_SHUTDOWN exit code ", f->x[1]);
		power_off();
	case (uint32_t)PSCI_VERSION:
		f->x[0] = STUB_PSCI_VERSION;
		break;
	case (uint32_t)PSCI_SYSTEM_OFF:
		say("PSCI SYSTEM_OFF from ", f->elr - 4);
		power_off();
	case (uint32_t)PSCI_SYSTEM_RESET:
		resets++;
		say("PSCI SYSTEM_RESET, reset number ", resets);
		if (resets > param(P_MAX_RESETS)) {
			say("reset limit reached: ", param(P_MAX_RESETS));
			power_off();
		}
		load_guest(f);
		break;
	case (uint32_t)SMCCC_VERSION:
		f->x[0] = STUB_SMCCC_VER;
		break;
	default:
		f->x[0] = SMCCC_NOT_SUPPORTED;
		break;
	}
}

/* Stage-2 abort: IPA from HPFAR_EL2.FIPA and the page offset from FAR_EL2. */
static void __attribute__((noreturn)) report_abort(uint64_t esr, uint64_t ec)
{
	uint64_t ipa = ((sysreg_read(hpfar_el2) & 0xFFFFFFFFFF0ULL) << 8) |
		       (sysreg_read(far_el2) & 0xfff);

	put_str("stubhv: stage-2 fault: ");
	put_str(ec == EC_DABT_LOW ? "data abort, " : "instruction abort, ");
	put_str(ec == EC_DABT_LOW && (esr & ESR_WNR) ? "write" : "read");
	put_str(", ipa=");
	put_hex(ipa);
	put_str(", esr=");
	put_hex(esr);
	put_char('\n');
	power_off();
}

void stub_trap(struct frame *f)
{
	uint64_t esr = sysreg_read(esr_el2);
	uint64_t ec = esr >> ESR_EC_SHIFT;

	switch (ec) {
	case EC_HVC64:
		handle_hvc(f);
		break;
	case EC_SMC64:
		f->x[0] = SMCCC_NOT_SUPPORTED;
		f->elr += 4; /* ELR_EL2 points at the trapped SMC itself */
		break;
	case EC_DABT_LOW:
	case EC_IABT_LOW:
		report_abort(esr, ec);
	default:
		say("unexpected trap from the guest, esr=", esr);
		power_off();
	}
}

void stub_unexpected(uint64_t kind, uint64_t esr, uint64_t elr)
{
	put_str(kind == 0 ? "stubhv: fault in the stub" : "stubhv: unexpected exception from EL1");
	put_str(", esr=");
	put_hex(esr);
	put_str(", elr=");
	put_hex(elr);
	put_char('\n');
	power_off();
}

/* CPU 1: after a delay, flip one word of the guest's RAM behind its back. */
void stub_secondary(void)
{
	uint64_t freq = sysreg_read(cntfrq_el0);
	uint64_t until = sysreg_read(cntpct_el0) + freq / 1000 * param(P_CORRUPT_DELAY_MS);
	volatile uint64_t *word = (volatile uint64_t *)param(P_CORRUPT_ADDR);

	while (sysreg_read(cntpct_el0) < until)
		;
	*word = ~*word;
	stub_halt();
}

static bool params_ok(void)
{
	uint64_t base = param(P_RAM_BASE), size = param(P_RAM_SIZE);

	if (param(P_MAGIC) != STUB_MAGIC) {
		say("bad parameter block magic ", param(P_MAGIC));
		return false;
	}
	if (base % SZ_2M || size % SZ_2M || size == 0 || base < STUB_IMAGE + STUB_IMAGE_MAX ||
	    base + size > RAM_GIB1 + SZ_1G) {
		say("guest RAM must be 2 MiB aligned inside [0x40400000, 0x80000000): base ", base);
		return false;
	}
	if (param(P_ENTRY_OFFSET) % 4096 != 0 || param(P_ENTRY_OFFSET) >= size) {
		say("entry offset must be 4 KiB aligned and inside RAM: ", param(P_ENTRY_OFFSET));
		return false;
	}
	if (param(P_IMAGE_SIZE) > STUB_IMAGE_MAX ||
	    param(P_IMAGE_SIZE) > size - param(P_ENTRY_OFFSET)) {
		say("image too large: ", param(P_IMAGE_SIZE));
		return false;
	}
	return true;
}

void stub_main(void)
{
	if (!params_ok())
		power_off();
	put_str("stubhv: guest ram=");
	put_hex(param(P_RAM_BASE));
	put_char('+');
	put_hex(param(P_RAM_SIZE));
	put_str(" arg=");
	put_hex(param(P_ARG));
	put_str(" entry_offset=");
	put_hex(param(P_ENTRY_OFFSET));
	put_str(" image=");
	put_hex(param(P_IMAGE_SIZE));
	put_str(" bytes\n");

	build_stage2(param(P_RAM_BASE), param(P_RAM_SIZE));
	if (param(P_CORRUPT_ADDR) != 0)
		smc_call(PSCI_CPU_ON_64, 1, 0x40000000, 0);
	load_guest(&boot_frame);
	enter_frame(&boot_frame);
}
