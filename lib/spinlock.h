/* A test-and-set spinlock on the compiler's atomic builtins (both architectures). */
#ifndef TESSERA_LIB_SPINLOCK_H
#define TESSERA_LIB_SPINLOCK_H

#include <stdbool.h>

#include "arch/arch.h"

struct spinlock {
	bool locked;
};

static inline void spin_lock(struct spinlock *l)
{
	while (__atomic_test_and_set(&l->locked, __ATOMIC_ACQUIRE))
		arch_cpu_relax();
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_clear(&l->locked, __ATOMIC_RELEASE);
}

#endif
