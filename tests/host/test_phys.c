/* Host tests of mm/phys.c: ownership records over the page allocator. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/phys.h"

#define BASE 0x40000000ull
#define CHECK(cond) do { if (!(cond)) { \
	fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); exit(1); } } while (0)

static const struct phys_owner HV = { PHYS_HYPERVISOR, 0 };
static const struct phys_owner VM1 = { PHYS_VM_RAM, 1 };
static const struct phys_owner VM2 = { PHYS_VM_RAM, 2 };

static uint16_t storage[BITALLOC_STORAGE_WORDS(3)];

static void setup(struct phys_mem *pm)
{
	CHECK(phys_init(pm, BASE, 3, storage, sizeof(storage) / sizeof(storage[0])) == PHYS_OK);
	CHECK(phys_free_pages(pm) == 0);
	/* Two free regions with a hole: pages 16..1023 and 2048..4095. */
	CHECK(phys_add_free(pm, BASE + 16 * 4096, (1024 - 16) * 4096) == PHYS_OK);
	CHECK(phys_add_free(pm, BASE + 2048 * 4096, 2048 * 4096) == PHYS_OK);
	CHECK(phys_free_pages(pm) == 1008 + 2048);
}

static void test_depth(void)
{
	CHECK(phys_depth_for(1) == 1);
	CHECK(phys_depth_for(16) == 1);
	CHECK(phys_depth_for(17) == 2);
	CHECK(phys_depth_for(1ull << 20) == 5);
	CHECK(phys_depth_for((1ull << 28) + 1) == 0);
}

static void test_bad_input(struct phys_mem *pm)
{
	uint64_t pa;

	CHECK(phys_add_free(pm, BASE + 1, 4096) == PHYS_EINVAL);          /* unaligned */
	CHECK(phys_add_free(pm, BASE - 4096, 4096) == PHYS_EINVAL);       /* below the span */
	CHECK(phys_add_free(pm, BASE + 4096 * 4096, 4096) == PHYS_EINVAL); /* past the span */
	CHECK(phys_add_free(pm, BASE + 20 * 4096, 4096) == PHYS_EINVAL);  /* already free */
	CHECK(phys_alloc(pm, 0, 0, HV, "x", &pa) == PHYS_EINVAL);
	CHECK(phys_alloc(pm, 5000, 0, HV, "x", &pa) == PHYS_ENOMEM);
	CHECK(phys_alloc(pm, 1, 64, HV, "x", &pa) == PHYS_EINVAL);
	CHECK(phys_alloc_at(pm, BASE, 1, HV, "x") == PHYS_ENOMEM);          /* never added */
	CHECK(phys_alloc_at(pm, BASE + 16 * 4096, UINT64_MAX, HV, "x") == PHYS_EINVAL);
	CHECK(phys_free(pm, BASE + 16 * 4096, HV) == PHYS_ENOENT);
	CHECK(phys_free(pm, 3, HV) == PHYS_EINVAL);
	CHECK(pm->nrecords == 0 && phys_free_pages(pm) == 3056);
}

static void test_owners(struct phys_mem *pm)
{
	uint64_t a, b, c;
	const struct phys_record *r;

	CHECK(phys_alloc(pm, 512, 9, VM1, "ram", &a) == PHYS_OK);
	CHECK(a == BASE + 512 * 4096);  /* lowest 512-aligned fully free run */
	CHECK(phys_alloc(pm, 8, 0, HV, "tables", &b) == PHYS_OK);
	CHECK(b == BASE + 16 * 4096);                            /* lowest free */
	CHECK(phys_alloc(pm, 512, 9, VM2, "ram", &c) == PHYS_OK);
	CHECK(c == BASE + 2048 * 4096);
	CHECK(phys_pages_owned(pm, VM1) == 512 && phys_pages_owned(pm, VM2) == 512);
	CHECK(phys_pages_owned(pm, HV) == 8);
	CHECK(phys_free_pages(pm) == 3056 - 1032);

	CHECK(phys_lookup(pm, a + 4096 * 100 + 17, &r) && phys_owner_eq(r->owner, VM1));
	CHECK(phys_lookup(pm, b + 7 * 4096, &r) && phys_owner_eq(r->owner, HV));
	CHECK(!phys_lookup(pm, b + 8 * 4096, &r));
	CHECK(!phys_lookup(pm, BASE, &r));

	/* The wrong owner cannot free someone else's range; nothing changes. */
	CHECK(phys_free(pm, a, VM2) == PHYS_ENOENT);
	CHECK(phys_free(pm, a + 4096, VM1) == PHYS_ENOENT);  /* not the start of a record */
	CHECK(phys_pages_owned(pm, VM1) == 512);
	CHECK(phys_free(pm, a, VM1) == PHYS_OK);
	CHECK(phys_free(pm, a, VM1) == PHYS_ENOENT);          /* double free */
	CHECK(phys_pages_owned(pm, VM1) == 0);
	CHECK(phys_free(pm, c, VM2) == PHYS_OK && phys_free(pm, b, HV) == PHYS_OK);
	CHECK(phys_free_pages(pm) == 3056 && pm->nrecords == 0);
}

static void test_record_table_full(struct phys_mem *pm)
{
	uint64_t pa, first = 0;
	uint32_t i;

	for (i = 0; i < PHYS_MAX_RECORDS; i++) {
		CHECK(phys_alloc(pm, 1, 0, HV, "page", &pa) == PHYS_OK);
		if (i == 0)
			first = pa;
	}
	CHECK(phys_alloc(pm, 1, 0, HV, "page", &pa) == PHYS_EFULL);
	CHECK(phys_free_pages(pm) == 3056 - PHYS_MAX_RECORDS);  /* the refused call took nothing */
	/* Records stay sorted: freeing from the front keeps lookups right. */
	for (i = 0; i < PHYS_MAX_RECORDS; i++) {
		const struct phys_record *r;

		CHECK(phys_lookup(pm, first, &r) && r->page == (first - BASE) / 4096);
		CHECK(phys_free(pm, first, HV) == PHYS_OK);
		if (i + 1 < PHYS_MAX_RECORDS)
			CHECK(bitalloc_next(&pm->alloc, 0, &pa));
		first = pm->nrecords ? phys_record_pa(pm, &pm->records[0]) : 0;
	}
	CHECK(phys_free_pages(pm) == 3056);
}

int main(void)
{
	static struct phys_mem pm;

	test_depth();
	setup(&pm);
	test_bad_input(&pm);
	test_owners(&pm);
	test_record_table_full(&pm);
	printf("test_phys: all checks passed\n");
	return 0;
}
