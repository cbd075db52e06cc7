/*
 * start.S - entry point shared by every Tessera test guest.
 *
 * Entry state (docs/guest-abi.md): EL1h, MMU and caches off, DAIF masked,
 * PC = RAM base + entry offset (0: _start is the image's first byte),
 * x0 = 0, x1 = guest argument, x2 = RAM base IPA, x3 = RAM size in bytes.
 *
 * Only PC-relative addressing is used (adrp/add; the image must be loaded at
 * a 4 KiB-aligned address), so the image runs wherever it is loaded.
 */
	.section .text.start, "ax"
	.global _start
_start:
	msr	daifset, #0xf		/* already masked; do not depend on it */

	/* Report our own exceptions rather than jumping to an unknown VBAR. */
	adrp	x4, el1_vectors
	add	x4, x4, :lo12:el1_vectors
	msr	vbar_el1, x4
	isb

	/* The stack lives inside the image (.stack), so it is in guest RAM
	 * wherever that is and never overlaps what memtest writes. */
	adrp	x4, __stack_top
	add	x4, x4, :lo12:__stack_top
	mov	sp, x4

	/* Zero .bss (16-byte aligned and sized by guest.ld). */
	adrp	x4, __bss_start
	add	x4, x4, :lo12:__bss_start
	adrp	x5, __bss_end
	add	x5, x5, :lo12:__bss_end
1:	cmp	x4, x5
	b.hs	2f
	stp	xzr, xzr, [x4], #16
	b	1b

2:	mov	x0, x1			/* guest_main(arg, ram_base, ram_size) */
	mov	x1, x2
	mov	x2, x3
	bl	guest_main
	b	halt_forever

/* uint64_t image_start(void), image_end(void): where the image really is. */
	.text
	.global image_start
	.type image_start, %function
image_start:
	adrp	x0, __image_start
	add	x0, x0, :lo12:__image_start
	ret
	.size image_start, . - image_start

	.global image_end
	.type image_end, %function
image_end:
	adrp	x0, __image_end
	add	x0, x0, :lo12:__image_end
	ret
	.size image_end, . - image_end

/*
 * EL1 vector table (Arm ARM, "Vector tables"): 16 entries of 0x80 bytes, 2 KiB aligned.
 * Every entry passes its own offset to guest_exception(), which prints the
 * syndrome and stops.
 */
	.macro	vector_entry offset
	.balign	0x80
	mov	x0, #\offset
	b	report_exception
	.endm

	.balign	0x800
el1_vectors:
	.irp	off, 0x000, 0x080, 0x100, 0x180, 0x200, 0x280, 0x300, 0x380, \
		     0x400, 0x480, 0x500, 0x580, 0x600, 0x680, 0x700, 0x780
	vector_entry \off
	.endr

report_exception:
	mrs	x1, esr_el1
	mrs	x2, elr_el1
	mrs	x3, far_el1
	bl	guest_exception
	b	halt_forever
