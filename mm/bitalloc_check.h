/*
 * A runtime re-check of the allocator's invariants, for the console's
 * `check` command: the proofs say they always hold; this shows they do.
 */
#ifndef TESSERA_MM_BITALLOC_CHECK_H
#define TESSERA_MM_BITALLOC_CHECK_H

#include <stdint.h>

#include "mm/bitalloc.h"

struct bitalloc_report {
	uint64_t words_checked;
	uint64_t bad_edges;     /* parent bit set  <=>  child word non-zero, violated */
	uint64_t first_bad;     /* first child word index with a bad edge */
	uint64_t leaf_free;     /* free pages counted in the leaves */
};

/* Walk every word: true iff the hierarchy is consistent and free_count matches the leaves. */
bool bitalloc_check(const struct bitalloc *a, struct bitalloc_report *r);

#endif
