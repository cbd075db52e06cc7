/*
 * VMSAv8-64 stage-2 translation table format, 4 KiB granule, lookup
 * starting at level 0 (4 levels, IPA sizes 40..48 bits).
 *
 * References: Arm ARM DDI 0487, D8.3 "Translation table descriptor formats"
 * (table/block/page descriptors), D8.5.5 "Stage 2 memory type and
 * Cacheability attributes" (MemAttr[3:0] without FEAT_S2FWB),
 * D8.4.2 "Stage 2 data accesses" (S2AP), D8.4.? (XN[1:0]), and the
 * VTCR_EL2 / VTTBR_EL2 / ID_AA64MMFR0_EL1 register descriptions (D19).
 *
 * Descriptors are built and decoded with + / % on purpose: the fields never
 * overlap, the compiler emits the same shifts and masks, and the WP provers
 * reason about arithmetic far better than about bit operators.
 */
#ifndef TESSERA_ARCH_AARCH64_STAGE2_FORMAT_H
#define TESSERA_ARCH_AARCH64_STAGE2_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "mm/stage2_attrs.h"

/* Descriptor bits[1:0]. */
#define A64_S2_DESC_INVALID 0x0ull /* bit 0 clear: invalid */
#define A64_S2_DESC_BLOCK   0x1ull /* levels 1, 2 */
#define A64_S2_DESC_TABLE   0x3ull /* levels 0..2: next-level table */
#define A64_S2_DESC_PAGE    0x3ull /* level 3 */

/* Lower attributes of block and page descriptors. */
#define A64_S2_MEMATTR_UNIT     0x4ull   /* MemAttr[3:0] is bits[5:2] */
#define A64_S2_MEMATTR_NORMAL_WB 0xfull  /* Outer WB (0b11xx), Inner WB (0bxx11) */
#define A64_S2_MEMATTR_DEVICE_NGNRE 0x1ull /* Device-nGnRE (0b0001) */
#define A64_S2_S2AP_READ  0x40ull   /* S2AP[0], bit 6 */
#define A64_S2_S2AP_WRITE 0x80ull   /* S2AP[1], bit 7 */
#define A64_S2_SH_INNER   0x300ull  /* SH[1:0] = 0b11, bits[9:8] */
#define A64_S2_AF         0x400ull  /* access flag, bit 10 */
/* Upper attributes. */
#define A64_S2_XN         0x40000000000000ull /* XN[1] (bit 54): no execution at EL1 or EL0 */

/* Output address field: bits[47:12]. */
#define A64_S2_OA_LIMIT   0x1000000000000ull  /* 2^48 */

/* The engine hooks (same names in arch/x86_64/npt_format.h). */
#define S2_FMT_NAME "aarch64-vmsav8-stage2"
#define S2_FMT_MAX_IPA_BITS 48u
/* Output addresses (tables, blocks, pages) lie below this. */
#define S2_FMT_OA_LIMIT A64_S2_OA_LIMIT
#define S2_FMT_MAX_PA_BITS  48u

/*@ predicate s2_fmt_valid(integer d) = d % 2 == 1;
    predicate s2_fmt_table_p(integer d, integer level) = (level < 3 && d % 4 == 3);
    logic integer s2_fmt_is_tbl(integer d, integer level) = level < 3 ? (d % 4 == 3 ? 1 : 0) : 0;
    logic integer s2_fmt_attrs_l(integer d) =
      (d / 64 % 2 == 1 ? 1 : 0) + (d / 128 % 2 == 1 ? 2 : 0) + (d / 0x40000000000000 % 2 == 0 ? 4 : 0)
      + (d / 4 % 16 != 15 ? 8 : 0);
    logic integer s2_fmt_addr_l(integer d) = (d % A64_S2_OA_LIMIT) / 4096 * 4096;
*/

/*@ logic integer s2_fmt_lo(integer level, integer attrs) =
      (level == 3 ? 3 : 1)
      + ((attrs / 8) % 2 == 1 ? 4 : 60)
      + ((attrs / 1) % 2 == 1 ? 64 : 0)
      + ((attrs / 2) % 2 == 1 ? 128 : 0)
      + ((attrs / 8) % 2 == 1 ? 0 : 768)
      + 1024;
    logic integer s2_fmt_hi(integer attrs) = ((attrs / 4) % 2 == 1 ? 0 : 0x40000000000000);
*/

/* Attribute sets this format can express (the engine's S2_* bits). */
/*@ predicate s2_fmt_attrs_okp(integer attrs) =
      attrs <= S2_ATTR_MASK && attrs % 8 != 0 &&
      !((attrs / 8) % 2 == 1 && (attrs / 4) % 2 == 1);
*/

