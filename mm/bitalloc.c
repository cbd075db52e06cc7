/*
 * Cascading 16-ary bitmap page allocator; see mm/bitalloc.h for the layout.
 *
 * Invariant (inv in specs/bitalloc/logic.acsl): a parent bit is set exactly
 * when its child word is non-zero.  Every change starts at a leaf word and is
 * carried upwards by propagate_up(), which stops as soon as a parent already
 * agrees.  Searches go down from the root, following set bits, so they skip
 * every subtree without a free page.
 */
#include "bitalloc.h"

#define PAGES_PER_WORD 16u
#define ROOT 0u
/* Alignments of 2^32 pages and more exceed every capacity (<= 2^28). */
#define ALIGN_LOG2_BEYOND_CAPACITY 32u

/* First word of level l, l = 0..7: (16^l - 1) / 15. */
/*@ requires l <= 7;
    assigns \nothing;
    exits \false;
    ensures \result == off(l);
 */
static uint32_t level_offset(uint32_t l)
{
	static const uint32_t offsets[BITALLOC_MAX_DEPTH + 1] = {
		0, 1, 17, 273, 4369, 69905, 1118481, 17895697
	};

	return offsets[l];
}

uint64_t bitalloc_storage_words(uint32_t depth)
{
	if (depth < BITALLOC_MIN_DEPTH || depth > BITALLOC_MAX_DEPTH)
		return 0;
	return level_offset(depth);
}

bool bitalloc_init(struct bitalloc *a, uint32_t depth, uint16_t *storage,
		   size_t storage_words)
{
	if (a == NULL || storage == NULL)
		return false;
	if (depth < BITALLOC_MIN_DEPTH || depth > BITALLOC_MAX_DEPTH)
		return false;
	if (storage_words < level_offset(depth))
		return false;
	a->words = storage;
	a->depth = depth;
	a->leaf = level_offset(depth - 1);
	a->nwords = level_offset(depth);
	a->nfree = 0;
	/*@ loop invariant 0 <= c <= a->nwords;
	    loop invariant \forall integer x; 0 <= x < c ==> storage[x] == 0;
	    loop assigns c, storage[0 .. storage_words - 1];
	    loop variant a->nwords - c;
	 */
	for (uint32_t c = 0; c < a->nwords; c++)
		storage[c] = 0;
	/*@ assert all_used(a, 0, cap(a)); */
	return true;
}

uint64_t bitalloc_capacity(const struct bitalloc *a)
{
	return (uint64_t)(a->nwords - a->leaf) * PAGES_PER_WORD;
}

uint64_t bitalloc_free_count(const struct bitalloc *a)
{
	return a->nfree;
}

/* Leaf word holding page (page < capacity). */
/*@ requires shape(a) && page < cap(a);
    assigns \nothing;
    exits \false;
    ensures \result == a->leaf + page / 16;
    ensures a->leaf <= \result < a->nwords;
 */
static uint32_t leaf_word(const struct bitalloc *a, uint64_t page)
{
	return a->leaf + (uint32_t)(page / PAGES_PER_WORD);
}

/* First page covered by leaf word c. */
/*@ requires shape(a) && a->leaf <= c < a->nwords;
    assigns \nothing;
    exits \false;
    ensures \result == 16 * (c - a->leaf);
    ensures \result + 16 <= cap(a);
 */
static uint64_t word_first_page(const struct bitalloc *a, uint32_t c)
{
	return (uint64_t)(c - a->leaf) * PAGES_PER_WORD;
}

bool bitalloc_test(const struct bitalloc *a, uint64_t page)
{
	if (page >= bitalloc_capacity(a))
		return false;
	return bits_test(a->words[leaf_word(a, page)], page % PAGES_PER_WORD);
}

/*
 * Word c has just changed.  Walk up, fixing each parent bit that no longer
 * says whether its child is non-zero; stop at the first parent that agrees,
 * since nothing above it can have changed.
 */
/*@ requires shape(a) && c < a->nwords && consistent_but(a, c);
    assigns a->words[0 .. a->nwords - 1];
    exits \false;
    ensures consistent(a);
    ensures leaves_unchanged{Pre, Post}(a);
 */
static inline void propagate_up(struct bitalloc *a, uint32_t c)
{
	/*@ loop invariant c < a->nwords && consistent_but(a, c);
	    loop invariant leaves_unchanged{Pre, Here}(a);
	    loop assigns c, a->words[0 .. a->leaf - 1];
	    loop variant c;
	 */
	while (c != ROOT) {
		uint32_t parent = (c - 1) / PAGES_PER_WORD;
		unsigned slot = (c - 1) % PAGES_PER_WORD;
		uint16_t pw = a->words[parent];
		bool child_free = a->words[c] != 0;

		if (bits_test(pw, slot) == child_free)
			return;
		if (child_free)
			a->words[parent] = bits_set_range(pw, slot, slot + 1);
		else
			a->words[parent] = bits_clear_range(pw, slot, slot + 1);
		c = parent;
	}
}

/* Write leaf word c and restore the invariant above it. */
/*@ requires shape(a) && consistent(a) && a->leaf <= c < a->nwords;
    assigns a->words[0 .. a->nwords - 1];
    exits \false;
    ensures consistent(a);
    ensures a->words[c] == w;
    ensures \forall integer x; a->leaf <= x < a->nwords && x != c ==> a->words[x] == \old(a->words[x]);
    ensures \forall integer q; 0 <= q < cap(a) && a->leaf + q / 16 != c ==> (free(a, q) <==> free{Pre}(a, q));
 */
static inline void write_word(struct bitalloc *a, uint32_t c, uint16_t w)
{
	bool was_free = a->words[c] != 0;

	a->words[c] = w;
	if (was_free != (w != 0))
		propagate_up(a, c);
}

/*
 * A zero root means every word is zero, hence no free page: each level's
 * words have zero parents.  Only the proof needs this; the empty loop walks
 * the levels so that the solvers see one level per step, and the compiler
 * removes it.
 */
/*@ requires shape(a) && consistent(a) && a->words[ROOT] == 0;
    assigns \nothing;
    exits \false;
    ensures \forall integer x; 0 <= x < a->nwords ==> a->words[x] == 0;
    ensures all_used(a, 0, cap(a));
 */
static void empty_root_means_full(const struct bitalloc *a)
{
	/*@ loop invariant 1 <= l <= a->depth;
	    loop invariant \forall integer x; 0 <= x < off(l) ==> a->words[x] == 0;
	    loop assigns l;
	    loop variant a->depth - l;
	 */
	for (uint32_t l = 1; l < a->depth; l++) {
	}
}

/*
 * Lowest free page: from the root, follow the lowest set bit down to a leaf.
 * Every word to the left of the path on each level is zero, which is why
 * the page found is the lowest.
 */
/*@ requires shape(a) && consistent(a) && a->words[ROOT] != 0;
    assigns \nothing;
    exits \false;
    ensures 0 <= \result < cap(a) && free(a, \result);
    ensures \forall integer p; 0 <= p < \result ==> !free(a, p);
 */
static uint64_t lowest_free(const struct bitalloc *a)
{
	uint32_t c = ROOT;
	unsigned i;

	/*@ loop invariant 0 <= l < a->depth;
	    loop invariant off(l) <= c < off(l + 1) && a->words[c] != 0;
	    loop invariant \forall integer x; off(l) <= x < c ==> a->words[x] == 0;
	    loop assigns l, c;
	    loop variant a->depth - l;
	 */
	for (uint32_t l = 0; l + 1 < a->depth; l++)
		c = PAGES_PER_WORD * c + 1 + bits_first_set_from(a->words[c], 0);
	i = bits_first_set_from(a->words[c], 0);
	return word_first_page(a, c) + i;
}

/*
 * Words lo .. hi-1 of level l are zero, so every descendant of theirs is
 * zero: their pages are allocated.  Only the proof needs this; the loop walks
 * down the levels (children of [lo, hi) are [16 lo + 1, 16 hi + 1)) and the
 * compiler removes it.
 */
