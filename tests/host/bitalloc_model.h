/* Plain boolean-array model of the page allocator, for the host tests. */
#ifndef TESSERA_TESTS_BITALLOC_MODEL_H
#define TESSERA_TESTS_BITALLOC_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "mm/bitalloc.h"

struct model {
	bool *free;
	uint64_t cap;
	uint64_t nfree;
};

static inline bool model_range_ok(const struct model *m, uint64_t base, uint64_t size)
{
	return size != 0 && size <= m->cap && base <= m->cap - size;
}

static inline bool model_all(const struct model *m, uint64_t lo, uint64_t hi, bool state)
{
	for (uint64_t p = lo; p < hi; p++)
		if (m->free[p] != state)
			return false;
	return true;
}

static inline void model_set(struct model *m, uint64_t lo, uint64_t hi, bool state)
{
	for (uint64_t p = lo; p < hi; p++) {
		if (m->free[p] != state)
			m->nfree += state ? 1 : (uint64_t)-1;
		m->free[p] = state;
	}
}

/* Lowest base, multiple of 2^k, with size free pages; cap when none.
 * One pass over the maximal free runs. */
static inline uint64_t model_find_run(const struct model *m, uint64_t size, unsigned k)
{
	uint64_t p = 0;

	if (size == 0 || size > m->cap)
		return m->cap;
	while (p < m->cap) {
		uint64_t s, e, b;

		while (p < m->cap && !m->free[p])
			p++;
		s = p;
		while (p < m->cap && m->free[p])
			p++;
		e = p;
		if (e == s)
			break;
		if (k >= 40)
			b = s == 0 ? 0 : m->cap;
		else
			b = (s + ((uint64_t)1 << k) - 1) >> k << k;
		if (b < e && e - b >= size)
			return b;
	}
	return m->cap;
}

/* Largest run of free pages starting at a multiple of 2^k (lowest base among
 * equals); size 0 when none.  One pass over the maximal free runs. */
static inline void model_largest(const struct model *m, unsigned k, uint64_t *base, uint64_t *size)
{
	uint64_t p = 0;

	*size = 0;
	*base = 0;
	while (p < m->cap) {
		uint64_t s, e, b;

		while (p < m->cap && !m->free[p])
			p++;
		s = p;
		while (p < m->cap && m->free[p])
			p++;
		e = p;
		if (k >= 40)
			b = s == 0 ? 0 : m->cap;
		else
			b = (s + ((uint64_t)1 << k) - 1) >> k << k;
		if (b < e && e - b > *size) {
			*size = e - b;
			*base = b;
		}
	}
}

/* Check the whole bitmap hierarchy: each upper bit set iff its child word is
 * non-zero.  Returns the first bad word index or -1. */
static inline long check_hierarchy(const struct bitalloc *a)
{
	for (uint32_t c = 1; c < a->nwords; c++) {
		uint32_t parent = (c - 1) / 16;
		bool bit_set = (a->words[parent] >> ((c - 1) % 16)) & 1;

		if (bit_set != (a->words[c] != 0))
			return (long)c;
	}
	return -1;
}

#endif
