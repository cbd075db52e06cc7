/*
 * Host tests of mm/bitalloc.c: edge cases of every public function, then a
 * randomized differential test against a boolean-array model (at least 1M
 * operations over depths 1..5; the seed of each run is printed on failure).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitalloc_model.h"

static int failures;
static const char *ctx = "";
static uint64_t ctx_seed;

#define CHECK(cond)                                                                  \
	do {                                                                         \
		if (!(cond)) {                                                       \
			fprintf(stderr, "%s:%d: CHECK failed: %s [%s seed=%" PRIu64 "]\n", \
				__FILE__, __LINE__, #cond, ctx, ctx_seed);           \
			if (++failures > 20)                                         \
				exit(1);                                             \
		}                                                                    \
	} while (0)

static uint16_t *new_storage(uint32_t depth)
{
	uint16_t *s = malloc(BITALLOC_STORAGE_WORDS(depth) * sizeof(uint16_t));

	if (!s) {
		perror("malloc");
		exit(2);
	}
	memset(s, 0xa5, BITALLOC_STORAGE_WORDS(depth) * sizeof(uint16_t)); /* garbage */
	return s;
}

static bool same_words(const struct bitalloc *a, const uint16_t *copy)
{
	return memcmp(a->words, copy, a->nwords * sizeof(uint16_t)) == 0;
}

static void test_init(void)
{
	struct bitalloc a;
	uint16_t *s = new_storage(3);
	uint64_t want = 1;

	ctx = "init";
	CHECK(bitalloc_storage_words(0) == 0);
	CHECK(bitalloc_storage_words(8) == 0);
	CHECK(bitalloc_storage_words(UINT32_MAX) == 0);
	for (uint32_t d = 1; d <= 7; d++) {
		uint64_t words = 0, pages = 1;

		for (uint32_t l = 0; l < d; l++) {
			words += pages;
			pages *= 16;
		}
		CHECK(bitalloc_storage_words(d) == words);
		CHECK(BITALLOC_STORAGE_WORDS(d) == words);
		CHECK(BITALLOC_CAPACITY(d) == pages);
	}
	CHECK(!bitalloc_init(NULL, 3, s, BITALLOC_STORAGE_WORDS(3)));
	CHECK(!bitalloc_init(&a, 3, NULL, BITALLOC_STORAGE_WORDS(3)));
	CHECK(!bitalloc_init(&a, 0, s, BITALLOC_STORAGE_WORDS(3)));
	CHECK(!bitalloc_init(&a, 8, s, BITALLOC_STORAGE_WORDS(3)));
	CHECK(!bitalloc_init(&a, UINT32_MAX, s, BITALLOC_STORAGE_WORDS(3)));
	CHECK(!bitalloc_init(&a, 3, s, BITALLOC_STORAGE_WORDS(3) - 1));
	CHECK(s[0] == 0xa5a5); /* failed init wrote nothing */
	for (uint32_t d = 1; d <= 3; d++) {
		want *= 16;
		CHECK(bitalloc_init(&a, d, s, BITALLOC_STORAGE_WORDS(3)));
		CHECK(bitalloc_capacity(&a) == want);
		CHECK(bitalloc_free_count(&a) == 0);
		CHECK(check_hierarchy(&a) < 0);
		for (uint64_t p = 0; p < want; p++)
			CHECK(!bitalloc_test(&a, p));
	}
	free(s);
}

