/*
 * Proof harness: a ghost owner map over the allocator, for the disjointness
 * property of issue 3.  Not compiled into the hypervisor (mm/phys.c keeps the
 * real owner records); proved in unit `bitalloc-owners` against the proved
 * contracts of mm/bitalloc.h.
 *
 * owner[p] is 0 for a page nobody holds, else the owner's id.  The invariant
 * `owned_used` says a held page is never free.  owned_alloc gives an owner
 * only pages that had no owner and marks them held, and owned_free takes back
 * only the caller's own pages: so two owners never hold the same page, i.e.
 * live allocations of different owners never overlap.
 */
#include "specs/bitalloc/owners.h"

/*@ requires inv(a) && owned_used(a, owner) && who != 0;
    requires \valid(owner + (0 .. cap(a) - 1)) && \valid(base);
    requires \separated(owner + (0 .. cap(a) - 1), a, a->words + (0 .. a->nwords - 1), base);
    requires \separated(base, a, a->words + (0 .. a->nwords - 1));
    assigns a->words[0 .. a->nwords - 1], a->nfree, *base, owner[0 .. cap(a) - 1];
    exits \false;
    ensures inv(a) && owned_used(a, owner);
    ensures \result ==> *base + size <= cap(a);
    ensures \result ==> \forall integer p; *base <= p < *base + size ==>
              \at(owner[p], Pre) == 0 && owner[p] == who;
    ensures \forall integer p; 0 <= p < cap(a) && !(\result && *base <= p < *base + size) ==>
              owner[p] == \at(owner[p], Pre);
 */
bool owned_alloc(struct bitalloc *a, uint8_t *owner, uint8_t who, uint64_t size,
		 unsigned align_log2, uint64_t *base)
{
	if (!bitalloc_alloc_contiguous(a, size, align_log2, base))
		return false;
	/*@ loop invariant *base <= p <= *base + size;
	    loop invariant \forall integer x; *base <= x < p ==> owner[x] == who;
	    loop invariant \forall integer x; 0 <= x < cap(a) && !(*base <= x < p) ==>
	                     owner[x] == \at(owner[x], Pre);
	    loop assigns p, owner[0 .. cap(a) - 1];
	    loop variant *base + size - p;
	 */
	for (uint64_t p = *base; p < *base + size; p++)
		owner[p] = who;
	return true;
}

/*@ requires inv(a) && owned_used(a, owner) && who != 0;
    requires \valid(owner + (0 .. cap(a) - 1));
    requires \separated(owner + (0 .. cap(a) - 1), a, a->words + (0 .. a->nwords - 1));
    assigns a->words[0 .. a->nwords - 1], a->nfree, owner[0 .. cap(a) - 1];
    exits \false;
    ensures inv(a) && owned_used(a, owner);
    ensures \result ==> \forall integer p; base <= p < base + size ==>
              \at(owner[p], Pre) == who && owner[p] == 0 && free(a, p);
    ensures frees: 0 < size && base + size <= cap(a) &&
              (\forall integer p; base <= p < base + size ==> \at(owner[p], Pre) == who) ==> \result;
    ensures \forall integer p; 0 <= p < cap(a) && !(\result && base <= p < base + size) ==>
              owner[p] == \at(owner[p], Pre);
 */
bool owned_free(struct bitalloc *a, uint8_t *owner, uint8_t who, uint64_t base,
		uint64_t size)
{
	uint64_t cap = bitalloc_capacity(a);

	if (size == 0 || size > cap || base > cap - size)
		return false;
	/*@ loop invariant base <= p <= base + size;
	    loop invariant \forall integer x; base <= x < p ==> owner[x] == who;
	    loop assigns p;
	    loop variant base + size - p;
	 */
	for (uint64_t p = base; p < base + size; p++)
		if (owner[p] != who)
			return false;
	/* Cannot fail: held pages are allocated (owned_used). */
	(void)bitalloc_dealloc_contiguous(a, base, size);
	/*@ loop invariant base <= p <= base + size;
	    loop invariant \forall integer x; base <= x < p ==> owner[x] == 0;
	    loop invariant \forall integer x; 0 <= x < cap && !(base <= x < p) ==>
	                     owner[x] == \at(owner[x], Pre);
	    loop assigns p, owner[0 .. cap - 1];
	    loop variant base + size - p;
	 */
	for (uint64_t p = base; p < base + size; p++)
		owner[p] = 0;
	return true;
}
