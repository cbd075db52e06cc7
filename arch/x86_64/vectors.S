/*
 * IDT entry stubs for the 32 architectural exceptions.  Vectors 8, 10-14, 17,
 * 21, 29 and 30 push an error code (AMD APM vol. 2, table 8-1); the others
 * push a zero so that every frame has the same layout (see exception.h).
 */
	.text
.macro stub vector, has_error
	.balign 16
	.if \has_error == 0
	pushq	$0
	.endif
	pushq	$\vector
	jmp	exception_common
.endm

	.global x86_exception_stubs
	.balign 16
x86_exception_stubs:
	stub 0, 0
	stub 1, 0
	stub 2, 0
	stub 3, 0
	stub 4, 0
	stub 5, 0
	stub 6, 0
	stub 7, 0
	stub 8, 1
	stub 9, 0
	stub 10, 1
	stub 11, 1
	stub 12, 1
	stub 13, 1
	stub 14, 1
	stub 15, 0
	stub 16, 0
	stub 17, 1
	stub 18, 0
	stub 19, 0
	stub 20, 0
	stub 21, 1
	stub 22, 0
	stub 23, 0
	stub 24, 0
	stub 25, 0
	stub 26, 0
	stub 27, 0
	stub 28, 0
	stub 29, 1
	stub 30, 1
	stub 31, 0

exception_common:
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, %rdi
	andq	$-16, %rsp
	call	x86_exception
	/* x86_exception never returns: a hypervisor fault halts the CPU. */
1:	cli
	hlt
	jmp	1b

/* void arch_run_on_stack(void *stack_top, void (*fn)(void)) */
	.global arch_run_on_stack
arch_run_on_stack:
	movq	%rdi, %rsp
	xorl	%ebp, %ebp
	pushq	$0
	jmp	*%rsi

/* void x86_load_gdt(const void *gdtr, uint16_t code_sel, uint16_t data_sel) */
	.global x86_load_gdt
x86_load_gdt:
	lgdt	(%rdi)
	movw	%dx, %ds
	movw	%dx, %es
	movw	%dx, %ss
	xorl	%eax, %eax
	movw	%ax, %fs
	movw	%ax, %gs
	/* Reload CS with a far return to the next instruction. */
	movzwq	%si, %rsi
	pushq	%rsi
	leaq	1f(%rip), %rax
	pushq	%rax
	lretq
1:	ret

	.section .note.GNU-stack,"",%progbits