/*@ requires shape(a) && consistent(a) && l < a->depth;
    requires off(l) <= lo <= hi <= off(l + 1);
    requires \forall integer x; lo <= x < hi ==> a->words[x] == 0;
    assigns \nothing;
    exits \false;
    ensures all_used(a, 16 * (desc(lo, l, a->depth - 1) - a->leaf),
                        16 * (desc(hi, l, a->depth - 1) - a->leaf));
 */
static void zero_words_zero_pages(const struct bitalloc *a, uint64_t lo, uint64_t hi,
				  uint32_t l)
{
	uint64_t dlo = lo, dhi = hi;

	/*@ loop invariant l <= m <= a->depth - 1;
	    loop invariant dlo == desc(lo, l, m) && dhi == desc(hi, l, m);
	    loop invariant off(m) <= dlo <= dhi <= off(m + 1);
	    loop invariant \forall integer y; dlo <= y < dhi ==> a->words[y] == 0;
	    loop assigns m, dlo, dhi;
	    loop variant a->depth - m;
	 */
	for (uint32_t m = l; m + 1 < a->depth; m++) {
		/*@ assert m <= 5; */
		/*@ assert desc(lo, l, m + 1) == 16 * desc(lo, l, m) + 1; */
		/*@ assert desc(hi, l, m + 1) == 16 * desc(hi, l, m) + 1; */
		/*@ assert off(m + 1) == 16 * off(m) + 1; */
		dlo = PAGES_PER_WORD * dlo + 1;
		dhi = PAGES_PER_WORD * dhi + 1;
	}
}

/*
 * Lowest free page in the subtree of word t of level l, which must be
 * non-zero: follow the lowest set bit down to a leaf.  Every word of the
 * subtree to the left of the path is zero.
 */
/*@ requires shape(a) && consistent(a) && l < a->depth;
    requires off(l) <= t < off(l + 1) && a->words[t] != 0;
    assigns \nothing;
    exits \false;
    ensures 16 * (desc(t, l, a->depth - 1) - a->leaf) <= \result < 16 * (desc(t + 1, l, a->depth - 1) - a->leaf);
    ensures \result < cap(a) && free(a, \result);
    ensures all_used(a, 16 * (desc(t, l, a->depth - 1) - a->leaf), \result);
 */
static uint64_t descend_lowest(const struct bitalloc *a, uint32_t t, uint32_t l)
{
	uint32_t c = t;

	/*@ loop invariant l <= m < a->depth;
	    loop invariant desc(t, l, m) <= c < desc(t + 1, l, m) && a->words[c] != 0;
	    loop invariant off(m) <= desc(t, l, m) && desc(t + 1, l, m) <= off(m + 1);
	    loop invariant \forall integer x; desc(t, l, m) <= x < c ==> a->words[x] == 0;
	    loop assigns m, c;
	    loop variant a->depth - m;
	 */
	for (uint32_t m = l; m + 1 < a->depth; m++)
		c = PAGES_PER_WORD * c + 1 + bits_first_set_from(a->words[c], 0);
	return word_first_page(a, c) + bits_first_set_from(a->words[c], 0);
}

/* Quotient and remainder of 16 * q + r by 16 (proof only): a fact the
 * solvers find at once alone but slowly inside a big goal. */
/*@ requires 0 <= r < 16;
    assigns \nothing;
    exits \false;
    ensures (16 * q + r) / 16 == q && (16 * q + r) % 16 == r;
 */
static void div16_facts(uint64_t q, unsigned r)
{
	(void)q;
	(void)r;
}

/* desc_child for one word (proof only): calling it instantiates the lemma
 * with the caller's own expression for y. */
/*@ requires 1 <= l <= m <= 7;
    assigns \nothing;
    exits \false;
    ensures desc(16 * y + 1, l, m) == desc(y, l - 1, m);
 */
static void desc_child_fact(uint64_t y, uint32_t l, uint32_t m)
{
	/* Both sides start at 16y + 1 on level l and follow desc_step below. */
	/*@ assert desc(16 * y + 1, l, l) == 16 * y + 1; */
	/*@ assert desc(y, l - 1, l - 1) == y; */
	/*@ assert desc(y, l - 1, l) == 16 * desc(y, l - 1, l - 1) + 1; */
	/*@ loop invariant l <= n <= m;
	    loop invariant desc(16 * y + 1, l, n) == desc(y, l - 1, n);
	    loop assigns n;
	    loop variant m - n;
	 */
	for (uint32_t n = l; n < m; n++) {
		/*@ assert desc(16 * y + 1, l, n + 1) == 16 * desc(16 * y + 1, l, n) + 1; */
		/*@ assert desc(y, l - 1, n + 1) == 16 * desc(y, l - 1, n) + 1; */
	}
	(void)y;
}

bool bitalloc_next(const struct bitalloc *a, uint64_t from, uint64_t *page)
{
	uint32_t c, l;
	unsigned k;

	if (from >= bitalloc_capacity(a))
		return false;
	c = leaf_word(a, from);
	k = bits_first_set_from(a->words[c], from % PAGES_PER_WORD);
	if (k < PAGES_PER_WORD) {
		*page = word_first_page(a, c) + k;
		return true;
	}
	/*
	 * Climb until an ancestor has a free subtree to the right of the path.
	 * Every page from `from` to the end of c's subtree is allocated.
	 */
	l = a->depth - 1;
	/*@ assert \forall integer x; from <= x < 16 * (c + 1 - a->leaf) ==>
	             x / 16 == from / 16 && from % 16 <= x % 16; */
	/*@ assert all_used(a, from, 16 * (c + 1 - a->leaf)); */
	/*@ assert desc(c + 1, l, l) == c + 1; */
	/*@ loop invariant 0 <= l < a->depth && off(l) <= c < off(l + 1);
	    loop invariant from <= 16 * (desc(c + 1, l, a->depth - 1) - a->leaf);
	    loop invariant all_used(a, from, 16 * (desc(c + 1, l, a->depth - 1) - a->leaf));
	    loop assigns c, l, k, *page;
	    loop variant c;
	 */
	while (c != ROOT) {
		uint32_t parent = (c - 1) / PAGES_PER_WORD;
		unsigned slot = (c - 1) % PAGES_PER_WORD;

		/*@ assert 1 <= l && off(l) == 16 * off(l - 1) + 1 && off(l + 1) == 16 * off(l) + 1; */
		/*@ assert off(l - 1) <= parent < off(l) && c == 16 * parent + 1 + slot; */
		k = bits_first_set_from(a->words[parent], slot + 1);
		if (k < PAGES_PER_WORD) {
			uint32_t t = PAGES_PER_WORD * parent + 1 + k;

			/*@ assert \forall integer x; c < x < t ==> (x - 1) / 16 == parent && slot < (x - 1) % 16 < k; */
			/*@ assert \forall integer x; c < x < t ==> a->words[x] == 0; */
			div16_facts(parent, k);
			/*@ assert t - 1 == 16 * parent + k; */
			/*@ assert (t - 1) / 16 == parent && (t - 1) % 16 == k; */
			/*@ assert a->words[t] != 0; */
			/*@ assert off(l) <= t < off(l + 1); */

			zero_words_zero_pages(a, c + 1, t, l);
			/*@ assert desc(c + 1, l, a->depth - 1) <= desc(t, l, a->depth - 1); */
			*page = descend_lowest(a, t, l);
			return true;
		}
		/*@ assert \forall integer x; c < x < 16 * parent + 17 ==> (x - 1) / 16 == parent && slot < (x - 1) % 16 < 16; */
		/*@ assert \forall integer x; c < x < 16 * parent + 17 ==> a->words[x] == 0; */
		/*@ assert 16 * parent + 17 <= off(l + 1); */
		zero_words_zero_pages(a, c + 1, PAGES_PER_WORD * parent + PAGES_PER_WORD + 1, l);
		desc_child_fact(parent + 1, l, a->depth - 1);
		/*@ assert desc(parent + 1, l - 1, a->depth - 1) == desc(16 * parent + 17, l, a->depth - 1); */
		/*@ assert desc(c + 1, l, a->depth - 1) <= desc(16 * parent + 17, l, a->depth - 1); */
		c = parent;
		l--;
	}
	/*@ assert l == 0; */
	/*@ assert desc(1, 0, a->depth - 1) == a->nwords; */
	return false;
}

