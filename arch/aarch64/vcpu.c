/*
 * Running guests on dedicated CPUs at EL1, and everything their traps need:
 * HVC calls (SMC Calling Convention, Arm DEN 0028), guest PSCI, the emulated
 * PL011, and stage-2 faults.  A VM's CPU only ever runs that VM; between runs
 * it waits in cpu_idle() for a command from the console CPU.
 */
#include "arch/arch.h"
#include "exception.h"
#include "gicv3.h"
#include "lib/print.h"
#include "lib/string.h"
#include "mm/phys.h"
#include "psci.h"
#include "stage2_format.h"
#include "sysreg.h"
#include "vm/vm.h"

extern char el2_vectors[];
extern char secondary_entry[];
void guest_eret(const uint64_t regs[31], uint64_t stack_top) __attribute__((noreturn));
struct cpu_slot;
void vcpu_secondary_main(struct cpu_slot *slot) __attribute__((noreturn));
void vcpu_trap(struct exc_frame *frame, uint64_t type);
extern struct phys_mem hv_phys;

#define MAX_CPUS        16
#define CPU_STACK_PAGES 4
#define PARK_TIMEOUT_MS 2000
#define START_TIMEOUT_MS 2000

/* HCR_EL2 (Arm ARM D19.2.49): stage 2 on, EL1 is AArch64, traps a partitioned guest needs. */
#define HCR_VM    (1ull << 0)   /* stage-2 translation */
#define HCR_SWIO  (1ull << 1)   /* set/way invalidate becomes clean+invalidate */
#define HCR_FMO   (1ull << 3)   /* physical FIQ, IRQ, SError go to EL2 */
#define HCR_IMO   (1ull << 4)
#define HCR_AMO   (1ull << 5)
#define HCR_TSC   (1ull << 19)  /* trap SMC: the guest must not reach the firmware */
#define HCR_TIDCP (1ull << 20)  /* trap implementation-defined registers */
#define HCR_TACR  (1ull << 21)  /* trap ACTLR_EL1 */
#define HCR_TSW   (1ull << 22)  /* trap set/way cache maintenance */
#define HCR_RW    (1ull << 31)  /* EL1 is AArch64 */
/*
 * WFI is not trapped: the CPU is the guest's alone, so it may sleep there; the
 * console's kick SGI (gicv3.c) wakes it and is taken at EL2 (IMO).
 */
#define GUEST_HCR (HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_TSC | \
		   HCR_TIDCP | HCR_TACR | HCR_TSW | HCR_RW)

#define SPSR_EL1H_MASKED 0x3c5ull   /* EL1h with D, A, I, F masked */
#define SCTLR_EL1_RESET  0x30d00800ull /* RES1 bits only: MMU and caches off */
#define CPACR_FP_ON      (3ull << 20)
#define CNTHCTL_EL1_ACCESS 0x3ull   /* EL1PCTEN | EL1PCEN: EL1 may use the physical counter/timer */

/* ESR_EL2.EC values handled here (D19.2.46). */
#define EC_WFX      0x01
#define EC_HVC64    0x16
#define EC_SMC64    0x17
#define EC_IABT_LOW 0x20
#define EC_DABT_LOW 0x24

/* Guest ABI (docs/guest-abi.md): vendor-specific hypervisor service calls, SMC64 fast. */
#define TESSERA_CALL_VERSION  0xc6000000u
#define TESSERA_CALL_MEM_INFO 0xc6000001u
#define TESSERA_CALL_VM_ID    0xc6000002u
#define TESSERA_CALL_SHUTDOWN 0xc6000003u
#define TESSERA_ABI_VERSION   0x00010000u
#define SMCCC_VERSION         0x80000000u
#define SMCCC_VERSION_1_1     0x10001u
#define PSCI_VERSION_1_1      0x10001u
#define SMCCC_NOT_SUPPORTED   0xffffffffffffffffull

/* The emulated console (PL011 TRM DDI 0183, 3.2). */
#define VUART_IPA  0x09000000ull
#define VUART_SIZE 0x1000ull
#define UARTDR     0x000
#define UARTFR     0x018
#define UARTFR_RXFE (1u << 4)
#define UARTFR_TXFE (1u << 7)
#define ACCESS_32BIT 2u   /* ESR_EL2.ISS.SAS for a word access */

