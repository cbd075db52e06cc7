/*
 * Randomized differential test of the stage-2 engine against a page-granular
 * dictionary model (one slot per 4 KiB page of a 4 GiB IPA window), built
 * once per format.  100k random map / unmap / translate operations with a
 * fixed seed (printed; pass another as argv[1]), including pool exhaustion.
 * After every operation the return code must be the one the model predicts;
 * periodically the whole table is compared with the model through dump(),
 * and the table structure is checked (no empty table but the root, every
 * frame in use reachable exactly once).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mm/stage2.h"
#include "stage2_hooks.h"
#include "tests/host/stage2_host.h"

#define OPS          100000u
#define WINDOW_BITS  32u
#define WINDOW_PAGES (1u << (WINDOW_BITS - 12))
#define POOL_FRAMES  8192u
#define PA_BITS      44u

static int failures;
#define CHECK(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s: op %u: CHECK(%s) failed\n", __FILE__, __LINE__, S2_FMT_NAME, op, #c); if (++failures > 20) exit(1); } } while (0)

static uint64_t rng;
static uint64_t next(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dull;
}
static uint64_t below(uint64_t n) { return next() % n; }

/* Model: pa of each mapped page (page frame + 1, 0 = unmapped), attrs. */
static uint64_t *model_pa;
static uint8_t *model_attrs;
static uint64_t model_count;
static unsigned op;

static struct host_pool hp;
static struct s2_table tab;

static uint32_t random_attrs(void)
{
	for (;;) {
		uint32_t a = (uint32_t)below(S2_ATTR_MASK + 1);
		if (s2_fmt_attrs_ok(a))
			return a;
	}
}

/* A random page-aligned range in the window, at page, 2 MiB or 1 GiB scale. */
static void random_range(uint64_t *ipa, uint64_t *size)
{
	uint64_t r = below(1000);
	uint64_t window = 1ull << WINDOW_BITS;

	if (r < 700) {
		*ipa = below(WINDOW_PAGES) * S2_PAGE_SIZE;
		*size = (1 + below(r < 600 ? 16 : 700)) * S2_PAGE_SIZE;
	} else if (r < 995) {
		*ipa = below(window / S2_BLOCK_2M) * S2_BLOCK_2M + (r < 900 ? 0 : below(512) * S2_PAGE_SIZE);
		*size = (1 + below(4)) * S2_BLOCK_2M + (r % 3 == 0 ? below(512) * S2_PAGE_SIZE : 0);
	} else {
		*ipa = below(window / S2_BLOCK_1G) * S2_BLOCK_1G;
		*size = S2_BLOCK_1G;
	}
	if (*ipa + *size > window)
		*size = window - *ipa;
}

static bool model_any_mapped(uint64_t ipa, uint64_t size)
{
	for (uint64_t p = ipa >> 12; p < (ipa + size) >> 12; p++)
		if (model_pa[p])
			return true;
	return false;
}

static void do_map(void)
{
	uint64_t ipa, size, pa;
	uint32_t attrs = random_attrs();
	uint32_t flags = below(10) == 0 ? S2_NO_BLOCKS : 0;
	bool starve = below(200) == 0;
	uint32_t tables = s2_table_frames(&tab);
	int rc, want;

	random_range(&ipa, &size);
	/* Output: same alignment as ipa most of the time, so blocks happen. */
	pa = below(2) ? (ipa + below(64) * S2_BLOCK_1G) : below(1ull << (PA_BITS - 12)) * S2_PAGE_SIZE;
	if (pa + size > (1ull << PA_BITS))
		pa = 0;
	want = model_any_mapped(ipa, size) ? S2_EEXIST : S2_OK;
	if (starve)
		hp.fail_after = (uint32_t)below(3);
	rc = s2_map(&tab, ipa, pa, size, attrs | flags);
	hp.fail_after = UINT32_MAX;
	if (starve && want == S2_OK && rc == S2_ENOMEM) {
		CHECK(s2_table_frames(&tab) == tables); /* nothing kept */
		return;
	}
	CHECK(rc == want);
	if (rc != S2_OK) {
		CHECK(s2_table_frames(&tab) == tables);
		return;
	}
	for (uint64_t off = 0; off < size; off += S2_PAGE_SIZE) {
		model_pa[(ipa + off) >> 12] = ((pa + off) >> 12) + 1;
		model_attrs[(ipa + off) >> 12] = (uint8_t)attrs;
		model_count++;
	}
}

static void do_unmap(void)
{
	uint64_t ipa, size;
	bool starve = below(100) == 0;
	int rc;

	random_range(&ipa, &size);
	if (starve)
		hp.fail_after = 0;
	rc = s2_unmap(&tab, ipa, size);
	hp.fail_after = UINT32_MAX;
	if (starve && rc == S2_ENOMEM)
		return; /* the translation must be unchanged: checked by later ops */
	CHECK(rc == S2_OK);
	for (uint64_t p = ipa >> 12; p < (ipa + size) >> 12; p++) {
		model_count -= model_pa[p] != 0;
		model_pa[p] = 0;
	}
}