/*
 * Bits from .. to-1 of leaf word c count the free pages they stand for (proof
 * only: the empty loop adds one bit per step, which is the induction the
 * solvers cannot do on their own; the compiler removes it).
 */
/*@ requires shape(a) && a->leaf <= c < a->nwords && from <= to <= 16;
    assigns \nothing;
    exits \false;
    ensures nbits(a->words[c], from, to) ==
            nfree_in(a, 16 * (c - a->leaf) + from, 16 * (c - a->leaf) + to);
 */
static void word_count_fact(const struct bitalloc *a, uint32_t c, unsigned from,
			    unsigned to)
{
	(void)a;
	(void)c;
	/*@ loop invariant from <= i <= to;
	    loop invariant nbits(a->words[c], from, i) ==
	                   nfree_in(a, 16 * (c - a->leaf) + from, 16 * (c - a->leaf) + i);
	    loop assigns i;
	    loop variant to - i;
	 */
	for (unsigned i = from; i < to; i++) {
		/*@ assert free(a, 16 * (c - a->leaf) + i) <==> bit(a->words[c], i); */
		/*@ assert nbits(a->words[c], from, i + 1) ==
		           nbits(a->words[c], from, i) + ((a->words[c] & (1 << i)) != 0 ? 1 : 0); */
	}
}

/* Number of free pages among bits from .. to-1 of leaf word c. */
/*@ requires shape(a) && a->leaf <= c < a->nwords && from <= to <= 16;
    assigns \nothing;
    exits \false;
    ensures \result == nfree_in(a, 16 * (c - a->leaf) + from, 16 * (c - a->leaf) + to);
    ensures \result <= to - from;
 */
static unsigned count_free_bits(const struct bitalloc *a, uint32_t c, unsigned from,
				unsigned to)
{
	word_count_fact(a, c, from, to);
	return bits_count_range(a->words[c], from, to);
}

/* Arithmetic of the pages p .. p + to - p%16 - 1 that share p's leaf word
 * (proof only: an empty function whose contract is proved on its own). */
/*@ requires p % 16 < to <= 16;
    assigns \nothing;
    exits \false;
    ensures \forall integer x; p <= x < p + (to - p % 16) ==>
              x / 16 == p / 16 && p % 16 <= x % 16 < to;
    ensures \forall integer q; 0 <= q && q / 16 == p / 16 && !(p <= q < p + (to - p % 16)) ==>
              0 <= q % 16 < 16 && !(p % 16 <= q % 16 < to);
    ensures 16 * (p / 16) + p % 16 == p;
 */
static void word_part_facts(uint64_t p, unsigned to)
{
	(void)p;
	(void)to;
}

/* Bits p%16 .. j-1 of p's leaf word c are set: those pages are free (proof only). */
/*@ requires shape(a) && p < cap(a) && p % 16 <= j <= 16 && c == a->leaf + p / 16;
    requires \forall integer i; p % 16 <= i < j ==> bit(a->words[c], i);
    assigns \nothing;
    exits \false;
    ensures all_free(a, p, p + (j - p % 16));
 */
static void word_bits_free(const struct bitalloc *a, uint32_t c, uint64_t p, unsigned j)
{
	(void)a;
	(void)c;
	(void)p;
	(void)j;
	/*@ assert \forall integer x; p <= x < p + (j - p % 16) ==>
	             x / 16 == p / 16 && p % 16 <= x % 16 < j; */
}

/* Bits p%16 .. j-1 of p's leaf word c are clear: those pages are allocated
 * (proof only). */
/*@ requires shape(a) && p < cap(a) && p % 16 <= j <= 16 && c == a->leaf + p / 16;
    requires \forall integer i; p % 16 <= i < j ==> !bit(a->words[c], i);
    assigns \nothing;
    exits \false;
    ensures all_used(a, p, p + (j - p % 16));
 */
static void word_bits_used(const struct bitalloc *a, uint32_t c, uint64_t p, unsigned j)
{
	(void)a;
	(void)c;
	(void)p;
	(void)j;
	/*@ assert \forall integer x; p <= x < p + (j - p % 16) ==>
	             x / 16 == p / 16 && p % 16 <= x % 16 < j; */
}

/*
 * Set bits from .. to-1 (pages p .. p + to - from - 1) of p's leaf word, or
 * clear them, keeping the hierarchy and the free count exact.  The caller
 * says how many of those pages are free now: it often knows without counting.
 */
/*@ requires inv(a) && p < cap(a) && p % 16 < to <= 16;
    requires was_free == nfree_in(a, p, p + (to - p % 16));
    assigns a->words[0 .. a->nwords - 1], a->nfree;
    exits \false;
    ensures inv(a);
    ensures make_free ==> all_free(a, p, p + (to - p % 16));
    ensures !make_free ==> all_used(a, p, p + (to - p % 16));
    ensures same_free_outside{Pre, Post}(a, p, p + (to - p % 16));
    ensures a->nfree == \old(a->nfree) - nfree_in{Pre}(a, p, p + (to - p % 16)) + (make_free ? to - p % 16 : 0);
 */
static inline void set_word_part(struct bitalloc *a, uint64_t p, unsigned to, bool make_free,
			  unsigned was_free)
{
	uint32_t c = leaf_word(a, p);
	unsigned from = p % PAGES_PER_WORD;
	uint16_t w = make_free ? bits_set_range(a->words[c], from, to)
			       : bits_clear_range(a->words[c], from, to);

	word_part_facts(p, to);
	/*@ assert \forall integer x; p <= x < p + (to - from) ==>
	             a->leaf + x / 16 == c && from <= x % 16 < to; */
	/*@ assert a->nfree <= cap(a); */
	/*@ assert 16 * (c - a->leaf) + from == p; */
	/*@ assert was_free == nfree_in(a, p, p + (to - from)); */
	/*@ assert was_free <= to - from; */
	/*@ assert nfree_in(a, 0, cap(a)) == nfree_in(a, 0, p) + nfree_in(a, p, cap(a)); */
	/*@ assert nfree_in(a, p, cap(a)) == nfree_in(a, p, p + (to - from)) + nfree_in(a, p + (to - from), cap(a)); */
	write_word(a, c, w);
	/*@ assert a->words[c] == w; */
	/*@ assert \forall integer q; 0 <= q < cap(a) && a->leaf + q / 16 == c && !(p <= q < p + (to - from)) ==>
	             (free(a, q) <==> free{Pre}(a, q)); */
	/*@ assert same_free_outside{Pre, Here}(a, p, p + (to - from)); */
	/*@ assert nfree_in(a, 0, p) == nfree_in{Pre}(a, 0, p); */
	/*@ assert nfree_in(a, p + (to - from), cap(a)) == nfree_in{Pre}(a, p + (to - from), cap(a)); */
	/*@ assert nfree_in(a, 0, cap(a)) == nfree_in(a, 0, p) + nfree_in(a, p, cap(a)); */
	/*@ assert nfree_in(a, p, cap(a)) == nfree_in(a, p, p + (to - from)) + nfree_in(a, p + (to - from), cap(a)); */
	if (make_free) {
		word_bits_free(a, c, p, to);
		/*@ assert nfree_in(a, p, p + (to - from)) == to - from; */
		/*@ assert nfree_in(a, 0, cap(a)) == \at(a->nfree, Pre) + (to - from) - was_free; */
		/*@ assert a->nfree + ((to - from) - was_free) <= cap(a); */
		a->nfree += (to - from) - was_free;
	} else {
		word_bits_used(a, c, p, to);
		/*@ assert nfree_in(a, p, p + (to - from)) == 0; */
		/*@ assert nfree_in(a, 0, cap(a)) == \at(a->nfree, Pre) - was_free; */
		a->nfree -= was_free;
	}
}

