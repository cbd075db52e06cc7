/* System register access for AArch64 (Arm ARM DDI 0487, chapter D19). */
#ifndef TESSERA_AARCH64_SYSREG_H
#define TESSERA_AARCH64_SYSREG_H

#include <stdint.h>

#define read_sysreg(name) ({ \
	uint64_t _v; \
	__asm__ volatile("mrs %0, " #name : "=r"(_v)); \
	_v; })

#define write_sysreg(name, v) \
	__asm__ volatile("msr " #name ", %0" : : "r"((uint64_t)(v)) : "memory")

static inline void isb(void)
{
	__asm__ volatile("isb" : : : "memory");
}

static inline void dsb_sy(void)
{
	__asm__ volatile("dsb sy" : : : "memory");
}

#endif
