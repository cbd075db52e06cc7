/*
 * Descriptor bits of the AArch64 stage-2 format against the Arm ARM
 * (DDI 0487): every expected value is assembled here from the manual's bit
 * positions, independently of the constants in stage2_format.h.
 *   D8.3.1  descriptor type bits[1:0]: 0b01 block, 0b11 table/page
 *   D8.3.2  stage-2 block/page attributes: MemAttr[3:0] bits[5:2],
 *           S2AP[1:0] bits[7:6] (bit 6 read, bit 7 write), SH[1:0] bits[9:8],
 *           AF bit 10, output address bits[47:n], XN[1:0] bits[54:53]
 *   MemAttr without FEAT_S2FWB: 0b0001 Device-nGnRE, 0b1111 Normal
 *           Outer WB / Inner WB
 *   VTCR_EL2: T0SZ[5:0], SL0[7:6], IRGN0[9:8], ORGN0[11:10], SH0[13:12],
 *           TG0[15:14], PS[18:16], VS bit 19, bit 31 RES1
 *   VTTBR_EL2: BADDR[47:1], VMID[55:48] (8-bit VMID)
 *   ID_AA64MMFR0_EL1.PARange[3:0]: 0..6 = 32,36,40,42,44,48,52 bits
 */
#include <stdio.h>
#include "stage2_hooks.h"

#define BIT(n) (1ull << (n))
#define FIELD(v, hi, lo) (((v) >> (lo)) & ((1ull << ((hi) - (lo) + 1)) - 1))

static int failures;
#define CHECK(c) do { if (!(c)) { fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #c); failures++; } } while (0)

static void test_leaf_bits(void)
{
	const uint64_t pa = 0x0000123456789000ull & (BIT(48) - 1);
	const uint64_t pa2m = pa & ~(BIT(21) - 1), pa1g = pa & ~(BIT(30) - 1);

	for (uint32_t attrs = 0; attrs <= S2_ATTR_MASK; attrs++) {
		bool dev = attrs & S2_DEVICE;

		if (!s2_fmt_attrs_ok(attrs))
			continue;
		for (unsigned level = 1; level <= 3; level++) {
			uint64_t oa = level == 1 ? pa1g : level == 2 ? pa2m : pa;
			uint64_t d = s2_fmt_leaf(oa, level, attrs);

			CHECK(FIELD(d, 1, 0) == (level == 3 ? 3u : 1u));
			CHECK(FIELD(d, 5, 2) == (dev ? 0x1u : 0xfu));
			CHECK(((d & BIT(6)) != 0) == ((attrs & S2_READ) != 0));
			CHECK(((d & BIT(7)) != 0) == ((attrs & S2_WRITE) != 0));
			CHECK(FIELD(d, 9, 8) == (dev ? 0u : 3u));
			CHECK((d & BIT(10)) != 0);          /* AF */
			CHECK((d & BIT(11)) == 0);          /* nG: RES0 at stage 2 */
			CHECK(FIELD(d, 47, 12) == oa >> 12); /* output address */
			CHECK(FIELD(d, 53, 48) == 0);       /* RES0, DBM, Contiguous, XN[0] */
			CHECK(((d & BIT(54)) != 0) == ((attrs & S2_EXEC) == 0));
			CHECK(FIELD(d, 63, 55) == 0);
			/* Decoding gives back exactly what was asked for. */
			CHECK(s2_fmt_is_valid(d));
			CHECK(!s2_fmt_is_table(d, level) || level == 3);
			CHECK(s2_fmt_addr(d) == oa);
			CHECK(s2_fmt_attrs(d) == attrs);
		}
	}
	/* Device memory is never executable; no-access and unknown bits refused. */
	CHECK(!s2_fmt_attrs_ok(S2_READ | S2_EXEC | S2_DEVICE));
	CHECK(!s2_fmt_attrs_ok(0) && !s2_fmt_attrs_ok(S2_DEVICE));
	CHECK(!s2_fmt_attrs_ok(0x10 | S2_READ));
	CHECK(s2_fmt_attrs_ok(S2_WRITE) && s2_fmt_attrs_ok(S2_EXEC)); /* S2AP 0b10, XN clear */
}