static void test_single_pages(void)
{
	struct bitalloc a;
	uint16_t *s = new_storage(2);
	uint64_t p = 12345;

	ctx = "single";
	CHECK(bitalloc_init(&a, 2, s, BITALLOC_STORAGE_WORDS(2)));
	CHECK(!bitalloc_alloc(&a, &p));
	CHECK(p == 12345);
	CHECK(!bitalloc_next(&a, 0, &p));
	CHECK(bitalloc_insert(&a, 0, 256));
	CHECK(bitalloc_free_count(&a) == 256);
	for (uint64_t i = 0; i < 256; i++) {
		CHECK(bitalloc_alloc(&a, &p));
		CHECK(p == i);
		CHECK(!bitalloc_test(&a, i));
	}
	CHECK(!bitalloc_alloc(&a, &p));
	CHECK(bitalloc_free_count(&a) == 0);
	CHECK(a.words[0] == 0);
	/* dealloc: out of range, double free */
	CHECK(!bitalloc_dealloc(&a, 256));
	CHECK(!bitalloc_dealloc(&a, UINT64_MAX));
	CHECK(bitalloc_dealloc(&a, 200));
	CHECK(!bitalloc_dealloc(&a, 200));
	CHECK(bitalloc_free_count(&a) == 1);
	CHECK(bitalloc_test(&a, 200));
	CHECK(!bitalloc_test(&a, 256));
	CHECK(!bitalloc_test(&a, UINT64_MAX));
	CHECK(bitalloc_dealloc(&a, 17));
	CHECK(bitalloc_alloc(&a, &p) && p == 17);
	CHECK(bitalloc_alloc(&a, &p) && p == 200);
	CHECK(check_hierarchy(&a) < 0);
	/* next */
	CHECK(bitalloc_dealloc(&a, 5));
	CHECK(bitalloc_dealloc(&a, 255));
	CHECK(bitalloc_next(&a, 0, &p) && p == 5);
	CHECK(bitalloc_next(&a, 5, &p) && p == 5);
	CHECK(bitalloc_next(&a, 6, &p) && p == 255);
	CHECK(bitalloc_next(&a, 255, &p) && p == 255);
	p = 77;
	CHECK(!bitalloc_next(&a, 256, &p) && p == 77);
	CHECK(!bitalloc_next(&a, UINT64_MAX, &p) && p == 77);
	free(s);
}

