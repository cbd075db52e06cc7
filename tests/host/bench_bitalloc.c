#define _POSIX_C_SOURCE 199309L
/*
 * Benchmark of mm/bitalloc.c on a 1M-page allocator (depth 5).  Prints ns/op
 * (thread CPU time, so that other jobs on the machine distort it less)
 * per operation next to the Rust crate rcore-os/bitmap-allocator v0.2
 * measured on this machine class (numbers from issue 3), and the storage
 * cost.  Never a timed test: it only reports.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "mm/bitalloc.h"

#define DEPTH 5
#define PAGES (1u << 20)
#define BLOCK 512u

static struct bitalloc a;
static uint16_t storage[BITALLOC_STORAGE_WORDS(DEPTH)];
static uint64_t sink;

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static uint64_t rng = 88172645463325252ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

#ifndef BENCH_ALLOC_BUILD
#define BENCH_ALLOC_BUILD "with the benchmark's flags"
#endif

static void must(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "bench_bitalloc: unexpected failure: %s\n", what);
		exit(1);
	}
}

static void reset(bool all_free)
{
	must(bitalloc_init(&a, DEPTH, storage, BITALLOC_STORAGE_WORDS(DEPTH)), "init");
	if (all_free)
		must(bitalloc_insert(&a, 0, PAGES), "insert");
}

static void row(const char *name, double ns, const char *rust)
{
	if (ns >= 10000)
		printf("| %-44s | %10.2f us | %10s |\n", name, ns / 1000, rust);
	else
		printf("| %-44s | %10.1f ns | %10s |\n", name, ns, rust);
}

int main(void)
{
	static uint64_t pages[PAGES];
	double t0, best;
	uint64_t p, n;
	const int reps = 5;

	printf("allocator built %s\n", BENCH_ALLOC_BUILD);
	printf("| %-44s | %13s | %10s |\n", "operation (1M pages)", "Tessera", "Rust v0.2");
	printf("|%s|%s|%s|\n", "----------------------------------------------",
	       "---------------", "------------");

	/* sequential alloc and dealloc */
	best = 1e30;
	for (int r = 0; r < reps; r++) {
		reset(true);
		t0 = now_ns();
		for (n = 0; n < PAGES; n++) {
			bitalloc_alloc(&a, &p);
			sink += p;
		}
		t0 = (now_ns() - t0) / PAGES;
		best = t0 < best ? t0 : best;
	}
	row("alloc (sequential, until full)", best, "12.7 ns");
	best = 1e30;
	for (int r = 0; r < reps; r++) {
		reset(false);
		t0 = now_ns();
		for (n = 0; n < PAGES; n++)
			sink += bitalloc_dealloc(&a, n);
		t0 = (now_ns() - t0) / PAGES;
		best = t0 < best ? t0 : best;
	}
	row("dealloc (sequential)", best, "2.7 ns");

	/* random dealloc+alloc pairs at 50 % full */
	reset(true);
	for (n = 0; n < PAGES; n++)
		pages[n] = n;
	for (n = PAGES - 1; n > 0; n--) {
		uint64_t j = rnd() % (n + 1), t = pages[n];

		pages[n] = pages[j];
		pages[j] = t;
	}
	for (n = 0; n < PAGES / 2; n++)
		must(bitalloc_alloc_at(&a, pages[n], 1), "alloc_at");
	/* A random allocated page (found by probing random pages: half are
	 * allocated), freed, then one alloc: no side array to miss in. */
	t0 = now_ns();
	for (n = 0; n < 4 * PAGES; n++) {
		while (!bitalloc_dealloc(&a, rnd() % PAGES))
			;
		must(bitalloc_alloc(&a, &p), "pair alloc");
	}
	row("random dealloc+alloc pair, 50 % full", (now_ns() - t0) / (4 * PAGES), "54 ns");

	/* alloc_contiguous(512, 9) from empty, until full */
	best = 1e30;
	for (int r = 0; r < reps; r++) {
		reset(true);
		t0 = now_ns();
		for (n = 0; n < PAGES / BLOCK; n++) {
			bitalloc_alloc_contiguous(&a, BLOCK, 9, &p);
			sink += p;
		}
		t0 = (now_ns() - t0) / (PAGES / BLOCK);
		best = t0 < best ? t0 : best;
	}
	row("alloc_contiguous(512, 9) from empty", best, "3.6 us");

	/* dealloc_contiguous(512) of every block */
	best = 1e30;
	for (int r = 0; r < reps; r++) {
		reset(false);
		t0 = now_ns();
		for (n = 0; n < PAGES / BLOCK; n++)
			sink += bitalloc_dealloc_contiguous(&a, n * BLOCK, BLOCK);
		t0 = (now_ns() - t0) / (PAGES / BLOCK);
		best = t0 < best ? t0 : best;
	}
	row("dealloc_contiguous(512)", best, "137 ns");

	/* alloc_contiguous(512, 9) with a random half of the blocks taken */
	best = 1e30;
	for (int r = 0; r < reps; r++) {
		uint64_t got = 0;

		reset(true);
		for (n = 0; n < PAGES / BLOCK; n++)
			if (rnd() % 2)
				must(bitalloc_alloc_at(&a, n * BLOCK, BLOCK), "block");
		t0 = now_ns();
		while (bitalloc_alloc_contiguous(&a, BLOCK, 9, &p))
			got++;
		t0 = (now_ns() - t0) / (double)(got + 1);
		best = t0 < best ? t0 : best;
	}
	row("alloc_contiguous(512, 9), random 50 % blocks", best, "-");

	/* failing alloc_contiguous(512, 9), random 50 % of pages taken */
	reset(true);
	for (n = 0; n < PAGES; n++)
		pages[n] = n;
	for (n = PAGES - 1; n > 0; n--) {
		uint64_t j = rnd() % (n + 1), t = pages[n];

		pages[n] = pages[j];
		pages[j] = t;
	}
	for (n = 0; n < PAGES / 2; n++)
		must(bitalloc_alloc_at(&a, pages[n], 1), "half");
	t0 = now_ns();
	for (n = 0; n < 20; n++)
		must(!bitalloc_alloc_contiguous(&a, BLOCK, 9, &p), "random page fail");
	row("alloc_contiguous(512, 9) failing, 50 % pages", (now_ns() - t0) / 20, "-");

	/* failing alloc_contiguous(2, 0) on a checkerboard */
	reset(false);
	for (n = 0; n < PAGES; n += 2)
		must(bitalloc_dealloc(&a, n), "checkerboard");
	best = 1e30;
	for (int r = 0; r < 20; r++) {
		t0 = now_ns();
		must(!bitalloc_alloc_contiguous(&a, 2, 0, &p), "checkerboard fail");
		t0 = now_ns() - t0;
		best = t0 < best ? t0 : best;
	}
	row("alloc_contiguous(2, 0) failing, checkerboard", best, "6.6 ms");

	/* insert(0..1M) into a full allocator */
	best = 1e30;
	for (int r = 0; r < reps; r++) {
		reset(false);
		t0 = now_ns();
		must(bitalloc_insert(&a, 0, PAGES), "insert");
		t0 = now_ns() - t0;
		best = t0 < best ? t0 : best;
	}
	row("insert(0..1M)", best, "0.30 ms");

	printf("| %-44s | %10.4f b  | %10s |\n", "storage bits per page",
	       (double)BITALLOC_STORAGE_WORDS(DEPTH) * 16 / PAGES, "1.07 b");
	printf("| %-44s | %10.4f B  | %10s |\n", "storage bytes per page",
	       (double)BITALLOC_STORAGE_WORDS(DEPTH) * 2 / PAGES, "0.134 B");
	printf("(best of %d runs where repeated; checksum %" PRIu64 ")\n", reps, sink);
	return 0;
}