/* True when the engine can express these attributes in this format. */
/*@ assigns \nothing;
    ensures \result <==> s2_fmt_attrs_okp(attrs);
    exits \false;
*/
static inline bool s2_fmt_attrs_ok(uint32_t attrs)
{
	if (attrs > S2_ATTR_MASK || attrs % 8u == 0)
		return false; /* unknown bit, or no access at all */
	if ((attrs / S2_DEVICE) % 2u == 1u && (attrs / S2_EXEC) % 2u == 1u)
		return false; /* device memory is never executable */
	return true;
}

/* Table descriptor pointing at the next-level table at physical address pa. */
/*@ requires pa % 4096 == 0 && pa < S2_FMT_OA_LIMIT;
    assigns \nothing;
    ensures \result == pa + 3;
    exits \false;
*/
static inline uint64_t s2_fmt_table(uint64_t pa)
{
	return pa + A64_S2_DESC_TABLE;
}

/*
 * Block (level 1, 2) or page (level 3) descriptor for output address pa.
 * Normal memory: MemAttr = Normal WB/WB, SH = inner shareable.
 * Device memory: MemAttr = Device-nGnRE (shareability is ignored, left 0).
 * AF is set (no access-flag faults); XN unless S2_EXEC.
 */
/*@ requires pa % 4096 == 0 && pa < S2_FMT_OA_LIMIT && 1 <= level <= 3;
    requires attrs <= S2_ATTR_MASK;
    assigns \nothing;
    ensures \result == s2_fmt_hi(attrs) + pa + s2_fmt_lo(level, attrs);
    exits \false;
*/
static inline uint64_t s2_fmt_leaf(uint64_t pa, unsigned level, uint32_t attrs)
{
	uint64_t lo = level == 3 ? A64_S2_DESC_PAGE : A64_S2_DESC_BLOCK;
	uint64_t hi = 0;

	if ((attrs / S2_DEVICE) % 2u == 1u)
		lo += A64_S2_MEMATTR_DEVICE_NGNRE * A64_S2_MEMATTR_UNIT;
	else
		lo += A64_S2_MEMATTR_NORMAL_WB * A64_S2_MEMATTR_UNIT;
	if ((attrs / S2_READ) % 2u == 1u)
		lo += A64_S2_S2AP_READ;
	if ((attrs / S2_WRITE) % 2u == 1u)
		lo += A64_S2_S2AP_WRITE;
	if ((attrs / S2_DEVICE) % 2u == 0u)
		lo += A64_S2_SH_INNER;
	lo += A64_S2_AF;
	if ((attrs / S2_EXEC) % 2u == 0u)
		hi = A64_S2_XN;
	return hi + pa + lo;
}

/*
 * Proof only (the compiler removes the empty body): a leaf written with
 * attributes this format can express reads back with exactly those
 * attributes (the solvers split the 16 attribute sets).
 */
/*@ requires pa % 4096 == 0 && pa < S2_FMT_OA_LIMIT && 1 <= level <= 3;
    requires s2_fmt_attrs_okp(attrs);
    assigns \nothing;
    ensures s2_fmt_attrs_l(s2_fmt_hi(attrs) + pa + s2_fmt_lo(level, attrs)) == attrs;
    exits \false;
*/
static inline void s2_fmt_leaf_attr_facts(uint64_t pa, unsigned level, uint32_t attrs)
{
	(void)pa;
	(void)level;
	(void)attrs;
	/*@ assert pa == pa / 4096 * 4096; */
	/*@ assert lo: 0 <= s2_fmt_lo(level, attrs) < 4096; */
	/*@ assert cases: attrs == 0 || attrs == 1 || attrs == 2 || attrs == 3 || attrs == 4 ||
	      attrs == 5 || attrs == 6 || attrs == 7 || attrs == 8 || attrs == 9 || attrs == 10 ||
	      attrs == 11 || attrs == 12 || attrs == 13 || attrs == 14 || attrs == 15;
	*/
}

/* Bit 0: the descriptor is valid. */
/*@ assigns \nothing; ensures \result <==> s2_fmt_valid(d); exits \false; */
static inline bool s2_fmt_is_valid(uint64_t d)
{
	return d % 2u == 1u;
}

/* A valid descriptor at level < 3 with bits[1:0] = 0b11 is a table descriptor. */
/*@ assigns \nothing; ensures \result <==> s2_fmt_table_p(d, level); exits \false; */
static inline bool s2_fmt_is_table(uint64_t d, unsigned level)
{
	return level < 3u && d % 4u == 3u;
}

/* Output address (next-level table or block/page base): bits[47:12]. */
/*@ assigns \nothing;
    ensures \result == s2_fmt_addr_l(d);
    ensures \result % 4096 == 0 && \result < S2_FMT_OA_LIMIT;
    exits \false;
*/
static inline uint64_t s2_fmt_addr(uint64_t d)
{
	return d % A64_S2_OA_LIMIT / 4096u * 4096u;
}