enum slot_cmd { CMD_NONE = 0, CMD_RUN, CMD_PARK };

struct cpu_slot {
	uint64_t stack_top;        /* read by secondary_entry: keep first */
	volatile uint32_t cmd;
	volatile uint32_t parked;  /* in cpu_idle, not in a guest */
	volatile uint32_t online;
	volatile uint32_t kickable; /* the GIC can interrupt it out of a guest */
	uint32_t index;
	uint64_t mpidr;
	/* What to run next (written by whoever sends CMD_RUN). */
	struct vm *vm;
	uint32_t vcpu;             /* which of the VM's vCPUs this CPU is */
	uint32_t boot;             /* enter with the boot ABI, else as a PSCI CPU_ON target */
	uint64_t entry;            /* CPU_ON entry point (IPA) */
	uint64_t ctx;              /* CPU_ON context id, x0 at entry */
};

/* EL2 translation regime of the boot CPU, copied to the others (secondary_entry). */
uint64_t el2_boot_regs[5] __attribute__((aligned(64)));

static struct cpu_slot slots[MAX_CPUS] __attribute__((aligned(64)));
static unsigned ncpus;
static uint64_t vtcr_value;
static unsigned s2_ipa, s2_pa;

static uint64_t now_ms(void)
{
	return read_sysreg(cntpct_el0) * 1000 / read_sysreg(cntfrq_el0);
}

/* QEMU virt numbers CPU n with Aff0 = n % 16, Aff1 = n / 16 (GICv3 clusters). */
static uint64_t cpu_mpidr(unsigned n)
{
	return ((uint64_t)(n / 16) << 8) | (n % 16);
}

unsigned arch_cpu_count(void)
{
	unsigned n;
	int64_t r;

	if (ncpus != 0)
		return ncpus;
	/* PSCI AFFINITY_INFO answers INVALID_PARAMETERS for a CPU that does not exist. */
	for (n = 0; n < MAX_CPUS; n++) {
		r = (int64_t)psci_call(PSCI_AFFINITY_INFO_64, cpu_mpidr(n), 0, 0);
		if (r < 0)
			break;
	}
	ncpus = n == 0 ? 1 : n;
	return ncpus;
}

bool arch_stage2_sizes(unsigned *ipa_bits, unsigned *pa_bits)
{
	if (vtcr_value == 0 &&
	    a64_vtcr_compute(read_sysreg(id_aa64mmfr0_el1), 40, &vtcr_value, &s2_ipa, &s2_pa) != 0)
		return false;
	*ipa_bits = s2_ipa;
	*pa_bits = s2_pa;
	return true;
}

void arch_clean_dcache(uint64_t va, uint64_t size)
{
	uint64_t line = 4ull << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	uint64_t p;

	for (p = va & ~(line - 1); p < va + size; p += line)
		__asm__ volatile("dc cvac, %0" : : "r"(p) : "memory");
	__asm__ volatile("dsb sy" : : : "memory");
}

static struct cpu_slot *this_slot(void)
{
	return (struct cpu_slot *)(uintptr_t)read_sysreg(tpidr_el2);
}

static void load_stage2(const struct vm *vm)
{
	uint64_t vttbr = 0;

	a64_vttbr(vm->pool.base_pa + (uint64_t)vm->s2.root * 4096, (uint16_t)vm->id, &vttbr);
	write_sysreg(vtcr_el2, vtcr_value);
	write_sysreg(vttbr_el2, vttbr);
	isb();
}

