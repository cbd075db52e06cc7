/* The register frame saved by the EL2 vectors (vectors.S lays it out). */
#ifndef TESSERA_AARCH64_EXCEPTION_H
#define TESSERA_AARCH64_EXCEPTION_H

#define EXC_FRAME_SIZE 288

#ifdef __ASSEMBLY__
/* Load x2..x29 from a frame laid out as struct exc_frame / a 31-register array at \base. */
.macro load_x2_to_x29 base
	ldp	x2, x3, [\base, #16]
	ldp	x4, x5, [\base, #32]
	ldp	x6, x7, [\base, #48]
	ldp	x8, x9, [\base, #64]
	ldp	x10, x11, [\base, #80]
	ldp	x12, x13, [\base, #96]
	ldp	x14, x15, [\base, #112]
	ldp	x16, x17, [\base, #128]
	ldp	x18, x19, [\base, #144]
	ldp	x20, x21, [\base, #160]
	ldp	x22, x23, [\base, #176]
	ldp	x24, x25, [\base, #192]
	ldp	x26, x27, [\base, #208]
	ldp	x28, x29, [\base, #224]
.endm
#else
#include <stdint.h>

struct exc_frame {
	uint64_t x[31];
	uint64_t sp;      /* the interrupted SP */
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
};

_Static_assert(sizeof(struct exc_frame) == EXC_FRAME_SIZE, "vectors.S frame layout");

/* Vector groups of VBAR_EL2 (Arm ARM D1.10.2, table D1-7 "Vector offsets from vector table base"). */
enum exc_source {
	EXC_CURRENT_SP0 = 0,
	EXC_CURRENT_SPX = 1,
	EXC_LOWER_A64 = 2,
	EXC_LOWER_A32 = 3,
};

enum exc_type {
	EXC_SYNC = 0,
	EXC_IRQ = 1,
	EXC_FIQ = 2,
	EXC_SERROR = 3,
};

/* Called from vectors.S with the vector index (source * 4 + type). */
void aarch64_exception(struct exc_frame *frame, uint64_t vector);
#endif

#endif
