/*
 * Cascading 16-ary bitmap page allocator.
 *
 * The idea of rcore-os/bitmap-allocator (BitAlloc16 leaves under
 * BitAllocCascade16 levels), reimplemented with one body of code for every
 * capacity 16^depth, depth 1..7 (16 pages .. 256 Mi pages = 1 TiB of 4 KiB
 * pages), caller-provided storage and no allocation.
 *
 * Layout: the words of all levels lie end to end in one array, as a 16-ary
 * heap.  Word 0 is the root; word c has children 16c+1 .. 16c+16 and sits
 * under bit (c-1)%16 of its parent (c-1)/16.  Level l holds the words
 * off(l) .. off(l+1)-1 with off(l) = (16^l - 1) / 15.  The last level (the
 * leaves) has one bit per page: page p is bit p%16 of leaf word p/16, set =
 * free.  An upper-level bit is set exactly when its child word is non-zero,
 * i.e. when the child's subtree has a free page.  Storage: off(depth) words,
 * 16/15 bits per page.
 *
 * Pages are uint64_t indexes 0 .. capacity-1.  Every function accepts any
 * argument value: out-of-range, reversed, empty or overflowing requests
 * return false (or do nothing, see each function) and change nothing.  The
 * allocator `a` itself must be a valid allocator set up by bitalloc_init.
 *
 * Differences from the Rust crate, by design: dealloc_contiguous is atomic
 * (all pages freed or none); alloc_contiguous skips allocated words and empty
 * subtrees instead of testing page by page; a size-0 request is an error for
 * alloc_contiguous, alloc_at and dealloc_contiguous (there is no empty
 * allocation to hand out or give back), while an empty insert/remove range is
 * a no-op as the issue asks.
 *
 * The ACSL contracts below are proved by `make prove-bitalloc` (logic in
 * specs/bitalloc/).  free(a, p) is the abstract free set.
 */
#ifndef TESSERA_MM_BITALLOC_H
#define TESSERA_MM_BITALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bitops.h"

#define BITALLOC_MIN_DEPTH 1u
#define BITALLOC_MAX_DEPTH 7u

/* Storage words (uint16_t) for an allocator of 16^depth pages, depth 1..7. */
#define BITALLOC_STORAGE_WORDS(depth) \
	((((uint64_t)1 << (4u * (depth))) - 1u) / 15u)

/* Capacity in pages of an allocator of the given depth, depth 1..7. */
#define BITALLOC_CAPACITY(depth) ((uint64_t)1 << (4u * (depth)))

struct bitalloc {
	uint16_t *words;  /* nwords words, root first, see above */
	uint64_t nfree;   /* number of free pages, so free_count is O(1) */
	uint32_t depth;   /* number of levels, 1..7 */
	uint32_t leaf;    /* index of the first leaf word: off(depth - 1) */
	uint32_t nwords;  /* total words: off(depth) */
};

#include "../specs/bitalloc/logic.acsl"

/*
 * Storage words needed for depth, or 0 when depth is outside 1..7.  The
 * checked twin of BITALLOC_STORAGE_WORDS.
 */
/*@ assigns \nothing;
    exits \false;
    ensures 1 <= depth <= 7 ==> \result == off(depth);
    ensures !(1 <= depth <= 7) ==> \result == 0;
 */
uint64_t bitalloc_storage_words(uint32_t depth);

/*
 * Set up `a` for 16^depth pages over `storage` (storage_words words, at least
 * bitalloc_storage_words(depth)), every page allocated.  False, and nothing
 * written, for a null pointer, a depth outside 1..7 or too little storage.
 */
/*@ requires a == \null || \valid(a);
    requires storage == \null || \valid(storage + (0 .. storage_words - 1));
    requires a != \null && storage != \null ==> \separated(a, storage + (0 .. storage_words - 1));
    assigns *a, storage[0 .. storage_words - 1];
    exits \false;
    behavior ok:
      assumes a != \null && 1 <= depth <= 7 && storage != \null && storage_words >= off(depth);
      ensures \result;
      ensures inv(a) && a->depth == depth && a->words == storage;
      ensures cap(a) == 16 * (off(depth) - off(depth - 1));
      ensures \forall integer p; 0 <= p < cap(a) ==> !free(a, p);
      ensures a->nfree == 0;
    behavior bad:
      assumes !(a != \null && 1 <= depth <= 7 && storage != \null && storage_words >= off(depth));
      assigns \nothing;
      ensures !\result;
    complete behaviors;
    disjoint behaviors;
 */
