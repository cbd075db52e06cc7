/* The register frame saved by the EL2 vectors (vectors.S lays it out). */
#ifndef TESSERA_AARCH64_EXCEPTION_H
#define TESSERA_AARCH64_EXCEPTION_H

#define EXC_FRAME_SIZE 288

#ifndef __ASSEMBLY__
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