/* Enter @vm at its entry point with the ABI's registers; never returns. */
static void enter_guest(struct cpu_slot *slot, struct vm *vm) __attribute__((noreturn));
static void enter_guest(struct cpu_slot *slot, struct vm *vm)
{
	uint64_t regs[31];

	load_stage2(vm);
	/* Whatever an earlier guest with this VMID left in the TLBs goes. */
	__asm__ volatile("tlbi vmalls12e1\n\tdsb nsh\n\tisb" : : : "memory");
	write_sysreg(hcr_el2, GUEST_HCR);
	write_sysreg(sctlr_el1, SCTLR_EL1_RESET);
	write_sysreg(cpacr_el1, CPACR_FP_ON);
	write_sysreg(cnthctl_el2, read_sysreg(cnthctl_el2) | CNTHCTL_EL1_ACCESS);
	write_sysreg(cntvoff_el2, 0);
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	/* The guest's MPIDR: Aff0 = vCPU index, bit 31 RES1 (D19.2.99 MPIDR_EL1). */
	write_sysreg(vmpidr_el2, 0x80000000ull | slot->vcpu);
	memset(regs, 0, sizeof(regs));
	if (slot->boot) {
		regs[1] = vm->arg;
		regs[2] = vm->cfg->ram[0].base_ipa;
		regs[3] = vm->cfg->ram[0].size;
		write_sysreg(elr_el2, vm->cfg->ram[0].base_ipa + vm->cfg->entry_offset);
	} else {
		/* PSCI CPU_ON: x0 = context id, PC = entry point (PSCI 1.1, 6.4.3). */
		regs[0] = slot->ctx;
		write_sysreg(elr_el2, slot->entry);
	}
	write_sysreg(spsr_el2, SPSR_EL1H_MASKED);
	isb();
	guest_eret(regs, slot->stack_top);
}

/* Wait for work; every exit from a guest comes back here on a fresh stack. */
static void cpu_idle(void) __attribute__((noreturn));
static void cpu_idle(void)
{
	struct cpu_slot *slot = this_slot();

	write_sysreg(hcr_el2, HCR_RW);   /* no stage 2 while the hypervisor idles */
	isb();
	for (;;) {
		slot->parked = 1;
		__asm__ volatile("dsb sy" : : : "memory");
		while (slot->cmd != CMD_RUN) {
			if (slot->cmd == CMD_PARK)
				slot->cmd = CMD_NONE;
			__asm__ volatile("wfe");
		}
		slot->cmd = CMD_NONE;
		slot->parked = 0;
		enter_guest(slot, slot->vm);
	}
}

void vcpu_secondary_main(struct cpu_slot *slot)
{
	write_sysreg(tpidr_el2, (uint64_t)(uintptr_t)slot);
	__asm__ volatile("msr daifset, #0xf" : : : "memory");
	slot->kickable = gic_kick_init_this_cpu(slot->index);
	slot->online = 1;
	arch_run_on_stack((void *)(uintptr_t)slot->stack_top, cpu_idle);
}

static void leave_guest(void) __attribute__((noreturn));
static void leave_guest(void)
{
	arch_run_on_stack((void *)(uintptr_t)this_slot()->stack_top, cpu_idle);
}

static int power_on(struct cpu_slot *slot, unsigned cpu, char *why, size_t n)
{
	uint64_t pa, t0;
	int64_t r;
	static const struct phys_owner hv = { PHYS_HYPERVISOR, 0 };

	if (phys_alloc(&hv_phys, CPU_STACK_PAGES, 0, hv, "cpu stack", &pa) != PHYS_OK) {
		format(why, n, "no memory for CPU %u's stack", cpu);
		return -1;
	}
	slot->stack_top = pa + CPU_STACK_PAGES * 4096;
	slot->index = cpu;
	slot->mpidr = cpu_mpidr(cpu);
	el2_boot_regs[0] = read_sysreg(mair_el2);
	el2_boot_regs[1] = read_sysreg(tcr_el2);
	el2_boot_regs[2] = read_sysreg(ttbr0_el2);
	el2_boot_regs[3] = read_sysreg(sctlr_el2);
	el2_boot_regs[4] = (uint64_t)(uintptr_t)el2_vectors;
	/* The new CPU reads these with its MMU off, straight from memory. */
	arch_clean_dcache((uint64_t)(uintptr_t)el2_boot_regs, sizeof(el2_boot_regs));
	arch_clean_dcache((uint64_t)(uintptr_t)slot, sizeof(*slot));
	r = (int64_t)psci_call(PSCI_CPU_ON_64, slot->mpidr, (uint64_t)(uintptr_t)secondary_entry,
			       (uint64_t)(uintptr_t)slot);
	if (r != PSCI_SUCCESS) {
		format(why, n, "PSCI CPU_ON for CPU %u failed (%lld)", cpu, (long long)r);
		phys_free(&hv_phys, pa, hv);
		return -1;
	}
	for (t0 = now_ms(); !slot->online; )
		if (now_ms() - t0 > START_TIMEOUT_MS) {
			format(why, n, "CPU %u did not come up", cpu);
			return -1;
		}
	return 0;
}

/* Hand vCPU @i of @vm to its (online, idle) CPU. */
static void start_vcpu(struct vm *vm, uint32_t i, bool boot, uint64_t entry, uint64_t ctx)
{
	struct cpu_slot *slot = &slots[vm->cpus[i]];

	slot->vm = vm;
	slot->vcpu = i;
	slot->boot = boot;
	slot->entry = entry;
	slot->ctx = ctx;
	__asm__ volatile("dsb sy" : : : "memory");
	slot->cmd = CMD_RUN;
	__asm__ volatile("dsb sy\n\tsev" : : : "memory");
}

int arch_vcpu_run(struct vm *vm, char *why, size_t n)
{
	struct cpu_slot *slot;
	uint32_t i, cpu;

	for (i = 0; i < vm->ncpus; i++) {
		cpu = vm->cpus[i];
		if (cpu == 0 || cpu >= arch_cpu_count() || cpu >= MAX_CPUS) {
			format(why, n, "CPU %u is not available for a guest", cpu);
			return -1;
		}
		slot = &slots[cpu];
		if (slot->online)
			continue;
		gic_kick_sender_init();
		if (power_on(slot, cpu, why, n) != 0)
			return -1;
	}
	for (i = 0; i < vm->ncpus; i++)
		vm->vcpu_on[i] = i == 0;
	start_vcpu(vm, 0, true, 0, 0);
	return 0;
}

/* Ask every CPU of @vm except @self to leave the guest; optionally wait until they have. */
static bool park_cpus(struct vm *vm, const struct cpu_slot *self, bool wait)
{
	struct cpu_slot *slot;
	uint64_t t0;
	uint32_t i;
	bool all = true;

	for (i = 0; i < vm->ncpus; i++) {
		slot = &slots[vm->cpus[i]];
		if (slot == self || !slot->online)
			continue;
		slot->cmd = CMD_PARK;
		__asm__ volatile("dsb sy\n\tsev" : : : "memory");
		/* A guest that never traps is interrupted: the SGI reaches EL2 whatever it masks. */
		if (slot->kickable)
			gic_kick(slot->mpidr);
	}
	for (i = 0; wait && i < vm->ncpus; i++) {
		slot = &slots[vm->cpus[i]];
		if (slot == self || !slot->online)
			continue;
		for (t0 = now_ms(); !slot->parked || slot->cmd == CMD_PARK; )
			if (now_ms() - t0 > PARK_TIMEOUT_MS) {
				slot->cmd = CMD_NONE;
				all = false;
				break;
			}
	}
	return all;
}

int arch_vcpu_park(struct vm *vm, char *why, size_t n)
{
	if (!park_cpus(vm, NULL, true)) {
		format(why, n, "vm \"%s\": a CPU did not leave the guest within %u ms",
		       vm->cfg->name, PARK_TIMEOUT_MS);
		return -1;
	}
	/* The teardown's TLB invalidations act on the VMID in VTTBR_EL2: make it this VM's. */
	load_stage2(vm);
	return 0;
}

/* ---- traps ---- */

/* The whole VM stops: this CPU and its siblings leave the guest; the console decides what next. */
static void end_vm(struct vm *vm) __attribute__((noreturn));
static void end_vm(struct vm *vm)
{
	uint32_t i;

	for (i = 0; i < vm->ncpus; i++)
		vm->vcpu_on[i] = 0;
	park_cpus(vm, this_slot(), false);
	leave_guest();
}

static void halt_vm(struct vm *vm, const char *fmt_kind, uint64_t esr, uint64_t ipa, bool write)
{
	char reason[VM_REASON_MAX];

	format(reason, sizeof(reason), "%s, %s, IPA 0x%llx, ESR 0x%llx", fmt_kind,
	       write ? "write" : "read", (unsigned long long)ipa, (unsigned long long)esr);
	vm_mark_halted(vm, reason);
	end_vm(vm);
}

