/*
 * EL2 exception handling.  Exceptions taken from the hypervisor itself are
 * always fatal for the CPU that took them: report everything, then halt.
 */
#include "arch/arch.h"
#include "exception.h"
#include "lib/print.h"
#include "sysreg.h"

extern char el2_vectors[];

/* ESR_ELx.EC values (Arm ARM D19.2.46, "ESR_EL2, Exception Syndrome Register (EL2)"). */
static const char *ec_name(uint64_t ec)
{
	switch (ec) {
	case 0x00: return "unknown reason";
	case 0x01: return "WFI/WFE";
	case 0x0e: return "illegal execution state";
	case 0x15: return "SVC (AArch64)";
	case 0x16: return "HVC (AArch64)";
	case 0x17: return "SMC (AArch64)";
	case 0x18: return "MSR/MRS/system instruction";
	case 0x20: return "instruction abort from a lower EL";
	case 0x21: return "instruction abort (same EL)";
	case 0x22: return "PC alignment fault";
	case 0x24: return "data abort from a lower EL";
	case 0x25: return "data abort (same EL)";
	case 0x26: return "SP alignment fault";
	case 0x2f: return "SError";
	case 0x3c: return "BRK instruction";
	default: return "other";
	}
}

static const char *const source_names[] = {
	"current EL with SP_EL0", "current EL with SP_ELx", "lower EL (AArch64)", "lower EL (AArch32)",
};
static const char *const type_names[] = { "synchronous", "IRQ", "FIQ", "SError" };

static void dump_frame(const struct exc_frame *f)
{
	int i;

	for (i = 0; i < 30; i += 2)
		print("  x%-2d %016llx  x%-2d %016llx\n", i, (unsigned long long)f->x[i], i + 1,
		      (unsigned long long)f->x[i + 1]);
	print("  x30 %016llx  sp  %016llx\n", (unsigned long long)f->x[30],
	      (unsigned long long)f->sp);
}

void vcpu_trap(struct exc_frame *frame, uint64_t type);

void aarch64_exception(struct exc_frame *frame, uint64_t vector)
{
	uint64_t ec = (frame->esr >> 26) & 0x3f;

	if ((vector >> 2) == EXC_LOWER_A64) {
		vcpu_trap(frame, vector & 3);
		return;
	}

	print("\n*** EL2 exception: %s from %s\n", type_names[vector & 3],
	      source_names[(vector >> 2) & 3]);
	print("  kind: %s (EC 0x%02llx)\n", ec_name(ec), (unsigned long long)ec);
	print("  ESR_EL2 0x%016llx  FAR_EL2 0x%016llx\n", (unsigned long long)frame->esr,
	      (unsigned long long)frame->far);
	print("  ELR_EL2 0x%016llx  SPSR_EL2 0x%016llx\n", (unsigned long long)frame->elr,
	      (unsigned long long)frame->spsr);
	dump_frame(frame);
	print("*** CPU halted\n");
	arch_halt_cpu();
}

void arch_exceptions_init(void)
{
	/* Mask every interrupt: the hypervisor polls; guests get their own later. */
	__asm__ volatile("msr daifset, #0xf" : : : "memory");
	write_sysreg(vbar_el2, (uint64_t)(uintptr_t)el2_vectors);
	isb();
}

void arch_halt_cpu(void)
{
	__asm__ volatile("msr daifset, #0xf" : : : "memory");
	for (;;)
		__asm__ volatile("wfe");
}

void arch_trigger_fault(void)
{
	/* Far above any RAM or device the firmware mapped: a translation fault. */
	volatile uint64_t *unmapped = (volatile uint64_t *)0x00007ffffffff000ull;

	(void)*unmapped;
}