static void test_ranges(void)
{
	struct bitalloc a;
	uint16_t *s = new_storage(3);
	uint16_t *copy = new_storage(3);
	uint64_t cap, b = 999;

	ctx = "ranges";
	CHECK(bitalloc_init(&a, 3, s, BITALLOC_STORAGE_WORDS(3)));
	cap = bitalloc_capacity(&a);
	/* errors change nothing */
	memcpy(copy, s, a.nwords * 2);
	CHECK(!bitalloc_insert(&a, 5, 4));
	CHECK(!bitalloc_insert(&a, 0, cap + 1));
	CHECK(!bitalloc_insert(&a, UINT64_MAX, UINT64_MAX));
	CHECK(!bitalloc_remove(&a, 9, 3));
	CHECK(!bitalloc_remove(&a, cap, cap + 1));
	CHECK(same_words(&a, copy));
	CHECK(bitalloc_insert(&a, 7, 7));
	CHECK(bitalloc_insert(&a, cap, cap));
	CHECK(bitalloc_remove(&a, 0, 0));
	CHECK(same_words(&a, copy) && bitalloc_free_count(&a) == 0);

	CHECK(bitalloc_insert(&a, 3, 1000));
	CHECK(bitalloc_free_count(&a) == 997);
	CHECK(bitalloc_insert(&a, 0, 10)); /* overlapping: counts only new pages */
	CHECK(bitalloc_free_count(&a) == 1000);
	CHECK(bitalloc_remove(&a, 500, 600));
	CHECK(bitalloc_free_count(&a) == 900);
	CHECK(bitalloc_remove(&a, 550, 700));
	CHECK(bitalloc_free_count(&a) == 800);
	CHECK(!bitalloc_test(&a, 699) && bitalloc_test(&a, 700) && bitalloc_test(&a, 499));
	CHECK(check_hierarchy(&a) < 0);

	/* alloc_at / dealloc_contiguous: bad arguments */
	memcpy(copy, s, a.nwords * 2);
	CHECK(!bitalloc_alloc_at(&a, 0, 0));
	CHECK(!bitalloc_alloc_at(&a, 0, cap + 1));
	CHECK(!bitalloc_alloc_at(&a, UINT64_MAX, 2));
	CHECK(!bitalloc_alloc_at(&a, 2, UINT64_MAX));
	CHECK(!bitalloc_alloc_at(&a, 499, 2)); /* 500 is allocated */
	CHECK(!bitalloc_dealloc_contiguous(&a, 0, 0));
	CHECK(!bitalloc_dealloc_contiguous(&a, UINT64_MAX, 2));
	CHECK(!bitalloc_dealloc_contiguous(&a, 4000, UINT64_MAX - 100));
	CHECK(!bitalloc_dealloc_contiguous(&a, 690, 20)); /* 700.. free: atomic */
	CHECK(!bitalloc_dealloc_contiguous(&a, 0, 3));    /* all free */
	CHECK(same_words(&a, copy) && bitalloc_free_count(&a) == 800);

	CHECK(bitalloc_alloc_at(&a, 10, 490));
	CHECK(bitalloc_free_count(&a) == 310);
	CHECK(!bitalloc_alloc_at(&a, 10, 1));
	CHECK(bitalloc_dealloc_contiguous(&a, 10, 690));
	CHECK(bitalloc_free_count(&a) == 1000);
	CHECK(!bitalloc_dealloc_contiguous(&a, 10, 1)); /* double free */
	CHECK(check_hierarchy(&a) < 0);

	/* alloc_contiguous: bad arguments */
	memcpy(copy, s, a.nwords * 2);
	CHECK(!bitalloc_alloc_contiguous(&a, 0, 0, &b));
	CHECK(!bitalloc_alloc_contiguous(&a, cap + 1, 0, &b));
	CHECK(!bitalloc_alloc_contiguous(&a, UINT64_MAX, 0, &b));
	CHECK(!bitalloc_alloc_contiguous(&a, 1, 64, &b));
	CHECK(!bitalloc_alloc_contiguous(&a, 1, UINT32_MAX, &b));
	CHECK(!bitalloc_alloc_contiguous(&a, 1001, 0, &b));
	CHECK(b == 999 && same_words(&a, copy));
	CHECK(bitalloc_remove(&a, 0, 1));
	memcpy(copy, s, a.nwords * 2);
	CHECK(!bitalloc_alloc_contiguous(&a, 1, 12, &b)); /* only base 0 is aligned */
	CHECK(b == 999 && same_words(&a, copy));
	CHECK(bitalloc_insert(&a, 0, 1));
	/* free: [0, 1000) */
	CHECK(bitalloc_alloc_contiguous(&a, 1000, 0, &b) && b == 0);
	CHECK(bitalloc_dealloc_contiguous(&a, 0, 1000));
	CHECK(bitalloc_alloc_contiguous(&a, 1, 63, &b) && b == 0);
	CHECK(bitalloc_alloc_contiguous(&a, 1, 0, &b) && b == 1);
	CHECK(bitalloc_alloc_contiguous(&a, 3, 2, &b) && b == 4);
	CHECK(bitalloc_alloc_contiguous(&a, 17, 4, &b) && b == 16);
	CHECK(bitalloc_alloc_contiguous(&a, 2, 0, &b) && b == 2);
	CHECK(bitalloc_alloc_contiguous(&a, 256, 8, &b) && b == 256);
	CHECK(bitalloc_alloc_contiguous(&a, 256, 8, &b) && b == 512);
	CHECK(!bitalloc_alloc_contiguous(&a, 256, 8, &b)); /* [768, 1000) too short */
	/* free now: 7..15, 33..255 (223 pages), 768..999 (232 pages) */
	CHECK(!bitalloc_alloc_contiguous(&a, 233, 0, &b));
	CHECK(bitalloc_alloc_contiguous(&a, 224, 0, &b) && b == 768);
	CHECK(bitalloc_alloc_contiguous(&a, 223, 0, &b) && b == 33);
	CHECK(bitalloc_free_count(&a) == 9 + 8);
	CHECK(check_hierarchy(&a) < 0);
	free(s);
	free(copy);
}

