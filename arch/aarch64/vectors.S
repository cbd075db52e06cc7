/*
 * EL2 exception vectors (Arm ARM D1.10.2: 16 entries of 0x80 bytes, table
 * aligned to 2 KiB).  Every entry saves the whole register frame described in
 * exception.h and calls aarch64_exception(frame, vector index); if that
 * returns, the frame (possibly changed) is restored and we ERET.
 */
#include "exception.h"

.macro vector_entry index
	.balign 0x80
	sub	sp, sp, #EXC_FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x1, #\index
	b	exception_common
.endm

	.text
	.balign 2048
	.global el2_vectors
el2_vectors:
	vector_entry 0
	vector_entry 1
	vector_entry 2
	vector_entry 3
	vector_entry 4
	vector_entry 5
	vector_entry 6
	vector_entry 7
	vector_entry 8
	vector_entry 9
	vector_entry 10
	vector_entry 11
	vector_entry 12
	vector_entry 13
	vector_entry 14
	vector_entry 15

exception_common:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	add	x2, sp, #EXC_FRAME_SIZE
	stp	x30, x2, [sp, #240]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [sp, #256]
	mrs	x2, esr_el2
	mrs	x3, far_el2
	stp	x2, x3, [sp, #272]
	mov	x0, sp
	bl	aarch64_exception
	ldp	x2, x3, [sp, #256]
	msr	elr_el2, x2
	msr	spsr_el2, x3
	load_x2_to_x29 sp
	ldr	x30, [sp, #240]
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #EXC_FRAME_SIZE
	eret

/* void arch_run_on_stack(void *stack_top, void (*fn)(void)) */
	.global arch_run_on_stack
arch_run_on_stack:
	mov	sp, x0
	mov	x29, #0
	mov	x30, #0
	br	x1

	.section .note.GNU-stack,"",%progbits