/* Mark page p allocated; it must be free. */
/*@ requires inv(a) && p < cap(a) && free(a, p);
    assigns a->words[0 .. a->nwords - 1], a->nfree;
    exits \false;
    ensures inv(a) && !free(a, p) && same_free_outside{Pre, Post}(a, p, p + 1);
    ensures a->nfree == \old(a->nfree) - 1;
 */
static inline void take_page(struct bitalloc *a, uint64_t p)
{
	unsigned i = p % PAGES_PER_WORD;

	/*@ assert nfree_in(a, p, p + 1) == 1; */
	set_word_part(a, p, i + 1, false, 1);
}

/* Mark page p free; it must be allocated. */
/*@ requires inv(a) && p < cap(a) && !free(a, p);
    assigns a->words[0 .. a->nwords - 1], a->nfree;
    exits \false;
    ensures inv(a) && free(a, p) && same_free_outside{Pre, Post}(a, p, p + 1);
    ensures a->nfree == \old(a->nfree) + 1;
 */
static inline void give_page(struct bitalloc *a, uint64_t p)
{
	unsigned i = p % PAGES_PER_WORD;

	/*@ assert nfree_in(a, p, p + 1) == 0; */
	set_word_part(a, p, i + 1, true, 0);
}

bool bitalloc_alloc(struct bitalloc *a, uint64_t *page)
{
	uint64_t p;

	if (a->words[ROOT] == 0) {
		empty_root_means_full(a);
		return false;
	}
	p = lowest_free(a);
	take_page(a, p);
	*page = p;
	return true;
}

bool bitalloc_dealloc(struct bitalloc *a, uint64_t page)
{
	if (page >= bitalloc_capacity(a))
		return false;
	if (bits_test(a->words[leaf_word(a, page)], page % PAGES_PER_WORD))
		return false;
	give_page(a, page);
	return true;
}

/* Whether [base, base + size) is a non-empty range inside the allocator,
 * checked without overflow. */
/*@ requires inv(a);
    assigns \nothing;
    exits \false;
    ensures \result <==> (0 < size && base + size <= cap(a));
 */
static bool range_ok(const struct bitalloc *a, uint64_t base, uint64_t size)
{
	uint64_t cap = bitalloc_capacity(a);

	return size != 0 && size <= cap && base <= cap - size;
}

/* End (exclusive), as a bit index, of the part of [p, hi) inside p's word. */
/*@ requires p < hi;
    assigns \nothing;
    exits \false;
    ensures p % 16 < \result <= 16;
    ensures \result == (hi - (p - p % 16) >= 16 ? 16 : hi - (p - p % 16));
 */
static unsigned word_part_end(uint64_t p, uint64_t hi)
{
	uint64_t word_start = p - p % PAGES_PER_WORD;

	return hi - word_start >= PAGES_PER_WORD ? PAGES_PER_WORD
						 : (unsigned)(hi - word_start);
}

/* Lowest allocated page in [lo, hi) (hi <= capacity), in *q. */
/*@ requires inv(a) && lo <= hi <= cap(a);
    requires \valid(q) && \separated(q, a, a->words + (0 .. a->nwords - 1));
    assigns *q;
    exits \false;
    ensures \result ==> lo <= *q < hi && !free(a, *q) && all_free(a, lo, *q);
    ensures !\result ==> all_free(a, lo, hi);
 */
static bool first_used(const struct bitalloc *a, uint64_t lo, uint64_t hi,
		       uint64_t *q)
{
	uint64_t p = lo;

	/*@ loop invariant lo <= p <= hi && all_free(a, lo, p);
	    loop assigns p;
	    loop variant hi - p;
	 */
	while (p < hi) {
		uint32_t c = leaf_word(a, p);
		unsigned from = p % PAGES_PER_WORD;
		unsigned to = word_part_end(p, hi);
		unsigned j = bits_first_clear_from(a->words[c], from);

		if (j < to) {
			/*@ assert (p - from + j) / 16 == p / 16 && (p - from + j) % 16 == j; */
			word_bits_free(a, c, p, j);
			*q = p - from + j;
			return true;
		}
		word_bits_free(a, c, p, to);
		p += to - from;
	}
	return false;
}

/* Whether every page of [lo, hi) (hi <= capacity) is allocated. */
/*@ requires inv(a) && lo <= hi <= cap(a);
    assigns \nothing;
    exits \false;
    ensures \result <==> all_used(a, lo, hi);
 */
static bool all_used_range(const struct bitalloc *a, uint64_t lo, uint64_t hi)
{
	uint64_t p = lo;

	/*@ loop invariant lo <= p <= hi && all_used(a, lo, p);
	    loop assigns p;
	    loop variant hi - p;
	 */
	while (p < hi) {
		uint32_t c = leaf_word(a, p);
		unsigned from = p % PAGES_PER_WORD;
		unsigned to = word_part_end(p, hi);

		unsigned j = bits_first_set_from(a->words[c], from);

		if (j < to) {
			/*@ assert (p - from + j) / 16 == p / 16 && (p - from + j) % 16 == j; */
			/*@ assert free(a, p - from + j); */
			return false;
		}
		word_bits_used(a, c, p, to);
		p += to - from;
	}
	return true;
}

/*
 * Number of whole leaf words from page p on (p at a word start) that lie in
 * [p, hi) and share the parent of p's word: up to 16.  0 when p is inside a
 * word, when less than a word is left, or at depth 1 (the leaf is the root).
 */
/*@ requires shape(a) && p < hi <= cap(a);
    assigns \nothing;
    exits \false;
    ensures \result <= 16;
    ensures \result != 0 ==> p % 16 == 0 && p + 16 * \result <= hi && a->leaf >= 1;
    ensures \result != 0 ==> (a->leaf + p / 16 - 1) % 16 + \result <= 16;
 */
static uint32_t sibling_words(const struct bitalloc *a, uint64_t p, uint64_t hi)
{
	uint64_t whole;
	uint32_t room;

	if (p % PAGES_PER_WORD != 0 || a->leaf == ROOT)
		return 0;
	whole = (hi - p) / PAGES_PER_WORD;
	room = PAGES_PER_WORD - (leaf_word(a, p) - 1) % PAGES_PER_WORD;
	return whole < room ? (uint32_t)whole : room;
}

/* Number of free pages in the n whole leaf words from page p on. */
/*@ requires shape(a) && p % 16 == 0 && 1 <= n <= 16 && p + 16 * n <= cap(a);
    assigns \nothing;
    exits \false;
    ensures \result == nfree_in(a, p, p + 16 * n);
    ensures \result <= 16 * n;
 */
static uint64_t count_free_words(const struct bitalloc *a, uint64_t p, uint32_t n)
{
	uint32_t c0 = leaf_word(a, p);
	uint64_t sum = 0;

	/*@ loop invariant 0 <= i <= n && sum <= 16 * i;
	    loop invariant sum == nfree_in(a, p, p + 16 * i);
	    loop assigns i, sum;
	    loop variant n - i;
	 */
	for (uint32_t i = 0; i < n; i++) {
		/*@ assert 16 * (c0 + i - a->leaf) == p + 16 * i; */
		/*@ assert nfree_in(a, p, p + 16 * (i + 1)) == nfree_in(a, p, p + 16 * i) + nfree_in(a, p + 16 * i, p + 16 * i + 16); */
		sum += count_free_bits(a, c0 + i, 0, PAGES_PER_WORD);
	}
	return sum;
}

/*
 * Make the n whole leaf words from page p on (siblings under one parent) all
 * free or all allocated, then fix the parent's n bits in one write and carry
 * the change upwards once: a range costs one parent update per 16 words,
 * not one per word.  was_free: the free pages among them now.
 */
/*@ requires inv(a) && p % 16 == 0 && 1 <= n <= 16 && a->leaf >= 1;
    requires p + 16 * n <= cap(a);
    requires (a->leaf + p / 16 - 1) % 16 + n <= 16;
    requires was_free == nfree_in(a, p, p + 16 * n);
    assigns a->words[0 .. a->nwords - 1], a->nfree;
    exits \false;
    ensures inv(a);
    ensures make_free ==> all_free(a, p, p + 16 * n);
    ensures !make_free ==> all_used(a, p, p + 16 * n);
    ensures same_free_outside{Pre, Post}(a, p, p + 16 * n);
    ensures a->nfree == \old(a->nfree) - was_free + (make_free ? 16 * n : 0);
 */
