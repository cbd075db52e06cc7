/*
 * The ghost owner map over the page allocator (proof only): its invariant
 * and the two operations of specs/bitalloc/owners.c, whose contracts are
 * there with the bodies (unit bitalloc-owners).  Included by the harnesses
 * that build on it (specs/stage2/guest_ram.c).
 */
#ifndef TESSERA_SPECS_OWNERS_H
#define TESSERA_SPECS_OWNERS_H

#include <stdbool.h>
#include <stdint.h>

#include "mm/bitalloc.h"

/*@ // A page held by an owner is never free in the allocator.
    predicate owned_used{L}(struct bitalloc *a, uint8_t *owner) =
      \forall integer p; 0 <= p < cap(a) && owner[p] != 0 ==> !free(a, p);
 */

bool owned_alloc(struct bitalloc *a, uint8_t *owner, uint8_t who, uint64_t size,
		 unsigned align_log2, uint64_t *base);
bool owned_free(struct bitalloc *a, uint8_t *owner, uint8_t who, uint64_t base,
		uint64_t size);

#endif
