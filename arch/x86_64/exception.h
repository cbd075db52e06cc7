/* The register frame built by the IDT stubs in vectors.S. */
#ifndef TESSERA_X86_EXCEPTION_H
#define TESSERA_X86_EXCEPTION_H

#define X86_EXCEPTION_VECTORS 32

#ifndef __ASSEMBLY__
#include <stdint.h>

struct exc_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	/* Pushed by the CPU (AMD APM vol. 2, 8.9.3 "Interrupt Stack Frame"). */
	uint64_t rip, cs, rflags, rsp, ss;
};

void x86_exception(struct exc_frame *frame);
#endif

#endif