static void fill_sibling_words(struct bitalloc *a, uint64_t p, uint32_t n, bool make_free,
			       uint64_t was_free)
{
	uint32_t c0 = leaf_word(a, p);
	uint32_t parent = (c0 - 1) / PAGES_PER_WORD;
	unsigned slot0 = (c0 - 1) % PAGES_PER_WORD;
	uint16_t w = make_free ? bits_set_range(0, 0, PAGES_PER_WORD) : 0;
	uint16_t pw = a->words[parent];

	/*@ assert parent < a->leaf && c0 + n <= a->nwords; */
	/*@ assert \forall integer x; c0 <= x < c0 + n ==> (x - 1) / 16 == parent && slot0 <= (x - 1) % 16 < slot0 + n; */
	/*@ assert \forall integer x; 1 <= x < a->nwords && (x - 1) / 16 == parent && slot0 <= (x - 1) % 16 < slot0 + n ==> c0 <= x < c0 + n; */
	/*@ assert was_free <= 16 * n; */
	/*@ assert nfree_in(a, 0, cap(a)) == nfree_in(a, 0, p) + nfree_in(a, p, cap(a)); */
	/*@ assert nfree_in(a, p, cap(a)) == nfree_in(a, p, p + 16 * n) + nfree_in(a, p + 16 * n, cap(a)); */
	/*@ loop invariant c0 <= c <= c0 + n;
	    loop invariant \forall integer x; c0 <= x < c ==> a->words[x] == w;
	    loop invariant \forall integer x; 0 <= x < a->nwords && !(c0 <= x < c) ==>
	                     a->words[x] == \at(a->words[x], Pre);
	    loop assigns c, a->words[c0 .. c0 + n - 1];
	    loop variant c0 + n - c;
	 */
	for (uint32_t c = c0; c < c0 + n; c++)
		a->words[c] = w;
	if (make_free)
		a->words[parent] = bits_set_range(pw, slot0, slot0 + n);
	else
		a->words[parent] = bits_clear_range(pw, slot0, slot0 + n);
	/*@ assert consistent_but(a, parent); */
	propagate_up(a, parent);
	/*@ assert \forall integer q; p <= q < p + 16 * n ==> c0 <= a->leaf + q / 16 < c0 + n && 0 <= q % 16 < 16; */
	/*@ assert \forall integer q; 0 <= q < cap(a) && !(p <= q < p + 16 * n) ==> !(c0 <= a->leaf + q / 16 < c0 + n); */
	/*@ assert same_free_outside{Pre, Here}(a, p, p + 16 * n); */
	/*@ assert nfree_in(a, 0, p) == nfree_in{Pre}(a, 0, p); */
	/*@ assert nfree_in(a, p + 16 * n, cap(a)) == nfree_in{Pre}(a, p + 16 * n, cap(a)); */
	/*@ assert nfree_in(a, 0, cap(a)) == nfree_in(a, 0, p) + nfree_in(a, p, cap(a)); */
	/*@ assert nfree_in(a, p, cap(a)) == nfree_in(a, p, p + 16 * n) + nfree_in(a, p + 16 * n, cap(a)); */
	if (make_free) {
		/*@ assert all_free(a, p, p + 16 * n); */
		/*@ assert nfree_in(a, p, p + 16 * n) == 16 * n; */
		a->nfree = a->nfree - was_free + PAGES_PER_WORD * n;
	} else {
		/*@ assert all_used(a, p, p + 16 * n); */
		/*@ assert nfree_in(a, p, p + 16 * n) == 0; */
		a->nfree -= was_free;
	}
}

/*
 * Mark [lo, hi) (hi <= capacity) free or allocated, keeping the free count
 * exact: the partial words at the ends one at a time, the whole words 16
 * siblings at a time.  `known` says that every page of the range is in the
 * other state (the caller checked it), so nothing needs counting.
 */
/*@ requires inv(a) && lo <= hi <= cap(a);
    requires known && make_free ==> all_used(a, lo, hi);
    requires known && !make_free ==> all_free(a, lo, hi);
    assigns a->words[0 .. a->nwords - 1], a->nfree;
    exits \false;
    ensures inv(a);
    ensures make_free ==> all_free(a, lo, hi);
    ensures !make_free ==> all_used(a, lo, hi);
    ensures same_free_outside{Pre, Post}(a, lo, hi);
    ensures a->nfree == \old(a->nfree) - nfree_in{Pre}(a, lo, hi) + (make_free ? hi - lo : 0);
 */
static void set_range(struct bitalloc *a, uint64_t lo, uint64_t hi, bool make_free,
		      bool known)
{
	uint64_t p = lo;

	/*@ loop invariant lo <= p <= hi && inv(a);
	    loop invariant make_free ==> all_free(a, lo, p);
	    loop invariant !make_free ==> all_used(a, lo, p);
	    loop invariant same_free_outside{Pre, Here}(a, lo, p);
	    loop invariant a->nfree == \at(a->nfree, Pre) - nfree_in{Pre}(a, lo, p) + (make_free ? p - lo : 0);
	    loop assigns p, a->nfree, a->words[0 .. a->nwords - 1];
	    loop variant hi - p;
	 */
	while (p < hi) {
		uint32_t n = sibling_words(a, p, hi);
		unsigned from = p % PAGES_PER_WORD;
		uint64_t len = n != 0 ? (uint64_t)PAGES_PER_WORD * n : word_part_end(p, hi) - from;
		uint64_t was_free;

		/*@ assert 1 <= len && p + len <= hi; */
		/*@ assert n == 0 ==> from + len <= 16; */
		/*@ assert nfree_in{Pre}(a, lo, p + len) == nfree_in{Pre}(a, lo, p) + nfree_in{Pre}(a, p, p + len); */
		/*@ assert nfree_in(a, p, p + len) == nfree_in{Pre}(a, p, p + len); */
		if (known && make_free) {
			/*@ assert all_used(a, p, p + len); */
			was_free = 0;
		} else if (known) {
			/*@ assert all_free(a, p, p + len); */
			was_free = len;
		} else if (n != 0) {
			was_free = count_free_words(a, p, n);
		} else {
			/*@ assert 16 * (p / 16) + from == p; */
			was_free = count_free_bits(a, leaf_word(a, p), from, from + (unsigned)len);
		}
		if (n != 0)
			fill_sibling_words(a, p, n, make_free, was_free);
		else
			set_word_part(a, p, from + (unsigned)len, make_free, (unsigned)was_free);
		p += len;
	}
}

bool bitalloc_insert(struct bitalloc *a, uint64_t start, uint64_t end)
{
	if (start > end || end > bitalloc_capacity(a))
		return false;
	set_range(a, start, end, true, false);
	return true;
}

bool bitalloc_remove(struct bitalloc *a, uint64_t start, uint64_t end)
{
	if (start > end || end > bitalloc_capacity(a))
		return false;
	set_range(a, start, end, false, false);
	return true;
}

bool bitalloc_alloc_at(struct bitalloc *a, uint64_t base, uint64_t size)
{
	uint64_t q;

	if (!range_ok(a, base, size))
		return false;
	if (first_used(a, base, base + size, &q))
		return false;
	set_range(a, base, base + size, false, true);
	/*@ assert nfree_in{Pre}(a, base, base + size) == size; */
	return true;
}

bool bitalloc_dealloc_contiguous(struct bitalloc *a, uint64_t base, uint64_t size)
{
	if (!range_ok(a, base, size))
		return false;
	if (!all_used_range(a, base, base + size))
		return false;
	set_range(a, base, base + size, true, true);
	/*@ assert nfree_in(a, base, base + size) == size; */
	return true;
}

/* Bounds of 2^i for the exponents align_up and find_run meet (proof only:
 * the empty loop is the induction, the compiler removes it). */