/* Guest PSCI CPU_ON (PSCI 1.1, 5.1.4): start vCPU target at entry with context id ctx. */
static int64_t guest_cpu_on(struct vm *vm, uint64_t target, uint64_t entry, uint64_t ctx)
{
	uint64_t i = target & 0xff;

	if ((target & ~0xffull) != 0 || i >= vm->ncpus)
		return PSCI_INVALID_PARAMETERS;
	if (__atomic_exchange_n(&vm->vcpu_on[i], 1, __ATOMIC_ACQ_REL) != 0)
		return PSCI_ALREADY_ON;
	start_vcpu(vm, (uint32_t)i, false, entry, ctx);
	return PSCI_SUCCESS;
}

/* Guest PSCI AFFINITY_INFO (5.1.8): 0 = on, 1 = off. */
static int64_t guest_affinity_info(const struct vm *vm, uint64_t target, uint64_t level)
{
	uint64_t i = target & 0xff;

	if (level != 0 || (target & ~0xffull) != 0 || i >= vm->ncpus)
		return PSCI_INVALID_PARAMETERS;
	return vm->vcpu_on[i] ? 0 : 1;
}

/* Guest PSCI SYSTEM_RESET: every vCPU stops, RAM is reloaded, vCPU 0 boots again. */
static void guest_reset(struct vm *vm) __attribute__((noreturn));
static void guest_reset(struct vm *vm)
{
	struct cpu_slot *self = this_slot();
	uint32_t i;

	vm_console_flush(vm);
	print("vm %s reset: guest PSCI SYSTEM_RESET\n", vm->cfg->name);
	park_cpus(vm, self, true);
	vm_load_image(vm);
	vm->starts++;
	for (i = 0; i < vm->ncpus; i++)
		vm->vcpu_on[i] = i == 0;
	if (self->vcpu == 0) {
		self->boot = 1;
		enter_guest(self, vm);
	}
	start_vcpu(vm, 0, true, 0, 0);
	leave_guest();
}

static const char *fault_kind(uint64_t esr, bool insn, char *buf, size_t n)
{
	uint64_t fsc = esr & 0x3f;
	const char *what = "fault";

	if (fsc <= 0x03)
		what = "address size fault";
	else if (fsc >= 0x04 && fsc <= 0x07)
		what = "translation fault";
	else if (fsc >= 0x09 && fsc <= 0x0b)
		what = "access flag fault";
	else if (fsc >= 0x0d && fsc <= 0x0f)
		what = "permission fault";
	format(buf, n, "stage-2 %s abort: %s level %llu", insn ? "instruction" : "data", what,
	       (unsigned long long)(fsc & 3));
	return buf;
}

static uint64_t fault_ipa(void)
{
	/* HPFAR_EL2.FIPA holds IPA[51:12] in bits[43:4]; the page offset comes from FAR_EL2. */
	return ((read_sysreg(hpfar_el2) >> 4) << 12) | (read_sysreg(far_el2) & 0xfff);
}

static uint64_t reg_read(const struct exc_frame *f, unsigned r)
{
	return r == 31 ? 0 : f->x[r];
}

/* One trapped access to the emulated PL011; false if it cannot be emulated. */
static bool emulate_uart(struct vm *vm, struct exc_frame *f, uint64_t esr, uint64_t ipa)
{
	bool isv = (esr >> 24) & 1, write = (esr >> 6) & 1;
	unsigned srt = (esr >> 16) & 0x1f, sas = (esr >> 22) & 3;
	uint64_t off = ipa - VUART_IPA, val = 0;

	/* Only single 32-bit loads and stores are emulated (docs/guest-abi.md); anything else halts. */
	if (!(vm->cfg->devices & CONFIG_DEV_CONSOLE) || ipa < VUART_IPA || off >= VUART_SIZE || !isv ||
	    sas != ACCESS_32BIT)
		return false;
	if (write) {
		if (off == UARTDR)
			vm_console_putc(vm, (char)(reg_read(f, srt) & 0xff));
	} else {
		if (off == UARTFR)
			val = UARTFR_RXFE | UARTFR_TXFE;
		if (srt != 31)
			f->x[srt] = val;
	}
	f->elr += 4;
	return true;
}