static void test_largest(void)
{
	struct bitalloc a;
	uint16_t *s = new_storage(3);
	uint64_t base = 0, size = 7;

	ctx = "largest";
	CHECK(bitalloc_init(&a, 3, s, BITALLOC_STORAGE_WORDS(3)));
	CHECK(!bitalloc_largest_free_run(&a, 0, &base, &size) && size == 0);
	CHECK(bitalloc_insert(&a, 3, 100));
	CHECK(bitalloc_insert(&a, 1000, 1500));
	CHECK(bitalloc_largest_free_run(&a, 0, &base, &size) && base == 1000 && size == 500);
	CHECK(bitalloc_largest_free_run(&a, 9, &base, &size) && base == 1024 && size == 476);
	CHECK(bitalloc_largest_free_run(&a, 11, &base, &size) == false && size == 0);
	CHECK(bitalloc_largest_free_run(&a, 64, &base, &size) == false && size == 0);
	CHECK(bitalloc_insert(&a, 0, 1));
	CHECK(bitalloc_largest_free_run(&a, 40, &base, &size) && base == 0 && size == 1);
	free(s);
}

/* Every other page free, 1M pages: a failing request for 2 must not crawl. */
static void test_checkerboard(void)
{
	struct bitalloc a;
	uint16_t *s = new_storage(5);
	uint64_t b = 42;

	ctx = "checkerboard";
	CHECK(bitalloc_init(&a, 5, s, BITALLOC_STORAGE_WORDS(5)));
	for (uint64_t p = 0; p < bitalloc_capacity(&a); p += 2)
		CHECK(bitalloc_dealloc(&a, p));
	CHECK(!bitalloc_alloc_contiguous(&a, 2, 0, &b) && b == 42);
	CHECK(bitalloc_alloc_contiguous(&a, 1, 1, &b) && b == 0);
	CHECK(bitalloc_alloc_contiguous(&a, 1, 1, &b) && b == 2);
	CHECK(bitalloc_dealloc(&a, 1048575));
	CHECK(bitalloc_alloc_contiguous(&a, 2, 0, &b) && b == 1048574);
	CHECK(check_hierarchy(&a) < 0);
	free(s);
}

/* Lowest aligned base of size free pages, page by page through bitalloc_test
 * (the reference for the skipping search); UINT64_MAX when there is none. */
static uint64_t brute_fit(const struct bitalloc *a, uint64_t size, unsigned k)
{
	uint64_t cap = bitalloc_capacity(a);

	for (uint64_t b = 0; b + size <= cap; b += (uint64_t)1 << k) {
		uint64_t i = 0;

		while (i < size && bitalloc_test(a, b + i))
			i++;
		if (i == size)
			return b;
	}
	return UINT64_MAX;
}

/*
 * The pair-skipping search of alloc_contiguous: on both checkerboard phases
 * at depth 3 (16 groups of 256 pages), one extra free page that makes a
 * single pair at every position, inside words, across words and across the
 * groups the search skips; runs of 2 and 3 with alignments 0..2.
 */
static void test_pair_skip(void)
{
	struct bitalloc a;
	uint16_t *s = new_storage(3);

	ctx = "pair skip";
	CHECK(bitalloc_init(&a, 3, s, BITALLOC_STORAGE_WORDS(3)));
	for (uint64_t phase = 0; phase < 2; phase++) {
		for (uint64_t q = 0; q < bitalloc_capacity(&a); q++) {
			uint64_t size = 2 + q % 2, want, got = 7;
			unsigned k = (unsigned)(q / 2 % 3);

			CHECK(bitalloc_remove(&a, 0, bitalloc_capacity(&a)));
			for (uint64_t p = phase; p < bitalloc_capacity(&a); p += 2)
				CHECK(bitalloc_dealloc(&a, p));
			if (!bitalloc_test(&a, q))
				CHECK(bitalloc_dealloc(&a, q));
			want = brute_fit(&a, size, k);
			if (want == UINT64_MAX) {
				CHECK(!bitalloc_alloc_contiguous(&a, size, k, &got) && got == 7);
			} else {
				CHECK(bitalloc_alloc_contiguous(&a, size, k, &got) && got == want);
				CHECK(!bitalloc_test(&a, want) && !bitalloc_test(&a, want + size - 1));
			}
			CHECK(check_hierarchy(&a) < 0);
		}
	}
	free(s);
}