/*@ assigns \nothing;
    exits \false;
    ensures \forall integer i; 0 <= i <= 63 ==> 1 <= pow2(i);
    ensures \forall integer i; 0 <= i <= 31 ==> pow2(i) <= 2147483648;
    ensures \forall integer i; 32 <= i <= 63 ==> 4294967296 <= pow2(i);
 */
static void pow2_facts(void)
{
	/*@ loop invariant 0 <= n <= 63;
	    loop invariant \forall integer i, j; 0 <= i <= j <= n ==> 1 <= pow2(i) <= pow2(j);
	    loop assigns n;
	    loop variant 63 - n;
	 */
	for (unsigned n = 0; n < 63; n++) {
	}
	/*@ assert pow2(31) == 2147483648; */
	/*@ assert pow2(32) == 4294967296; */
}

/* No multiple of align lies in [p, m * align) when m = ceil(p / align)
 * (proof only). */
/*@ requires 1 <= align && m == (p + align - 1) / align;
    assigns \nothing;
    exits \false;
    ensures \forall integer x; p <= x < m * align ==> x % align != 0;
    ensures (m * align) % align == 0;
 */
static void round_up_facts(uint64_t p, uint64_t align, uint64_t m)
{
	/* The last ensures is here because the solvers stall on it inside
	 * align_up's goal (35 s there, a timeout on a loaded machine); the
	 * quotient first brings it down to a few seconds. */
	/*@ assert (m * align) / align == m; */
	/*@ assert p + align - 1 == m * align + (p + align - 1) % align; */
	/*@ assert 0 <= (p + align - 1) % align < align; */
	/*@ assert (m - 1) * align < p; */
	/*@ assert \forall integer x; 0 <= x && x % align == 0 ==> x == (x / align) * align; */
	/*@ assert \forall integer x; p <= x < m * align && x % align == 0 ==> x / align < m; */
	/*@ assert \forall integer x; p <= x < m * align && x % align == 0 ==> (x / align) * align <= (m - 1) * align; */
	(void)p;
	(void)align;
	(void)m;
}

/*
 * Smallest multiple of 2^k that is >= p, in *b; false when it would exceed
 * limit (limit < 2^32).
 */
/*@ requires k < 64 && limit < 4294967296;
    requires \valid(b);
    assigns *b;
    exits \false;
    ensures \result ==> p <= *b <= limit && aligned(*b, k);
    ensures \result ==> \forall integer x; p <= x < *b ==> !aligned(x, k);
    ensures !\result ==> \forall integer x; p <= x <= limit ==> !aligned(x, k);
 */
static bool align_up(uint64_t p, unsigned k, uint64_t limit, uint64_t *b)
{
	uint64_t align = 1;

	pow2_facts();
	if (k >= ALIGN_LOG2_BEYOND_CAPACITY) {
		/* 0 is the only multiple of 2^k below 2^32. */
		*b = 0;
		return p == 0;
	}
	if (p > limit)
		return false;
	/*@ loop invariant 0 <= i <= k && align == pow2(i);
	    loop assigns i, align;
	    loop variant k - i;
	 */
	for (unsigned i = 0; i < k; i++)
		align *= 2;
	round_up_facts(p, align, (p + align - 1) / align);
	*b = (p + align - 1) / align * align;
	return *b <= limit;
}

/*
 * Alignment inside one leaf word (proof only): a multiple of 2^k sits at a
 * multiple of 2^min(k, 4) in its word, and from an aligned b, moving to a
 * multiple of 2^min(k, 4) further in b's word stays aligned.
 */
/*@ requires k < 64 && aligned(b, k);
    assigns \nothing;
    exits \false;
    ensures \forall integer x; 0 <= x && aligned(x, k) ==> aligned(x % 16, k < 4 ? k : 4);
    ensures \forall integer j; b % 16 <= j < 16 && aligned(j, k < 4 ? k : 4) ==>
              aligned(b - b % 16 + j, k);
 */
static void word_align_facts(uint64_t b, unsigned k)
{
	pow2_facts();
	/*@ assert pow2(0) == 1 && pow2(1) == 2 && pow2(2) == 4 && pow2(3) == 8 && pow2(4) == 16; */
	/*@ assert 4 <= k ==> pow2(k) == 16 * pow2(k - 4) && 1 <= pow2(k - 4); */
	/*@ assert 4 <= k ==> \forall integer x; 0 <= x && aligned(x, k) ==>
	             x == 16 * (pow2(k - 4) * (x / pow2(k))); */
	/*@ assert 4 <= k ==> \forall integer x; 0 <= x && aligned(x, k) ==> x % 16 == 0; */
	/*@ assert 4 <= k ==> b % 16 == 0; */
	/*@ assert k == 0 || k == 1 || k == 2 || k == 3 || 4 <= k; */
	/*@ assert k < 4 ==> pow2(k) == 1 || pow2(k) == 2 || pow2(k) == 4 || pow2(k) == 8; */
	/*@ assert k < 4 ==> \forall integer x; 0 <= x && aligned(x, k) ==> aligned(x % 16, k); */
	/*@ assert 4 <= k ==> \forall integer x; 0 <= x && aligned(x, k) ==> aligned(x % 16, 4); */
	/*@ assert (b - b % 16) % 16 == 0; */
	/*@ assert k == 1 ==> \forall integer j; 0 <= j && j % 2 == 0 ==> (b - b % 16 + j) % 2 == 0; */
	/*@ assert k == 2 ==> \forall integer j; 0 <= j && j % 4 == 0 ==> (b - b % 16 + j) % 4 == 0; */
	/*@ assert k == 3 ==> \forall integer j; 0 <= j && j % 8 == 0 ==> (b - b % 16 + j) % 8 == 0; */
	/*@ assert k < 4 ==> \forall integer j; b % 16 <= j < 16 && aligned(j, k) ==>
	             aligned(b - b % 16 + j, k); */
	/*@ assert 4 <= k ==> \forall integer j; b % 16 <= j < 16 && aligned(j, 4) ==>
	             j == 0 && b - b % 16 + j == b; */
	(void)b;
	(void)k;
}

/*
 * What bits_first_fit(w, b % 16, size, min(k, 4)) == j says about the pages
 * (proof only): no aligned base in [b, b - b%16 + j) starts size free pages,
 * and j < 16 is an aligned base.  w is b's leaf word.
 */
/*@ requires shape(a) && 1 <= size && k < 64 && b < cap(a) && aligned(b, k);
    requires b % 16 <= j <= 16;
    requires \forall integer x; b % 16 <= x < j && aligned(x, k < 4 ? k : 4) ==>
               \exists integer i; x <= i < x + size && i < 16 && !bit(a->words[a->leaf + b / 16], i);
    assigns \nothing;
    exits \false;
    ensures !fit_below(a, size, k, b - 1) ==> !fit_below(a, size, k, b - b % 16 + j - 1);
    ensures j < 16 && aligned(j, k < 4 ? k : 4) ==> aligned(b - b % 16 + j, k);
 */
static void word_fit_facts(const struct bitalloc *a, uint64_t size, unsigned k,
			   uint64_t b, unsigned j)
{
	word_align_facts(b, k);
	/*@ assert \forall integer x; b <= x < b - b % 16 + j ==>
	             x / 16 == b / 16 && b % 16 <= x % 16 < j && x - x % 16 == b - b % 16; */
	/*@ assert \forall integer i; 0 <= i < 16 ==>
	             (b - b % 16 + i) / 16 == b / 16 && (b - b % 16 + i) % 16 == i; */
	/*@ assert \forall integer i; 0 <= i < 16 ==>
	             (free(a, b - b % 16 + i) <==> bit(a->words[a->leaf + b / 16], i)); */
	/*@ assert \forall integer x, i; b <= x < b - b % 16 + j && x % 16 <= i < x % 16 + size && i < 16 ==>
	             x <= b - b % 16 + i < x + size; */
	/*@ assert \forall integer x; b <= x < b - b % 16 + j && all_free(a, x, x + size) ==>
	             \forall integer i; x % 16 <= i < x % 16 + size && i < 16 ==>
	               bit(a->words[a->leaf + b / 16], i); */
	/*@ assert \forall integer x; b <= x < b - b % 16 + j && aligned(x, k) ==>
	             !all_free(a, x, x + size); */
	(void)a;
	(void)size;
	(void)j;
}

