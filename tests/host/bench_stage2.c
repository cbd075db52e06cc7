/*
 * Stage-2 engine benchmark (host, -O2, no sanitizers), one binary per format:
 * map and unmap 1 GiB as 4 KiB pages and with blocks, table pages used, and
 * translate ns/op.  Best of REPEAT runs.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "mm/stage2.h"
#include "stage2_hooks.h"
#include "tests/host/stage2_host.h"

#define REPEAT 5
#define GIB    S2_BLOCK_1G
#define PAGES  (GIB / S2_PAGE_SIZE)
#define TRANSLATES 4000000u

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "bench_stage2: %s failed\n", what);
	exit(1);
}

static void bench_mode(const char *name, uint32_t flags, uint64_t pa)
{
	struct host_pool hp;
	struct s2_table t;
	double map_best = 1e30, unmap_best = 1e30, tr_best = 1e30;
	uint32_t tables = 0;
	volatile uint64_t sink = 0;

	host_pool_init(&hp, 1024, 0x80000000ull);
	if (s2_create(&t, &hp.pool, 1, 40, 44, 0) != S2_OK)
		die("create");
	for (int r = 0; r < REPEAT; r++) {
		double t0 = now_ns(), t1, t2;
		uint64_t x = 0x9e3779b97f4a7c15ull;

		if (s2_map(&t, GIB, pa, GIB, S2_READ | S2_WRITE | flags) != S2_OK)
			die("map");
		t1 = now_ns();
		tables = s2_table_frames(&t);
		for (unsigned i = 0; i < TRANSLATES; i++) {
			uint64_t out;
			uint32_t attrs;

			x = x * 6364136223846793005ull + 1442695040888963407ull;
			if (s2_translate(&t, GIB + (x >> 34), &out, &attrs) != S2_OK)
				die("translate");
			sink += out;
		}
		t2 = now_ns();
		if (s2_unmap(&t, GIB, GIB) != S2_OK)
			die("unmap");
		if (t1 - t0 < map_best)
			map_best = t1 - t0;
		if (now_ns() - t2 < unmap_best)
			unmap_best = now_ns() - t2;
		if ((t2 - t1) / TRANSLATES < tr_best)
			tr_best = (t2 - t1) / TRANSLATES;
	}
	printf("| %-21s | %-24s | %10.2f | %12.0f | %10.2f | %12.0f | %6u | %8.1f |\n", S2_FMT_NAME,
	       name, map_best / PAGES, map_best, unmap_best / PAGES, unmap_best, tables, tr_best);
	if (s2_destroy(&t) != S2_OK || host_pool_used(&hp) != 0)
		die("destroy");
	host_pool_fini(&hp);
	(void)sink;
}

int main(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) { /* --header: print the table header only */
		printf("| format | 1 GiB mapped as | map ns/4K page | map ns/call | unmap ns/4K page | unmap ns/call | table pages | translate ns/op |\n");
		printf("|---|---|---|---|---|---|---|---|\n");
		return 0;
	}
	bench_mode("4 KiB pages", S2_NO_BLOCKS, 2 * GIB);
	bench_mode("2 MiB blocks", 0, 2 * GIB + S2_BLOCK_2M);
	bench_mode("1 GiB block", 0, 2 * GIB);
	return 0;
}