/* The largest capacity: 256 Mi pages, 17,895,697 words. */
static void test_depth7(void)
{
	struct bitalloc a;
	uint16_t *s = new_storage(7);
	uint64_t cap, p = 0, b = 0;

	ctx = "depth7";
	CHECK(bitalloc_init(&a, 7, s, BITALLOC_STORAGE_WORDS(7)));
	cap = bitalloc_capacity(&a);
	CHECK(cap == (uint64_t)1 << 28);
	CHECK(bitalloc_insert(&a, cap - 40, cap));
	CHECK(bitalloc_free_count(&a) == 40);
	CHECK(bitalloc_next(&a, 0, &p) && p == cap - 40);
	CHECK(bitalloc_alloc_contiguous(&a, 8, 3, &b) && b == cap - 40);
	CHECK(bitalloc_alloc(&a, &p) && p == cap - 32);
	CHECK(!bitalloc_alloc_contiguous(&a, 32, 5, &b));
	CHECK(bitalloc_alloc_contiguous(&a, 16, 4, &b) && b == cap - 16);
	CHECK(bitalloc_dealloc_contiguous(&a, cap - 16, 16));
	CHECK(bitalloc_dealloc(&a, cap - 1) == false);
	CHECK(bitalloc_dealloc(&a, 0));
	CHECK(bitalloc_alloc(&a, &p) && p == 0);
	CHECK(bitalloc_free_count(&a) == 31);
	CHECK(check_hierarchy(&a) < 0);
	free(s);
}

/* ---- differential test ---- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* splitmix64 */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* A page index biased to interesting values, sometimes out of range. */
static uint64_t rnd_page(uint64_t cap)
{
	switch (rnd() % 16) {
	case 0:
		return cap + rnd() % 3;
	case 1:
		return UINT64_MAX - rnd() % 3;
	case 2:
		return rnd() % 3;
	case 3:
		return cap - 1 - rnd() % 3 % cap;
	default:
		return rnd() % cap;
	}
}

static uint64_t rnd_size(uint64_t cap)
{
	switch (rnd() % 10) {
	case 0:
		return 0;
	case 1:
		return UINT64_MAX - rnd() % 2;
	case 2:
		return rnd() % (cap + 2);
	case 3:
	case 4:
		return 1 + rnd() % 40;
	default:
		return 1 + rnd() % 6;
	}
}

static void compare_all(const struct bitalloc *a, const struct model *m)
{
	for (uint64_t p = 0; p < m->cap; p++)
		if (bitalloc_test(a, p) != m->free[p]) {
			CHECK(bitalloc_test(a, p) == m->free[p]);
			return;
		}
	CHECK(check_hierarchy(a) < 0);
}