/* No base in [lo, hi) starts a free run, since its first page is allocated
 * (proof only). */
/*@ requires shape(a) && 1 <= size;
    requires !fit_below(a, size, k, lo - 1) && all_used(a, lo, hi);
    assigns \nothing;
    exits \false;
    ensures !fit_below(a, size, k, hi - 1);
 */
static void no_fit_over_used(const struct bitalloc *a, uint64_t size, unsigned k,
			     uint64_t lo, uint64_t hi)
{
	/*@ assert \forall integer x; lo <= x < hi && aligned(x, k) ==> !free(a, x); */
	/*@ assert \forall integer x; 0 <= x && aligned(x, k) && all_free(a, x, x + size) ==> free(a, x); */
	/*@ assert \forall integer x; lo <= x < hi && aligned(x, k) ==> !all_free(a, x, x + size); */
	/*@ assert \forall integer x; 0 <= x <= lo - 1 && aligned(x, k) && x + size <= cap(a) ==>
	             !all_free(a, x, x + size); */
	/*@ assert \forall integer x; 0 <= x <= hi - 1 && aligned(x, k) && x + size <= cap(a) ==>
	             !all_free(a, x, x + size); */
	(void)a;
	(void)size;
	(void)k;
	(void)lo;
	(void)hi;
}

/* Leaf words that skip_pairless tests at once: 256 pages. */
#define PAIR_GROUP_WORDS 16u

/*
 * Leaf word c (relative to the leaf level) with no two adjacent set bits,
 * whose last bit and the first bit of word c+1 are not both set, holds no
 * two adjacent free pages (proof only).
 */
/*@ requires shape(a) && 16 * (c + 2) <= cap(a);
    assigns \nothing;
    exits \false;
    ensures (\forall integer j; 0 <= j < 15 ==>
               !(bit(a->words[a->leaf + c], j) && bit(a->words[a->leaf + c], j + 1))) &&
            !(bit(a->words[a->leaf + c], 15) && bit(a->words[a->leaf + c + 1], 0)) ==>
            pairless(a, 16 * c, 16 * c + 16);
 */
static void word_pairless_facts(const struct bitalloc *a, uint64_t c)
{
	/*@ assert \forall integer j; 0 <= j < 16 ==> (16 * c + j) / 16 == c && (16 * c + j) % 16 == j; */
	/*@ assert (16 * c + 16) / 16 == c + 1 && (16 * c + 16) % 16 == 0; */
	/*@ assert \forall integer j; 0 <= j < 16 ==> (free(a, 16 * c + j) <==> bit(a->words[a->leaf + c], j)); */
	/*@ assert free(a, 16 * c + 16) <==> bit(a->words[a->leaf + c + 1], 0); */
	/*@ assert \forall integer x; 16 * c <= x < 16 * c + 16 ==> x == 16 * c + (x - 16 * c); */
	(void)a;
	(void)c;
}

/*
 * Whether leaf words n .. n+15 (relative to the leaf level) hold two adjacent
 * free pages, the pair across word n+15 and word n+16 included.  One
 * branch-free sum over the group, so the compiler can vectorize it: this is
 * the inner loop of a failing multi-page search.
 */
/*@ requires shape(a) && 16 * (n + 17) <= cap(a);
    assigns \nothing;
    exits \false;
    ensures !\result ==> pairless(a, 16 * n, 16 * (n + 16));
 */
static bool group_has_pair(const struct bitalloc *a, uint64_t n)
{
	const uint16_t *g = a->words + a->leaf + n;
	uint32_t sum = 0;

	/*@ loop invariant 0 <= i <= 16 && sum <= 0x8000 * i;
	    loop invariant sum == 0 ==> pairless(a, 16 * n, 16 * (n + i));
	    loop assigns i, sum;
	    loop variant 16 - i;
	 */
	for (unsigned i = 0; i < PAIR_GROUP_WORDS; i++) {
		uint32_t inside = bits_pair_mask(g[i]);
		uint32_t across = bits_bit(g[i], 15) & bits_bit(g[i + 1], 0);

		/*@ assert g[i] == a->words[a->leaf + (n + i)] &&
		           g[i + 1] == a->words[a->leaf + (n + i) + 1]; */
		/*@ assert across <= 1 && (across == 0 <==> !(bit(g[i], 15) && bit(g[i + 1], 0))); */
		/*@ assert inside == 0 ==> \forall integer j; 0 <= j < 15 ==>
		      !(bit(a->words[a->leaf + (n + i)], j) && bit(a->words[a->leaf + (n + i)], j + 1)); */
		/*@ assert across == 0 ==>
		      !(bit(a->words[a->leaf + (n + i)], 15) && bit(a->words[a->leaf + (n + i) + 1], 0)); */
		/*@ assert sum + inside + across == 0 ==> sum == 0 && inside == 0 && across == 0; */
		word_pairless_facts(a, n + i);
		sum += inside + across;
	}
	return sum != 0;
}

/*
 * A page r >= p with no two adjacent free pages in [p, r): the start of the
 * first group of 16 leaf words, from p's word on, that holds such a pair (or
 * p itself when p's own word or p's own group does).  No run of two or more pages starts
 * below r, so a multi-page search may jump there: on a checkerboard that is
 * the whole allocator, 256 pages per step instead of one leaf word per round.
 */
/*@ requires inv(a) && p <= cap(a);
    assigns \nothing;
    exits \false;
    ensures p <= \result <= cap(a);
    ensures pairless(a, p, \result);
 */
static uint64_t skip_pairless(const struct bitalloc *a, uint64_t p)
{
	uint64_t nleaf = bitalloc_capacity(a) / PAGES_PER_WORD;
	uint64_t n = p / PAGES_PER_WORD;

	/* Cheap first look: a pair inside p's own word means there is nothing
	 * to skip (most words of a fragmented but not adversarial allocator). */
	if (n < nleaf && bits_pair_mask(a->words[a->leaf + n]) != 0)
		return p;

	/*@ loop invariant p / 16 <= n && 16 * n <= cap(a) && nleaf == cap(a) / 16;
	    loop invariant n == p / 16 || (16 * n >= p && pairless(a, p, 16 * n));
	    loop assigns n;
	    loop variant nleaf - n;
	 */
	while (n + PAIR_GROUP_WORDS < nleaf && !group_has_pair(a, n))
		n += PAIR_GROUP_WORDS;
	return n * PAGES_PER_WORD > p ? n * PAGES_PER_WORD : p;
}

/* No base in [lo, hi) starts a run of two or more free pages, since none of
 * them is followed by a free page while free itself (proof only). */
/*@ requires shape(a) && 2 <= size;
    requires !fit_below(a, size, k, lo - 1) && pairless(a, lo, hi);
    assigns \nothing;
    exits \false;
    ensures !fit_below(a, size, k, hi - 1);
 */
static void no_fit_over_pairless(const struct bitalloc *a, uint64_t size, unsigned k,
				 uint64_t lo, uint64_t hi)
{
	/*@ assert \forall integer x; lo <= x < hi && aligned(x, k) && x + 1 < cap(a) && free(a, x) ==>
	             !free(a, x + 1); */
	/*@ assert \forall integer x; 0 <= x && aligned(x, k) && x + size <= cap(a) &&
	             all_free(a, x, x + size) ==> free(a, x) && free(a, x + 1) && x + 1 < cap(a); */
	/*@ assert \forall integer x; lo <= x < hi && aligned(x, k) && x + size <= cap(a) ==>
	             !all_free(a, x, x + size); */
	/*@ assert \forall integer x; 0 <= x <= lo - 1 && aligned(x, k) && x + size <= cap(a) ==>
	             !all_free(a, x, x + size); */
	/*@ assert \forall integer x; 0 <= x <= hi - 1 && aligned(x, k) && x + size <= cap(a) ==>
	             !all_free(a, x, x + size); */
	(void)a;
	(void)size;
	(void)k;
	(void)lo;
	(void)hi;
}