/* Engine attributes of a valid block or page descriptor. */
/*@ assigns \nothing;
    ensures \result <= S2_ATTR_MASK && \result == s2_fmt_attrs_l(d);
    exits \false;
*/
static inline uint32_t s2_fmt_attrs(uint64_t d)
{
	uint32_t attrs = 0;

	if (d / A64_S2_S2AP_READ % 2u == 1u)
		attrs += S2_READ;
	if (d / A64_S2_S2AP_WRITE % 2u == 1u)
		attrs += S2_WRITE;
	if (d / A64_S2_XN % 2u == 0u)
		attrs += S2_EXEC;
	if (d / A64_S2_MEMATTR_UNIT % 16u != A64_S2_MEMATTR_NORMAL_WB)
		attrs += S2_DEVICE;
	return attrs;
}

/* ---- VTCR_EL2 / VTTBR_EL2 (arch/aarch64/stage2_format.c) ---- */

/* VTCR_EL2 fields (D19 "VTCR_EL2"). */
/* Field units (2^shift): T0SZ[5:0], SL0[7:6], IRGN0[9:8], ORGN0[11:10],
 * SH0[13:12], TG0[15:14], PS[18:16], VS bit 19 (left 0: 8-bit VMID). */
#define A64_VTCR_T0SZ_UNIT   0x1ull
#define A64_VTCR_SL0_UNIT    0x40ull
#define A64_VTCR_IRGN0_UNIT  0x100ull
#define A64_VTCR_ORGN0_UNIT  0x400ull
#define A64_VTCR_SH0_UNIT    0x1000ull
#define A64_VTCR_TG0_UNIT    0x4000ull
#define A64_VTCR_PS_UNIT     0x10000ull
#define A64_VTCR_RES1        0x80000000ull /* bit 31 */
#define A64_VTCR_SL0_LEVEL0  2ull /* 4 KiB granule: start at level 0 */
#define A64_VTCR_WBWA        1ull /* IRGN0/ORGN0: write-back write-allocate */
#define A64_VTCR_SH_INNER    3ull
#define A64_VTCR_TG0_4K      0ull

/* VTTBR_EL2: BADDR in bits[47:1] (aligned to the table size), VMID in [63:48]. */
#define A64_VTTBR_VMID_UNIT 0x1000000000000ull /* VMID at bit 48 */

/*
 * Translate ID_AA64MMFR0_EL1.PARange (bits[3:0]) into a physical address
 * size in bits: 0->32, 1->36, 2->40, 3->42, 4->44, 5->48, 6->52.  Returns 0
 * for a reserved encoding.
 */
/*@ assigns \nothing;
    ensures \result == 0 || 32 <= \result <= 52;
    exits \false;
*/
unsigned a64_parange_bits(uint64_t id_aa64mmfr0);

/*
 * Choose the stage-2 IPA size and compute VTCR_EL2 for the engine's layout
 * (4 KiB granule, start level 0).  ipa_bits_req is the configured IPA size
 * (at least 40); it is clamped to the PA size from PARange and to 48 (PS field
 * limited to 48 bits: the engine uses 48-bit output addresses, no FEAT_LPA).
 * Level-0 start requires PAMax >= 44 bits (AArch64.S2InvalidSL); on smaller
 * implementations this returns -1 (40-bit concatenated level-1 roots are
 * not supported).  On success stores the VTCR value, the IPA size and the PA
 * size in bits used, and returns 0.
 */
/*@ requires vtcr == \null || \valid(vtcr);
    requires ipa_bits == \null || \valid(ipa_bits);
    requires pa_bits == \null || \valid(pa_bits);
    requires \separated(vtcr, ipa_bits, pa_bits);
    assigns *vtcr, *ipa_bits, *pa_bits;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> 40 <= *ipa_bits <= *pa_bits <= 48 && *ipa_bits <= ipa_bits_req;
    exits \false;
*/
int a64_vtcr_compute(uint64_t id_aa64mmfr0, unsigned ipa_bits_req, uint64_t *vtcr,
		     unsigned *ipa_bits, unsigned *pa_bits);

/*
 * VTTBR_EL2 from the physical address of the level-0 table and the VMID
 * (8-bit VMIDs: VTCR_EL2.VS = 0).  Returns -1 for an unaligned or too large
 * address or a VMID above 255.
 */
/*@ requires vttbr == \null || \valid(vttbr);
    assigns *vttbr;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> *vttbr == vmid * A64_VTTBR_VMID_UNIT + root_pa;
    exits \false;
*/
int a64_vttbr(uint64_t root_pa, uint16_t vmid, uint64_t *vttbr);

#endif
