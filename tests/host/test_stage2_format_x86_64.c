/*
 * Descriptor bits of the AMD NPT format against the AMD64 APM vol. 2: every
 * expected value is assembled here from the manual's bit positions.
 *   5.3.3 / figs 5-18..5-25 (long mode, 4 KiB, 2 MiB and 1 GiB pages):
 *     bit 0 P, 1 R/W, 2 U/S, 3 PWT, 4 PCD, 5 A, 6 D, 7 PS (PDPE, PDE) / PAT (PTE),
 *     8 G, 12 PAT (large pages), address bits[51:12] ([51:21] 2 MiB,
 *     [51:30] 1 GiB), bits 62:52 available, 63 NX
 *   15.25.5: nested page-table walks are user accesses: U/S = 1 everywhere
 *   7.8 PAT: power-on PAT index 0 = WB (PAT=PCD=PWT=0), index 3 = UC (PCD=PWT=1)
 *   nCR3: VMCB 0xB0, PML4 base in bits[51:12], PWT bit 3, PCD bit 4
 */
#include <stdio.h>
#include "stage2_hooks.h"

#define BIT(n) (1ull << (n))
#define FIELD(v, hi, lo) (((v) >> (lo)) & ((1ull << ((hi) - (lo) + 1)) - 1))

static int failures;
#define CHECK(c) do { if (!(c)) { fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #c); failures++; } } while (0)

static void test_leaf_bits(void)
{
	const uint64_t pa = 0x000fedcba9876000ull & (BIT(52) - 1);
	const uint64_t pa2m = pa & ~(BIT(21) - 1), pa1g = pa & ~(BIT(30) - 1);

	for (uint32_t attrs = 0; attrs <= S2_ATTR_MASK; attrs++) {
		bool dev = attrs & S2_DEVICE;

		if (!s2_fmt_attrs_ok(attrs))
			continue;
		for (unsigned level = 1; level <= 3; level++) {
			uint64_t oa = level == 1 ? pa1g : level == 2 ? pa2m : pa;
			uint64_t d = s2_fmt_leaf(oa, level, attrs);

			CHECK((d & BIT(0)) != 0);                                 /* P */
			CHECK(((d & BIT(1)) != 0) == ((attrs & S2_WRITE) != 0));  /* R/W */
			CHECK((d & BIT(2)) != 0);                                 /* U/S */
			CHECK(((d & BIT(3)) != 0) == dev);                        /* PWT */
			CHECK(((d & BIT(4)) != 0) == dev);                        /* PCD */
			CHECK(FIELD(d, 6, 5) == 0);                               /* A, D */
			CHECK(((d & BIT(7)) != 0) == (level != 3));               /* PS / PAT */
			CHECK((d & BIT(8)) == 0);                                 /* G */
			CHECK(FIELD(d, 11, 9) == 0);
			if (level == 3)
				CHECK(FIELD(d, 51, 12) == oa >> 12);
			else
				CHECK((d & BIT(12)) == 0 && FIELD(d, 51, 13) == oa >> 13); /* PAT=0 */
			CHECK(FIELD(d, 62, 52) == 0);
			CHECK(((d & BIT(63)) != 0) == ((attrs & S2_EXEC) == 0));  /* NX */
			CHECK(s2_fmt_is_valid(d));
			CHECK(!s2_fmt_is_table(d, level) || level == 3);
			CHECK(s2_fmt_addr(d) == oa);
			CHECK(s2_fmt_attrs(d) == attrs);
		}
	}
	/* P implies readable: write-only / exec-only cannot be expressed. */
	CHECK(!s2_fmt_attrs_ok(S2_WRITE) && !s2_fmt_attrs_ok(S2_EXEC) && !s2_fmt_attrs_ok(0));
	CHECK(!s2_fmt_attrs_ok(S2_READ | S2_EXEC | S2_DEVICE));
	CHECK(!s2_fmt_attrs_ok(0x10 | S2_READ));
	CHECK(s2_fmt_attrs_ok(S2_READ));
}

static void test_table_bits(void)
{
	uint64_t pa = 0xffffffffff000ull;
	uint64_t d = s2_fmt_table(pa);

	CHECK(d == (pa | BIT(0) | BIT(1) | BIT(2))); /* P, R/W, U/S; PS = 0, NX = 0 */
	for (unsigned level = 0; level < 3; level++)
		CHECK(s2_fmt_is_table(d, level));
	CHECK(!s2_fmt_is_table(d, 3));
	CHECK(s2_fmt_addr(d) == pa);
	CHECK(!s2_fmt_is_table(s2_fmt_leaf(0x40000000, 1, S2_READ), 1));
	CHECK(!s2_fmt_is_table(s2_fmt_leaf(0x200000, 2, S2_READ), 2));
	CHECK(!s2_fmt_is_valid(0) && !s2_fmt_is_valid(BIT(1) | BIT(2)));
}

static void test_ncr3(void)
{
	uint64_t ncr3 = 1;

	CHECK(npt_ncr3(0x12345000ull, 48, &ncr3) == 0);
	CHECK(FIELD(ncr3, 51, 12) == 0x12345ull && FIELD(ncr3, 11, 0) == 0 && FIELD(ncr3, 63, 52) == 0);
	CHECK(npt_ncr3(BIT(51), 52, &ncr3) == 0 && ncr3 == BIT(51));
	CHECK(npt_ncr3(BIT(48), 48, &ncr3) == -1);
	CHECK(npt_ncr3(0x1008, 48, &ncr3) == -1);
	CHECK(npt_ncr3(0x1000, 53, &ncr3) == -1);
	CHECK(npt_ncr3(0x1000, 31, &ncr3) == -1);
	CHECK(npt_ncr3(0x1000, 48, NULL) == -1);
}

int main(void)
{
	test_leaf_bits();
	test_table_bits();
	test_ncr3();
	if (failures) {
		fprintf(stderr, "test_stage2_format_x86_64: %d failure(s)\n", failures);
		return 1;
	}
	printf("test_stage2_format_x86_64: all passed\n");
	return 0;
}
