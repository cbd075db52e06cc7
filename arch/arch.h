/*
 * The hooks every architecture provides to the neutral code (boot/, console/,
 * mm/, vm/).  Each arch/<name>/ directory implements all of them; nothing
 * outside arch/ may touch a system register, a port or an MMIO address.
 */
#ifndef TESSERA_ARCH_H
#define TESSERA_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Short name of the architecture, for the banner ("aarch64", "x86_64"). */
const char *arch_name(void);

/* This architecture's value of the config blob's architecture field (CONFIG_ARCH_*). */
uint32_t arch_config_id(void);

/*
 * Check that this CPU can host VMs (AArch64: running at EL2; x86-64: SVM and
 * nested paging present).  On failure, write why into @why and return false.
 */
bool arch_check_virtualization(char *why, size_t why_size);

/* Describe the virtualization hardware found, one line (e.g. "EL2, PARange 48 bits"). */
void arch_describe_cpu(char *buf, size_t size);

/* Install the hypervisor's own exception vectors / IDT (and GDT on x86-64). */
void arch_exceptions_init(void);

/*
 * Switch to the hypervisor's own identity-mapped page tables (the firmware's
 * live in boot-services memory, which the allocator then takes over).
 */
void arch_mmu_init(void);
/* Physical addresses below this are mapped by arch_mmu_init's tables. */
uint64_t arch_mapped_limit(void);

/* The hypervisor's own serial console driver (PL011 / 16550). */
void arch_uart_init(void);
void arch_uart_putc(char c);
/* Returns the next received byte, or -1 when none is waiting. */
int arch_uart_getc(void);

/* Power the machine off (PSCI SYSTEM_OFF / ACPI S5).  Returns only on failure. */
void arch_poweroff(void);

/* Stop this CPU for good, with interrupts masked. */
void arch_halt_cpu(void) __attribute__((noreturn));

/* Hint to the CPU that we are spinning. */
void arch_cpu_relax(void);

/* Deliberately take a fault in the hypervisor (console command `fault`). */
void arch_trigger_fault(void);

/*
 * Move onto a new stack and call @fn there; @fn must not return.  Used once
 * after ExitBootServices to leave the firmware's stack.
 */
void arch_run_on_stack(void *stack_top, void (*fn)(void)) __attribute__((noreturn));

/* ---- VM execution (arch/<name>/vcpu.c) ---- */
struct vm;

/* Number of physical CPUs present (CPU 0 is the console CPU). */
unsigned arch_cpu_count(void);

/*
 * Choose the stage-2 IPA and PA sizes this CPU supports (AArch64: at least
 * 40 bits, clamped to ID_AA64MMFR0_EL1.PARange).  False if VMs cannot run.
 */
bool arch_stage2_sizes(unsigned *ipa_bits, unsigned *pa_bits);

/*
 * Make vm->cpu run @vm from its entry point (powering the CPU on the first
 * time).  The VM's RAM and stage-2 tables must be ready.  Returns 0, or -1
 * with the reason in @why.
 */
int arch_vcpu_run(struct vm *vm, char *why, size_t why_size);

/* Take vm->cpu out of the guest and wait until it is parked; -1 on timeout. */
int arch_vcpu_park(struct vm *vm, char *why, size_t why_size);

/* Write back data-cache lines of [va, va + size) to the point of coherency. */
void arch_clean_dcache(uint64_t va, uint64_t size);

#endif