static void test_table_bits(void)
{
	uint64_t pa = 0xfffffffff000ull;
	uint64_t d = s2_fmt_table(pa);

	CHECK(d == (pa | 3u));
	CHECK(s2_fmt_is_valid(d));
	for (unsigned level = 0; level < 3; level++)
		CHECK(s2_fmt_is_table(d, level));
	CHECK(!s2_fmt_is_table(d, 3)); /* bits[1:0] 0b11 at level 3 is a page */
	CHECK(s2_fmt_addr(d) == pa);
	CHECK(!s2_fmt_is_table(s2_fmt_leaf(0x40000000, 1, S2_READ), 1)); /* block */
	CHECK(!s2_fmt_is_valid(0) && !s2_fmt_is_valid(BIT(1)));
}

static void test_registers(void)
{
	uint64_t vtcr = 0, vttbr = 0;
	unsigned ipa = 0, pa = 0;
	const unsigned bits_of[7] = { 32, 36, 40, 42, 44, 48, 52 };

	for (unsigned enc = 0; enc < 16; enc++)
		CHECK(a64_parange_bits(0xabcdef00ull | enc) == (enc < 7 ? bits_of[enc] : 0));

	/* PARange 48 bits (0b0101), IPA 40 bits. */
	CHECK(a64_vtcr_compute(5, 40, &vtcr, &ipa, &pa) == 0);
	CHECK(ipa == 40 && pa == 48);
	CHECK(FIELD(vtcr, 5, 0) == 64 - 40);  /* T0SZ */
	CHECK(FIELD(vtcr, 7, 6) == 2);        /* SL0: start at level 0 (4 KiB) */
	CHECK(FIELD(vtcr, 9, 8) == 1);        /* IRGN0: WB RA WA */
	CHECK(FIELD(vtcr, 11, 10) == 1);      /* ORGN0 */
	CHECK(FIELD(vtcr, 13, 12) == 3);      /* SH0: inner shareable */
	CHECK(FIELD(vtcr, 15, 14) == 0);      /* TG0: 4 KiB */
	CHECK(FIELD(vtcr, 18, 16) == 5);      /* PS: 48 bits */
	CHECK((vtcr & BIT(19)) == 0);         /* VS: 8-bit VMID */
	CHECK((vtcr & BIT(31)) != 0);         /* RES1 */
	CHECK(FIELD(vtcr, 30, 20) == 0 && FIELD(vtcr, 63, 32) == 0);

	/* PARange 52 (-cpu max): IPA and PS clamped to 48. */
	CHECK(a64_vtcr_compute(6, 52, &vtcr, &ipa, &pa) == 0);
	CHECK(ipa == 48 && pa == 48 && FIELD(vtcr, 5, 0) == 16 && FIELD(vtcr, 18, 16) == 5);
	/* PARange 44 (Cortex-A57/A72): IPA 48 requested is clamped to 44. */
	CHECK(a64_vtcr_compute(4, 48, &vtcr, &ipa, &pa) == 0);
	CHECK(ipa == 44 && pa == 44 && FIELD(vtcr, 5, 0) == 20 && FIELD(vtcr, 18, 16) == 4);
	/* Refused: PAMax < 44 (level-0 start invalid), reserved PARange, IPA < 40. */
	CHECK(a64_vtcr_compute(2, 40, &vtcr, &ipa, &pa) == -1);
	CHECK(a64_vtcr_compute(7, 40, &vtcr, &ipa, &pa) == -1);
	CHECK(a64_vtcr_compute(15, 40, &vtcr, &ipa, &pa) == -1);
	CHECK(a64_vtcr_compute(5, 39, &vtcr, &ipa, &pa) == -1);
	CHECK(a64_vtcr_compute(5, 40, NULL, &ipa, &pa) == -1);

	CHECK(a64_vttbr(0x8765432000ull, 0xab, &vttbr) == 0);
	CHECK(FIELD(vttbr, 55, 48) == 0xab && FIELD(vttbr, 47, 1) == 0x8765432000ull >> 1);
	CHECK((vttbr & 1) == 0 && FIELD(vttbr, 63, 56) == 0);
	CHECK(a64_vttbr(0x1001, 1, &vttbr) == -1);
	CHECK(a64_vttbr(BIT(48), 1, &vttbr) == -1);
	CHECK(a64_vttbr(0x1000, 256, &vttbr) == -1);
	CHECK(a64_vttbr(0x1000, 1, NULL) == -1);
}

int main(void)
{
	test_leaf_bits();
	test_table_bits();
	test_registers();
	if (failures) {
		fprintf(stderr, "test_stage2_format_aarch64: %d failure(s)\n", failures);
		return 1;
	}
	printf("test_stage2_format_aarch64: all passed\n");
	return 0;
}