static void do_translate(void)
{
	uint64_t ipa = below(1ull << WINDOW_BITS), pa = 0;
	uint32_t attrs = 0;
	uint64_t p = ipa >> 12;
	int rc = s2_translate(&tab, ipa, &pa, &attrs);

	if (model_pa[p]) {
		CHECK(rc == S2_OK);
		CHECK(pa == ((model_pa[p] - 1) << 12) + (ipa & 0xfff));
		CHECK(attrs == model_attrs[p]);
	} else {
		CHECK(rc == S2_ENOENT);
	}
}

static uint64_t dump_pages;
static bool dump_ok;
static struct s2_run last;

static void check_run(void *ctx, const struct s2_run *r)
{
	(void)ctx;
	if (r->ipa % r->block || r->pa % r->block || r->size % r->block || r->size == 0)
		dump_ok = false; /* blocks are aligned, runs are whole blocks */
	if (last.size && last.ipa + last.size > r->ipa)
		dump_ok = false; /* runs in IPA order, disjoint */
	if (r->ipa + r->size > (1ull << WINDOW_BITS)) {
		dump_ok = false;
		return;
	}
	for (uint64_t off = 0; off < r->size; off += S2_PAGE_SIZE) {
		uint64_t p = (r->ipa + off) >> 12;
		if (model_pa[p] != ((r->pa + off) >> 12) + 1 || model_attrs[p] != r->attrs)
			dump_ok = false;
	}
	dump_pages += r->size >> 12;
	last = *r;
}

/* Structure: every table frame reached once, none empty but the root. */
static uint32_t seen_tables;
static uint8_t *seen;
static bool walk_ok;

static void walk(uint32_t f, unsigned level)
{
	unsigned valid = 0;

	if (seen[f])
		walk_ok = false;
	seen[f] = 1;
	seen_tables++;
	for (unsigned i = 0; i < PT_ENTRIES; i++) {
		uint64_t d = hp.pool.frames[f][i];
		if (!s2_fmt_is_valid(d))
			continue;
		valid++;
		if (s2_fmt_is_table(d, level))
			walk((uint32_t)((s2_fmt_addr(d) - hp.pool.base_pa) >> 12), level + 1);
	}
	if (valid == 0 && f != tab.root)
		walk_ok = false;
}

static void full_check(void)
{
	dump_pages = 0;
	dump_ok = true;
	memset(&last, 0, sizeof(last));
	CHECK(s2_dump(&tab, check_run, NULL) >= 0);
	CHECK(dump_ok);
	CHECK(dump_pages == model_count);
	memset(seen, 0, POOL_FRAMES);
	seen_tables = 0;
	walk_ok = true;
	walk(tab.root, 0);
	CHECK(walk_ok);
	CHECK(seen_tables == s2_table_frames(&tab));
	CHECK(seen_tables == host_pool_used(&hp));
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 0x7e55e4a2024ull;
	unsigned counts[3] = { 0, 0, 0 };

	rng = seed ? seed : 1;
	printf("test_stage2_diff (%s): seed 0x%" PRIx64 ", %u ops\n", S2_FMT_NAME, seed, OPS);
	model_pa = calloc(WINDOW_PAGES, sizeof(*model_pa));
	model_attrs = calloc(WINDOW_PAGES, 1);
	seen = calloc(POOL_FRAMES, 1);
	host_pool_init(&hp, POOL_FRAMES, 0x100000000ull);
	if (s2_create(&tab, &hp.pool, 3, 40, PA_BITS, 0) != S2_OK)
		return 1;
	for (op = 0; op < OPS; op++) {
		uint64_t r = below(100);

		if (r < 40) {
			do_map();
			counts[0]++;
		} else if (r < 65) {
			do_unmap();
			counts[1]++;
		} else {
			do_translate();
			counts[2]++;
		}
		if (op % 4096 == 4095)
			full_check();
	}
	full_check();
	CHECK(s2_unmap(&tab, 0, 1ull << 40) == S2_OK);
	CHECK(s2_table_frames(&tab) == 1);
	CHECK(s2_destroy(&tab) == S2_OK);
	CHECK(host_pool_used(&hp) == 0);
	host_pool_fini(&hp);
	if (failures) {
		fprintf(stderr, "test_stage2_diff (%s): %d failure(s)\n", S2_FMT_NAME, failures);
		return 1;
	}
	printf("test_stage2_diff (%s): %u map, %u unmap, %u translate: all agree with the model\n",
	       S2_FMT_NAME, counts[0], counts[1], counts[2]);
	return 0;
}