static void differential(uint32_t depth, uint64_t seed, unsigned ops, bool full_each_op)
{
	struct bitalloc a;
	uint16_t *s = new_storage(depth);
	struct model m;
	char name[64];

	snprintf(name, sizeof(name), "differential depth %u", depth);
	ctx = name;
	ctx_seed = seed;
	rng_state = seed;
	CHECK(bitalloc_init(&a, depth, s, BITALLOC_STORAGE_WORDS(depth)));
	m.cap = bitalloc_capacity(&a);
	m.nfree = 0;
	m.free = calloc(m.cap, sizeof(bool));
	for (unsigned i = 0; i < ops && failures == 0; i++) {
		uint64_t x = rnd_page(m.cap), y, size = rnd_size(m.cap), p = 0xdead, q = 0xbeef;
		unsigned k = rnd() % 8 == 0 ? (unsigned)(rnd() % 70) : (unsigned)(rnd() % 5);
		bool r, want;

		switch (rnd() % 11) {
		case 0: /* insert */
		case 1:
			y = rnd() % 4 == 0 ? rnd_page(m.cap) : x + size % 64;
			want = x <= y && y <= m.cap;
			r = bitalloc_insert(&a, x, y);
			CHECK(r == want);
			if (want)
				model_set(&m, x, y, true);
			break;
		case 2: /* remove */
			y = rnd() % 4 == 0 ? rnd_page(m.cap) : x + size % 64;
			want = x <= y && y <= m.cap;
			r = bitalloc_remove(&a, x, y);
			CHECK(r == want);
			if (want)
				model_set(&m, x, y, false);
			break;
		case 3: /* alloc */
			r = bitalloc_alloc(&a, &p);
			q = model_find_run(&m, 1, 0);
			CHECK(r == (q < m.cap));
			if (r) {
				CHECK(p == q);
				model_set(&m, q, q + 1, false);
			} else {
				CHECK(p == 0xdead);
			}
			break;
		case 4: /* dealloc */
			want = x < m.cap && !m.free[x];
			CHECK(bitalloc_dealloc(&a, x) == want);
			if (want)
				model_set(&m, x, x + 1, true);
			break;
		case 5: /* alloc_contiguous */
			r = bitalloc_alloc_contiguous(&a, size, k, &p);
			q = k < 64 ? model_find_run(&m, size, k) : m.cap;
			CHECK(r == (q < m.cap));
			if (r) {
				CHECK(p == q);
				model_set(&m, q, q + size, false);
			} else {
				CHECK(p == 0xdead);
			}
			break;
		case 6: /* alloc_at */
			want = model_range_ok(&m, x, size) && model_all(&m, x, x + size, true);
			CHECK(bitalloc_alloc_at(&a, x, size) == want);
			if (want)
				model_set(&m, x, x + size, false);
			break;
		case 7: /* dealloc_contiguous */
			want = model_range_ok(&m, x, size) && model_all(&m, x, x + size, false);
			CHECK(bitalloc_dealloc_contiguous(&a, x, size) == want);
			if (want)
				model_set(&m, x, x + size, true);
			break;
		case 8: /* next and test */
			r = bitalloc_next(&a, x, &p);
			q = m.cap;
			for (uint64_t z = x; z < m.cap; z++)
				if (m.free[z]) {
					q = z;
					break;
				}
			CHECK(r == (q < m.cap));
			CHECK(r ? p == q : p == 0xdead);
			CHECK(bitalloc_test(&a, x) == (x < m.cap && m.free[x]));
			break;
		case 9: /* largest aligned run (costly: not every time) */
			if (rnd() % 8 == 0) {
				uint64_t mb, ms;

				r = bitalloc_largest_free_run(&a, k, &p, &q);
				if (k < 64)
					model_largest(&m, k, &mb, &ms);
				else
					ms = 0;
				CHECK(r == (ms > 0));
				CHECK(q == ms);
				if (r)
					CHECK(p == mb);
			}
			break;
		default: /* fill most of the allocator with a big insert or remove */
			if (rnd() % 16 == 0) {
				x = rnd() % m.cap;
				y = x + rnd() % (m.cap - x + 1);
				r = rnd() % 2;
				CHECK(r ? bitalloc_insert(&a, x, y) : bitalloc_remove(&a, x, y));
				model_set(&m, x, y, r);
			}
			break;
		}
		CHECK(bitalloc_free_count(&a) == m.nfree);
		if (full_each_op || i % (m.cap <= 4096 ? 64 : 1024) == 0)
			compare_all(&a, &m);
	}
	compare_all(&a, &m);
	if (failures)
		fprintf(stderr, "differential: depth %u seed %" PRIu64 " failed\n", depth, seed);
	free(m.free);
	free(s);
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 20261122;
	unsigned rounds = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 0) : 8;
	unsigned total = 0;

	test_init();
	test_single_pages();
	test_ranges();
	test_largest();
	test_checkerboard();
	test_pair_skip();
	test_depth7();
	/* 1M+ operations: depths 1..3 compare everything after every op. */
	for (unsigned round = 0; round < rounds && failures == 0; round++) {
		for (uint32_t d = 1; d <= 5; d++) {
			unsigned ops = d <= 2 ? 40000 : d == 3 ? 40000 : d == 4 ? 20000 : 6000;

			differential(d, seed + round * 10 + d, ops, d <= 2);
			total += ops;
		}
	}
	ctx = "main";
	ctx_seed = seed;
	CHECK(rounds < 8 || total >= 1000000);
	if (failures) {
		fprintf(stderr, "test_bitalloc: %d failures (base seed %" PRIu64 ")\n", failures, seed);
		return 1;
	}
	printf("test_bitalloc: ok (%u random operations, base seed %" PRIu64 ")\n", total, seed);
	return 0;
}