/*
 * Lowest base, a multiple of 2^k, of size free pages (1 <= size <= capacity).
 * Each round jumps to the next free page (skipping empty subtrees through the
 * upper levels), then to the first aligned start in that leaf word whose
 * in-word part is free, then checks the rest of the run; a failed check jumps
 * past the allocated page it found.  A word with no such start sends a
 * search for two or more pages past the following groups of 256 pages that
 * hold no two adjacent free pages: a checkerboard is crossed at that rate,
 * where the upper levels cannot help (every word has a free page).
 */
/*@ requires inv(a) && 1 <= size <= cap(a) && k < 64;
    requires \valid(out) && \separated(out, a, a->words + (0 .. a->nwords - 1));
    assigns *out;
    exits \false;
    ensures \result ==> aligned(*out, k) && *out + size <= cap(a) && all_free(a, *out, *out + size);
    ensures \result ==> !fit_below(a, size, k, *out - 1);
    ensures !\result ==> !fit_below(a, size, k, cap(a));
 */
static bool find_run(const struct bitalloc *a, uint64_t size, unsigned k,
		     uint64_t *out)
{
	uint64_t limit = bitalloc_capacity(a) - size;
	unsigned word_align = k < BITS_MAX_ALIGN_LOG2 ? k : BITS_MAX_ALIGN_LOG2;
	uint64_t b = 0;

	/*@ loop invariant b <= limit && !fit_below(a, size, k, b - 1);
	    loop assigns b, *out;
	    loop variant limit - b;
	 */
	for (;;) {
		uint64_t p, q;
		unsigned j;

		if (!bitalloc_next(a, b, &p)) {
			/*@ assert all_used(a, b, cap(a)); */
			return false;
		}
		/*@ assert all_used(a, b, p); */
		no_fit_over_used(a, size, k, b, p);
		if (!align_up(p, k, limit, &b)) {
			/*@ assert !fit_below(a, size, k, limit); */
			return false;
		}
		/*@ assert !fit_below(a, size, k, b - 1); */
		j = bits_first_fit(a->words[leaf_word(a, b)], b % PAGES_PER_WORD,
				   size, word_align);
		word_fit_facts(a, size, k, b, j);
		if (j == PAGES_PER_WORD) {
			/* No aligned start in this word: go on at the next word,
			 * or past the pair-free groups from there on. */
			b = b - b % PAGES_PER_WORD + PAGES_PER_WORD;
			if (b > limit)
				return false;
			if (size >= 2) {
				uint64_t r = skip_pairless(a, b);

				no_fit_over_pairless(a, size, k, b, r);
				b = r;
				if (b > limit)
					return false;
			}
			continue;
		}
		b = b - b % PAGES_PER_WORD + j;
		if (b > limit)
			return false;
		if (!first_used(a, b, b + size, &q)) {
			*out = b;
			return true;
		}
		/*@ assert !fit_below(a, size, k, q); */
		b = q + 1;
		if (b > limit)
			return false;
	}
}

bool bitalloc_alloc_contiguous(struct bitalloc *a, uint64_t size,
			       unsigned align_log2, uint64_t *base)
{
	uint64_t b;

	if (size == 0 || size > bitalloc_capacity(a) || align_log2 >= 64)
		return false;
	if (!find_run(a, size, align_log2, &b))
		return false;
	set_range(a, b, b + size, false, true);
	/*@ assert nfree_in{Pre}(a, b, b + size) == size; */
	*base = b;
	return true;
}

/* No aligned window of n1 + 1 free pages below lo: then none of n2 + 1 >= n1 + 1
 * either, since such a window starts one of n1 + 1 (proof only). */
/*@ requires shape(a) && n1 <= n2;
    requires !fit_below(a, n1 + 1, k, lo - 1);
    assigns \nothing;
    exits \false;
    ensures !fit_below(a, n2 + 1, k, lo - 1);
 */
static void fit_below_grow(const struct bitalloc *a, uint64_t n1, uint64_t n2, unsigned k,
			   uint64_t lo)
{
	/*@ assert \forall integer x; 0 <= x && all_free(a, x, x + n2 + 1) ==> all_free(a, x, x + n1 + 1); */
	(void)a;
	(void)n1;
	(void)n2;
	(void)k;
	(void)lo;
}

/*
 * The free run [p, q) found from `from` on, b its first page that is a
 * multiple of 2^k (q when none), and q - b < n: no aligned window of n free
 * pages starts in [from, q), since it would start at or after b and have to
 * end by q (proof only).
 */
/*@ requires shape(a) && k < 64 && 1 <= n && from <= p < q <= cap(a) && p <= b <= q && q - b < n;
    requires all_used(a, from, p) && (q < cap(a) ==> !free(a, q));
    requires \forall integer x; p <= x < b ==> !aligned(x, k);
    requires !fit_below(a, n, k, from - 1);
    assigns \nothing;
    exits \false;
    ensures !fit_below(a, n, k, q - 1);
 */
static void run_bound_facts(const struct bitalloc *a, unsigned k, uint64_t n, uint64_t from,
			    uint64_t p, uint64_t q, uint64_t b)
{
	/*@ assert \forall integer x; from <= x < p && aligned(x, k) ==> !free(a, x); */
	/*@ assert \forall integer x; 0 <= x && aligned(x, k) && x + n <= cap(a) && all_free(a, x, x + n) ==>
	             free(a, x); */
	/*@ assert \forall integer x; from <= x < p && aligned(x, k) && x + n <= cap(a) ==>
	             !all_free(a, x, x + n); */
	/*@ assert \forall integer x; p <= x < q && aligned(x, k) ==> b <= x && q < x + n; */
	/*@ assert \forall integer x; x <= q < x + n && all_free(a, x, x + n) ==> free(a, q); */
	/*@ assert \forall integer x; p <= x < q && aligned(x, k) && x + n <= cap(a) ==>
	             !all_free(a, x, x + n); */
	/*@ assert \forall integer x; from <= x < q && aligned(x, k) && x + n <= cap(a) ==>
	             !all_free(a, x, x + n); */
	/*@ assert \forall integer x; 0 <= x <= from - 1 && aligned(x, k) && x + n <= cap(a) ==>
	             !all_free(a, x, x + n); */
	/*@ assert \forall integer x; 0 <= x <= q - 1 && aligned(x, k) && x + n <= cap(a) ==>
	             !all_free(a, x, x + n); */
	(void)a;
	(void)k;
	(void)n;
	(void)from;
	(void)p;
	(void)q;
	(void)b;
}

bool bitalloc_largest_free_run(const struct bitalloc *a, unsigned align_log2,
			       uint64_t *base, uint64_t *size)
{
	uint64_t cap = bitalloc_capacity(a);
	uint64_t from = 0;
	bool found = false;

	*size = 0;
	if (align_log2 >= 64)
		return false;
	/*@ loop invariant from <= cap && cap == cap(a) && *size <= cap;
	    loop invariant found ==> 0 < *size && aligned(*base, align_log2) && *base + *size <= cap(a);
	    loop invariant found ==> all_free(a, *base, *base + *size);
	    loop invariant !found ==> *size == 0;
	    loop invariant !fit_below(a, *size + 1, align_log2, from - 1);
	    loop assigns from, found, *base, *size;
	    loop variant cap - from;
	 */
	while (from < cap) {
		uint64_t p, b, q, before = *size;

		if (!bitalloc_next(a, from, &p)) {
			no_fit_over_used(a, *size + 1, align_log2, from, cap);
			break;
		}
		if (!first_used(a, p, cap, &q))
			q = cap;
		/*@ assert from <= p < q <= cap && all_free(a, p, q); */
		/* The run is [p, q); its first aligned page b starts the
		 * candidate (b = q: no aligned page, no candidate). */
		if (!align_up(p, align_log2, q - 1, &b))
			b = q;
		if (q - b > *size) {
			*base = b;
			*size = q - b;
			found = true;
		}
		fit_below_grow(a, before, *size, align_log2, from);
		run_bound_facts(a, align_log2, *size + 1, from, p, q, b);
		from = q;
	}
	return found;
}
