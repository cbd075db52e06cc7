/*
 * Secondary CPU start-up and guest entry.
 *
 * secondary_entry is where PSCI CPU_ON starts a CPU: at EL2, MMU and caches
 * off, x0 = the context id we passed (its struct cpu_slot).  It installs the
 * same EL2 translation regime the boot CPU runs on (copied into
 * el2_boot_regs), turns the MMU on, takes its stack and calls
 * vcpu_secondary_main(slot).  All addressing is PC-relative: VA == PA.
 */
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
	ldp	x2, x3, [x30, #16]
	ldp	x4, x5, [x30, #32]
	ldp	x6, x7, [x30, #48]
	ldp	x8, x9, [x30, #64]
	ldp	x10, x11, [x30, #80]
	ldp	x12, x13, [x30, #96]
	ldp	x14, x15, [x30, #112]
	ldp	x16, x17, [x30, #128]
	ldp	x18, x19, [x30, #144]
	ldp	x20, x21, [x30, #160]
	ldp	x22, x23, [x30, #176]
	ldp	x24, x25, [x30, #192]
	ldp	x26, x27, [x30, #208]
	ldp	x28, x29, [x30, #224]
	ldr	x30, [x30, #240]
	eret

	.section .note.GNU-stack,"",%progbits
