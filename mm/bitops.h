/*
 * Bit primitives on 16-bit bitmap words, for the page allocator (mm/bitalloc.c).
 *
 * Every bit operation of the allocator goes through these few functions, so
 * the rest of the allocator is proved with plain arithmetic and the `bit`
 * predicate of specs/bitalloc/bits.acsl.  Their contracts are TRUSTED (the
 * proof skips their bodies, see mk/bitalloc.mk) and each one is checked on
 * its whole input domain by tests/host/test_bitalloc_bitops.c: every 16-bit
 * word, every position, length and alignment.  Bit i of a word is page i of
 * the 16 the word covers; a set bit means "free".
 */
#ifndef TESSERA_MM_BITOPS_H
#define TESSERA_MM_BITOPS_H

#include <stdbool.h>
#include <stdint.h>

#include "../specs/bitalloc/bits.acsl"

#define BITS_PER_WORD 16u
#define BITS_MAX_ALIGN_LOG2 4u /* 2^4 = one whole word */

/* Mask of bits lo .. hi-1 (lo <= hi <= 16). */
static inline uint32_t bits_mask(unsigned lo, unsigned hi)
{
	return ((1u << hi) - 1u) ^ ((1u << lo) - 1u);
}

/*@ requires i < 16;
    assigns \nothing;
    exits \false;
    ensures \result <==> bit(w, i);
 */
static inline bool bits_test(uint16_t w, unsigned i)
{
	return (w & (1u << i)) != 0;
}

/*@ requires lo <= hi <= 16;
    assigns \nothing;
    exits \false;
    ensures \forall integer i; 0 <= i < 16 ==> (bit(\result, i) <==> (bit(w, i) || lo <= i < hi));
    ensures \result == 0 <==> (w == 0 && lo == hi);
 */
static inline uint16_t bits_set_range(uint16_t w, unsigned lo, unsigned hi)
{
	return (uint16_t)(w | bits_mask(lo, hi));
}

/*@ requires lo <= hi <= 16;
    assigns \nothing;
    exits \false;
    ensures \forall integer i; 0 <= i < 16 ==> (bit(\result, i) <==> (bit(w, i) && !(lo <= i < hi)));
    ensures \result == 0 <==> (\forall integer i; 0 <= i < 16 && !(lo <= i < hi) ==> !bit(w, i));
 */
static inline uint16_t bits_clear_range(uint16_t w, unsigned lo, unsigned hi)
{
	return (uint16_t)(w & ~bits_mask(lo, hi));
}

/* Lowest set bit at or above `from`, or 16 when there is none. */
/*@ requires from <= 16;
    assigns \nothing;
    exits \false;
    ensures from <= \result <= 16;
    ensures \result < 16 ==> bit(w, \result);
    ensures \forall integer i; from <= i < \result ==> !bit(w, i);
    ensures \result == 16 && from == 0 ==> w == 0;
 */
static inline unsigned bits_first_set_from(uint16_t w, unsigned from)
{
	uint32_t m = ((uint32_t)w >> from) << from;

	return m != 0 ? (unsigned)__builtin_ctz(m) : 16u;
}

/* Lowest clear bit at or above `from`, or 16 when there is none. */
/*@ requires from <= 16;
    assigns \nothing;
    exits \false;
    ensures from <= \result <= 16;
    ensures \result < 16 ==> !bit(w, \result);
    ensures \forall integer i; from <= i < \result ==> bit(w, i);
 */
static inline unsigned bits_first_clear_from(uint16_t w, unsigned from)
{
	uint32_t m = (((uint32_t)w ^ 0xffffu) >> from) << from;

	return m != 0 ? (unsigned)__builtin_ctz(m) : 16u;
}

/*
 * Lowest j >= from, j a multiple of 2^align_log2, whose bits j .. j+len-1 that
 * lie inside the word are all set (a run of len free pages may start at j and
 * continue into the next word).  16 when there is none.
 */
/*@ requires from <= 16 && 1 <= len && align_log2 <= 4;
    assigns \nothing;
    exits \false;
    ensures from <= \result <= 16;
    ensures \result < 16 ==> aligned(\result, align_log2);
    ensures \result < 16 ==> \forall integer i; \result <= i < \result + len && i < 16 ==> bit(w, i);
    ensures \forall integer j; from <= j < \result && aligned(j, align_log2) ==>
              \exists integer i; j <= i < j + len && i < 16 && !bit(w, i);
 */
static inline unsigned bits_first_fit(uint16_t w, unsigned from, uint64_t len,
				      unsigned align_log2)
{
	static const uint32_t aligned_starts[BITS_MAX_ALIGN_LOG2 + 1] = {
		0xffffu, 0x5555u, 0x1111u, 0x0101u, 0x0001u
	};
	uint32_t x = (uint32_t)w | 0xffff0000u; /* beyond the word: may continue */
	uint32_t m = x;
	unsigned n = len < BITS_PER_WORD ? (unsigned)len : BITS_PER_WORD;

	for (unsigned k = 1; k < n; k++)
		m &= x >> k;
	m &= aligned_starts[align_log2];
	m = (m >> from) << from;
	return m != 0 ? (unsigned)__builtin_ctz(m) : 16u;
}

/* Bit i of w as the number 0 or 1 (arithmetic, so loops over words vectorize). */
/*@ requires i < 16;
    assigns \nothing;
    exits \false;
    ensures \result <= 1 && (\result == 1 <==> bit(w, i));
 */
static inline uint32_t bits_bit(uint16_t w, unsigned i)
{
	return ((uint32_t)w >> i) & 1u;
}

/*
 * Mask of the positions i (0 <= i < 15) where bits i and i+1 are both set:
 * zero exactly when w holds no two adjacent free pages.  No branch and no
 * ctz, so a loop over many words vectorizes.
 */
/*@ assigns \nothing;
    exits \false;
    ensures \result <= 0x7fff;
    ensures \result == 0 <==> (\forall integer i; 0 <= i < 15 ==> !(bit(w, i) && bit(w, i + 1)));
 */
static inline uint32_t bits_pair_mask(uint16_t w)
{
	return (uint32_t)w & ((uint32_t)w >> 1);
}

/* Number of set bits among bits lo .. hi-1 (lo <= hi <= 16). */
/*@ requires lo <= hi <= 16;
    assigns \nothing;
    exits \false;
    ensures \result == nbits(w, lo, hi);
    ensures \result <= hi - lo;
 */
static inline unsigned bits_count_range(uint16_t w, unsigned lo, unsigned hi)
{
	return (unsigned)__builtin_popcount(w & bits_mask(lo, hi));
}

#endif /* TESSERA_MM_BITOPS_H */