bool bitalloc_init(struct bitalloc *a, uint32_t depth, uint16_t *storage,
		   size_t storage_words);

/* Number of pages managed: 16^depth. */
/*@ requires inv(a);
    assigns \nothing;
    exits \false;
    ensures \result == cap(a);
 */
uint64_t bitalloc_capacity(const struct bitalloc *a);

/* Number of free pages, O(1). */
/*@ requires inv(a);
    assigns \nothing;
    exits \false;
    ensures \result == a->nfree;
 */
uint64_t bitalloc_free_count(const struct bitalloc *a);

/* Whether page is free; false for a page outside the allocator. */
/*@ requires inv(a);
    assigns \nothing;
    exits \false;
    ensures \result <==> (page < cap(a) && free(a, page));
 */
bool bitalloc_test(const struct bitalloc *a, uint64_t page);

/* Lowest free page >= from, in *page; false (and *page untouched) when none. */
/*@ requires inv(a);
    requires \valid(page) && \separated(page, a, a->words + (0 .. a->nwords - 1));
    assigns *page;
    exits \false;
    ensures \result ==> from <= *page < cap(a) && free(a, *page);
    ensures \result ==> \forall integer p; from <= p < *page ==> !free(a, p);
    ensures !\result ==> \forall integer p; from <= p < cap(a) ==> !free(a, p);
 */
bool bitalloc_next(const struct bitalloc *a, uint64_t from, uint64_t *page);

/* Take the lowest free page, in *page; false when every page is allocated. */
/*@ requires inv(a);
    requires \valid(page) && \separated(page, a, a->words + (0 .. a->nwords - 1));
    assigns a->words[0 .. a->nwords - 1], a->nfree, *page;
    exits \false;
    ensures inv(a);
    ensures \result ==> 0 <= *page < cap(a) && free{Pre}(a, *page) && !free(a, *page);
    ensures \result ==> same_free_outside{Pre, Post}(a, *page, *page + 1);
    ensures \result ==> \forall integer p; 0 <= p < *page ==> !free{Pre}(a, p);
    ensures \result ==> a->nfree == \old(a->nfree) - 1;
    ensures !\result ==> \forall integer p; 0 <= p < cap(a) ==> !free(a, p);
    ensures !\result ==> words_unchanged{Pre, Post}(a) && a->nfree == \old(a->nfree);
 */
bool bitalloc_alloc(struct bitalloc *a, uint64_t *page);

/* Free one allocated page.  False, changing nothing, when the page is out of
 * range or already free (double free). */
/*@ requires inv(a);
    assigns a->words[0 .. a->nwords - 1], a->nfree;
    exits \false;
    ensures inv(a);
    ensures \result <==> (page < cap(a) && !free{Pre}(a, page));
    ensures \result ==> free(a, page) && same_free_outside{Pre, Post}(a, page, page + 1);
    ensures \result ==> a->nfree == \old(a->nfree) + 1;
    ensures !\result ==> words_unchanged{Pre, Post}(a) && a->nfree == \old(a->nfree);
 */
bool bitalloc_dealloc(struct bitalloc *a, uint64_t page);

/*
 * Take the lowest base, a multiple of 2^align_log2, with size consecutive free
 * pages.  False, changing nothing, for size 0, size > capacity,
 * align_log2 >= 64, or when no such run exists.
 */
/*@ requires inv(a);
    requires \valid(base) && \separated(base, a, a->words + (0 .. a->nwords - 1));
    assigns a->words[0 .. a->nwords - 1], a->nfree, *base;
    exits \false;
    ensures inv(a);
    ensures \result ==> 0 < size && align_log2 < 64;
    ensures \result ==> aligned(*base, align_log2) && *base + size <= cap(a);
    ensures \result ==> all_free{Pre}(a, *base, *base + size) && all_used(a, *base, *base + size);
    ensures \result ==> same_free_outside{Pre, Post}(a, *base, *base + size);
    ensures \result ==> !fit_below{Pre}(a, size, align_log2, *base - 1);
    ensures \result ==> a->nfree == \old(a->nfree) - size;
    ensures !\result && 0 < size && align_log2 < 64 ==> !fit_below{Pre}(a, size, align_log2, cap(a));
    ensures !\result ==> words_unchanged{Pre, Post}(a) && a->nfree == \old(a->nfree);
 */