static void handle_hvc(struct vm *vm, struct exc_frame *f)
{
	uint32_t fn = (uint32_t)f->x[0];

	switch (fn) {
	case TESSERA_CALL_VERSION:
		f->x[0] = TESSERA_ABI_VERSION;
		break;
	case TESSERA_CALL_MEM_INFO:
		f->x[0] = 0;
		f->x[1] = vm->cfg->ram[0].base_ipa;
		f->x[2] = vm->cfg->ram[0].size;
		break;
	case TESSERA_CALL_VM_ID:
		f->x[0] = 0;
		f->x[1] = vm->id;
		break;
	case TESSERA_CALL_SHUTDOWN: {
		char reason[64];

		format(reason, sizeof(reason), "guest shutdown call, exit code %lld",
		       (long long)f->x[1]);
		vm_mark_off(vm, reason);
		end_vm(vm);
	}
	case SMCCC_VERSION:
		f->x[0] = SMCCC_VERSION_1_1;
		break;
	case PSCI_VERSION:
		f->x[0] = PSCI_VERSION_1_1;
		break;
	case PSCI_SYSTEM_OFF:
		vm_mark_off(vm, "guest PSCI SYSTEM_OFF");
		end_vm(vm);
	case PSCI_SYSTEM_RESET:
		guest_reset(vm);
	case PSCI_CPU_ON_64:
	case PSCI_CPU_ON_32:
		f->x[0] = (uint64_t)guest_cpu_on(vm, f->x[1], f->x[2], f->x[3]);
		break;
	case PSCI_CPU_OFF:
		vm->vcpu_on[this_slot()->vcpu] = 0;
		leave_guest();
	case PSCI_AFFINITY_INFO_64:
	case PSCI_AFFINITY_INFO_32:
		f->x[0] = (uint64_t)guest_affinity_info(vm, f->x[1], f->x[2]);
		break;
	default:
		f->x[0] = SMCCC_NOT_SUPPORTED;
		break;
	}
}

void vcpu_trap(struct exc_frame *f, uint64_t type)
{
	struct cpu_slot *slot = this_slot();
	struct vm *vm = slot->vm;
	uint64_t ec = (f->esr >> 26) & 0x3f, ipa;
	char kind[96];

	if (type == EXC_IRQ) {
		/* The console CPU's kick: acknowledge it, then see whether we must park. */
		gic_ack_all();
		if (slot->cmd == CMD_PARK)
			leave_guest();
		return;
	}
	if (type != EXC_SYNC) {
		format(kind, sizeof(kind), "unexpected %s from the guest",
		       type == EXC_IRQ ? "IRQ" : type == EXC_FIQ ? "FIQ" : "SError");
		halt_vm(vm, kind, f->esr, 0, false);
	}
	switch (ec) {
	case EC_WFX:
		f->elr += 4;
		break;
	case EC_HVC64:
		handle_hvc(vm, f);
		break;
	case EC_SMC64:
		/* The firmware is not the guest's to call. */
		f->x[0] = SMCCC_NOT_SUPPORTED;
		f->elr += 4;
		break;
	case EC_DABT_LOW:
		ipa = fault_ipa();
		if (!emulate_uart(vm, f, f->esr, ipa))
			halt_vm(vm, fault_kind(f->esr, false, kind, sizeof(kind)), f->esr, ipa,
				(f->esr >> 6) & 1);
		break;
	case EC_IABT_LOW:
		halt_vm(vm, fault_kind(f->esr, true, kind, sizeof(kind)), f->esr, fault_ipa(), false);
		break;
	default:
		format(kind, sizeof(kind), "unexpected trap EC 0x%02llx at PC 0x%llx",
		       (unsigned long long)ec, (unsigned long long)f->elr);
		halt_vm(vm, kind, f->esr, 0, false);
	}
	if (slot->cmd == CMD_PARK)
		leave_guest();
}
