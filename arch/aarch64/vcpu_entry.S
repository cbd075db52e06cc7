/*
 * Secondary CPU start-up and guest entry.
 *
 * secondary_entry is where PSCI CPU_ON starts a CPU: at EL2, MMU and caches
 * off, x0 = the context id we passed (its struct cpu_slot).  It installs the
 * same EL2 translation regime the boot CPU runs on (copied into
 * el2_boot_regs), turns the MMU on, takes its stack and calls
 * vcpu_secondary_main(slot).  All addressing is PC-relative: VA == PA.
 */
#include "exception.h"

	.text
	.global secondary_entry
secondary_entry:
	adrp	x1, el2_boot_regs
	add	x1, x1, :lo12:el2_boot_regs
	ldr	x2, [x1, #0]
	msr	mair_el2, x2
	ldr	x2, [x1, #8]
	msr	tcr_el2, x2
	ldr	x2, [x1, #16]
	msr	ttbr0_el2, x2
	isb
	tlbi	alle2
	dsb	sy
	isb
	ldr	x2, [x1, #24]
	msr	sctlr_el2, x2
	isb
	ldr	x2, [x1, #32]
	msr	vbar_el2, x2
	isb
	ldr	x3, [x0, #0]		/* slot->stack_top */
	mov	sp, x3
	mov	x29, #0
	mov	x30, #0
	bl	vcpu_secondary_main
1:	wfe
	b	1b

/*
 * void guest_eret(const uint64_t regs[31], uint64_t stack_top)
 * Load the guest's general registers and ERET to ELR_EL2/SPSR_EL2 (already
 * set).  SP_EL2 restarts at stack_top so every trap begins on a clean stack.
 */
	.global guest_eret
guest_eret:
	mov	sp, x1
	mov	x30, x0
	ldp	x0, x1, [x30, #0]
	load_x2_to_x29 x30
	ldr	x30, [x30, #240]
	eret

	.section .note.GNU-stack,"",%progbits