bool bitalloc_alloc_contiguous(struct bitalloc *a, uint64_t size,
			       unsigned align_log2, uint64_t *base);

/* Take exactly [base, base + size) if every page in it is free; otherwise
 * (also for size 0 or a range beyond the capacity) change nothing. */
/*@ requires inv(a);
    assigns a->words[0 .. a->nwords - 1], a->nfree;
    exits \false;
    ensures inv(a);
    ensures \result <==> (0 < size && base + size <= cap(a) && all_free{Pre}(a, base, base + size));
    ensures \result ==> all_used(a, base, base + size) && same_free_outside{Pre, Post}(a, base, base + size);
    ensures \result ==> a->nfree == \old(a->nfree) - size;
    ensures !\result ==> words_unchanged{Pre, Post}(a) && a->nfree == \old(a->nfree);
 */
bool bitalloc_alloc_at(struct bitalloc *a, uint64_t base, uint64_t size);

/* Free [base, base + size) if every page in it is allocated, atomically;
 * otherwise (also for size 0 or a range beyond the capacity) change nothing. */
/*@ requires inv(a);
    assigns a->words[0 .. a->nwords - 1], a->nfree;
    exits \false;
    ensures inv(a);
    ensures \result <==> (0 < size && base + size <= cap(a) && all_used{Pre}(a, base, base + size));
    ensures \result ==> all_free(a, base, base + size) && same_free_outside{Pre, Post}(a, base, base + size);
    ensures \result ==> a->nfree == \old(a->nfree) + size;
    ensures !\result ==> words_unchanged{Pre, Post}(a) && a->nfree == \old(a->nfree);
 */
bool bitalloc_dealloc_contiguous(struct bitalloc *a, uint64_t base, uint64_t size);

/* Mark [start, end) free, whatever its state.  Empty range: true, no-op.
 * Reversed or beyond the capacity: false, no change. */
/*@ requires inv(a);
    assigns a->words[0 .. a->nwords - 1], a->nfree;
    exits \false;
    ensures inv(a);
    ensures \result <==> (start <= end <= cap(a));
    ensures \result ==> all_free(a, start, end) && same_free_outside{Pre, Post}(a, start, end);
    ensures !\result ==> words_unchanged{Pre, Post}(a) && a->nfree == \old(a->nfree);
 */
bool bitalloc_insert(struct bitalloc *a, uint64_t start, uint64_t end);

/* Mark [start, end) allocated, whatever its state.  Empty range: true,
 * no-op.  Reversed or beyond the capacity: false, no change. */
/*@ requires inv(a);
    assigns a->words[0 .. a->nwords - 1], a->nfree;
    exits \false;
    ensures inv(a);
    ensures \result <==> (start <= end <= cap(a));
    ensures \result ==> all_used(a, start, end) && same_free_outside{Pre, Post}(a, start, end);
    ensures !\result ==> words_unchanged{Pre, Post}(a) && a->nfree == \old(a->nfree);
 */
bool bitalloc_remove(struct bitalloc *a, uint64_t start, uint64_t end);

/*
 * Largest run of free pages that starts at a multiple of 2^align_log2: its
 * base (the lowest among equals) and length in *base and *size.  False, with
 * *size = 0, when no aligned base is free or align_log2 >= 64.  For the
 * console (`mem`); it walks every free run, so do not call it on a hot path.
 */
/*@ requires inv(a);
    requires \valid(base) && \valid(size) && \separated(base, size);
    requires \separated(base, a, a->words + (0 .. a->nwords - 1));
    requires \separated(size, a, a->words + (0 .. a->nwords - 1));
    assigns *base, *size;
    exits \false;
    ensures \result ==> 0 < *size && aligned(*base, align_log2) && *base + *size <= cap(a);
    ensures \result ==> all_free(a, *base, *base + *size);
    ensures !\result ==> *size == 0;
    ensures largest: align_log2 < 64 ==> !fit_below(a, *size + 1, align_log2, cap(a));
 */
bool bitalloc_largest_free_run(const struct bitalloc *a, unsigned align_log2,
			       uint64_t *base, uint64_t *size);

#endif /* TESSERA_MM_BITALLOC_H */
