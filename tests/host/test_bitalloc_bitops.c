/*
 * Exhaustive check of the trusted primitives of mm/bitops.h against their
 * ACSL contracts, written out with the same bit(w, i) = (w & (1 << i)) != 0
 * as specs/bitalloc/bits.acsl.  Inputs: every 16-bit word, with every
 * position 0..16, length 1..17 (17 stands for "longer than a word") and
 * alignment 0..4, i.e. the whole domain each contract admits (lengths above
 * 16 behave as 16 by construction: the implementation clamps them first,
 * which is checked with len = 17 and len = 2^64 - 1).
 *
 * Built with -O2 and no sanitizer (about 10^8 cases); see mk/bitalloc.mk.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "mm/bitops.h"

static unsigned long failures;

static int bit(uint32_t w, unsigned i)
{
	return (w & (1u << i)) != 0;
}

static void fail(const char *what, unsigned w, unsigned a, unsigned b, uint64_t c, unsigned r)
{
	if (failures++ < 10)
		fprintf(stderr, "bitops: %s wrong for w=%#x args=%u,%u,%" PRIu64 " result=%u\n",
			what, w, a, b, c, r);
}

static void check_test_set_clear(uint16_t w)
{
	for (unsigned i = 0; i < 16; i++)
		if (bits_test(w, i) != bit(w, i))
			fail("bits_test", w, i, 0, 0, bits_test(w, i));
	for (unsigned lo = 0; lo <= 16; lo++) {
		for (unsigned hi = lo; hi <= 16; hi++) {
			uint16_t s = bits_set_range(w, lo, hi);
			uint16_t c = bits_clear_range(w, lo, hi);
			int c_rest_clear = 1;

			for (unsigned i = 0; i < 16; i++) {
				int in = lo <= i && i < hi;

				if (bit(s, i) != (bit(w, i) || in))
					fail("bits_set_range", w, lo, hi, i, s);
				if (bit(c, i) != (bit(w, i) && !in))
					fail("bits_clear_range", w, lo, hi, i, c);
				if (!in && bit(w, i))
					c_rest_clear = 0;
			}
			if ((s == 0) != (w == 0 && lo == hi))
				fail("bits_set_range zero", w, lo, hi, 0, s);
			if ((c == 0) != c_rest_clear)
				fail("bits_clear_range zero", w, lo, hi, 0, c);
		}
	}
}

static void check_first(uint16_t w)
{
	for (unsigned from = 0; from <= 16; from++) {
		unsigned s = bits_first_set_from(w, from);
		unsigned c = bits_first_clear_from(w, from);

		if (s < from || s > 16 || (s < 16 && !bit(w, s)))
			fail("bits_first_set_from", w, from, 0, 0, s);
		for (unsigned i = from; i < s && i < 16; i++)
			if (bit(w, i))
				fail("bits_first_set_from skipped", w, from, i, 0, s);
		if (s == 16 && from == 0 && w != 0)
			fail("bits_first_set_from zero", w, from, 0, 0, s);
		if (c < from || c > 16 || (c < 16 && bit(w, c)))
			fail("bits_first_clear_from", w, from, 0, 0, c);
		for (unsigned i = from; i < c && i < 16; i++)
			if (!bit(w, i))
				fail("bits_first_clear_from skipped", w, from, i, 0, c);
	}
	for (unsigned lo = 0; lo <= 16; lo++) {
		unsigned n = 0; /* nbits(w, lo, hi), by its recursive definition */

		for (unsigned hi = lo; hi <= 16; hi++) {
			if (hi > lo && bit(w, hi - 1))
				n++;
			if (bits_count_range(w, lo, hi) != n)
				fail("bits_count_range", w, lo, hi, 0, bits_count_range(w, lo, hi));
		}
	}
}

/* Whether bits j .. j+len-1 inside the word are all set. */
static int fits(uint16_t w, unsigned j, uint64_t len)
{
	for (uint64_t i = j; i < 16 && i - j < len; i++)
		if (!bit(w, (unsigned)i))
			return 0;
	return 1;
}

static void check_first_fit(uint16_t w)
{
	static const uint64_t lens[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
					 UINT64_MAX };

	for (unsigned k = 0; k <= 4; k++) {
		for (unsigned li = 0; li < sizeof(lens) / sizeof(lens[0]); li++) {
			uint64_t len = lens[li];

			for (unsigned from = 0; from <= 16; from++) {
				unsigned r = bits_first_fit(w, from, len, k);

				if (r < from || r > 16)
					fail("bits_first_fit range", w, from, k, len, r);
				if (r < 16 && (r % (1u << k) != 0 || !fits(w, r, len)))
					fail("bits_first_fit result", w, from, k, len, r);
				for (unsigned j = from; j < r && j < 16; j++)
					if (j % (1u << k) == 0 && fits(w, j, len))
						fail("bits_first_fit skipped", w, from, k, len, r);
			}
		}
	}
}

/* bits_bit and bits_pair_mask: the 0/1 value of each bit, and a mask that is
 * zero exactly when no two adjacent bits are set (within 0x7fff). */
static void check_bit_and_pairs(uint16_t w)
{
	int pair = 0;

	for (unsigned i = 0; i < 16; i++)
		if (bits_bit(w, i) != (uint32_t)bit(w, i))
			fail("bits_bit", w, i, 0, 0, bits_bit(w, i));
	for (unsigned i = 0; i < 15; i++)
		pair |= bit(w, i) && bit(w, i + 1);
	if (bits_pair_mask(w) > 0x7fff)
		fail("bits_pair_mask bound", w, 0, 0, 0, bits_pair_mask(w));
	if ((bits_pair_mask(w) != 0) != pair)
		fail("bits_pair_mask", w, 0, 0, 0, bits_pair_mask(w));
}

int main(void)
{
	for (uint32_t w = 0; w <= 0xffff; w++) {
		check_bit_and_pairs((uint16_t)w);
		check_test_set_clear((uint16_t)w);
		check_first((uint16_t)w);
		check_first_fit((uint16_t)w);
	}
	if (failures) {
		fprintf(stderr, "test_bitalloc_bitops: %lu failures\n", failures);
		return 1;
	}
	printf("test_bitalloc_bitops: ok (all 65536 words, every position, length, alignment)\n");
	return 0;
}
