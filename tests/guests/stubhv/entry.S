/*
 * entry.S - EL2 entry, vectors and guest entry/exit of stubhv, a test double
 * of Tessera's guest ABI (see stubhv.c).  Loaded by QEMU as an ELF at
 * 0x40000000 with -machine virt,virtualization=on, so it starts at EL2.
 */
#define FRAME_SIZE	(34 * 8)	/* x0..x30, ELR_EL2, SPSR_EL2, pad */
#define FRAME_ELR	(31 * 8)
#define FRAME_SPSR	(32 * 8)

	.section .text.start, "ax"
	.global _start
_start:
	msr	daifset, #0xf
	mrs	x19, mpidr_el1
	and	x19, x19, #0xff
	adrp	x4, el2_vectors
	add	x4, x4, :lo12:el2_vectors
	msr	vbar_el2, x4
	isb
	cbnz	x19, secondary
	adrp	x4, stack_top
	add	x4, x4, :lo12:stack_top
	mov	sp, x4
	bl	stub_main
	b	stub_halt

/* CPU 1, started with PSCI CPU_ON by stub_main: plays a rogue writer. */
secondary:
	adrp	x4, stack2_top
	add	x4, x4, :lo12:stack2_top
	mov	sp, x4
	bl	stub_secondary
	b	stub_halt

	.global stub_halt
stub_halt:
	wfi
	b	stub_halt

/*
 * void enter_frame(const struct frame *f): copy f to the top of the stack,
 * load the guest registers from it and ERET.  Traps then build their frames
 * at the same place.
 */
	.global enter_frame
enter_frame:
	adrp	x4, stack_top
	add	x4, x4, :lo12:stack_top
	sub	sp, x4, #FRAME_SIZE
	mov	x5, sp
	mov	x6, #(FRAME_SIZE / 8)
1:	ldr	x7, [x0], #8
	str	x7, [x5], #8
	subs	x6, x6, #1
	b.ne	1b
	b	restore_and_eret

	.macro	save_frame
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	mrs	x0, elr_el2
	stp	x30, x0, [sp, #16 * 15]
	mrs	x0, spsr_el2
	str	x0, [sp, #FRAME_SPSR]
	.endm

restore_and_eret:
	ldr	x0, [sp, #FRAME_SPSR]
	msr	spsr_el2, x0
	ldp	x30, x0, [sp, #16 * 15]
	msr	elr_el2, x0
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	add	sp, sp, #FRAME_SIZE
	eret

lower_sync:
	save_frame
	mov	x0, sp
	bl	stub_trap
	b	restore_and_eret

unexpected:
	mrs	x1, esr_el2
	mrs	x2, elr_el2
	bl	stub_unexpected
	b	stub_halt

	.balign	0x800
el2_vectors:
	.rept	8			/* current EL: the stub itself faulted */
	.balign	0x80
	mov	x0, #0
	b	unexpected
	.endr
	.balign	0x80
	b	lower_sync		/* lower EL, AArch64, synchronous */
	.rept	7
	.balign	0x80
	mov	x0, #1
	b	unexpected
	.endr

	.bss
	.balign	16
	.space	16384
stack_top:
	.space	4096
stack2_top:
