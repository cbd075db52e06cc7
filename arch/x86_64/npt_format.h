/*
 * AMD nested paging (NPT) table format: the long-mode 4-level page-table
 * format walked with the host's paging rules (AMD64 APM vol. 2, 15.25
 * "Nested Paging", and 5.3 "Long-Mode Page Translation", figures 5-18..5-25
 * for PML4E/PDPE/PDE/PTE layouts; 5.4 for the 1 GiB / 2 MiB PS bit).
 *
 * Every entry has P, R/W and U/S set (nested walks are user accesses, APM
 * 15.25.5); leaves carry NX (bit 63) unless executable.  Memory type: WB
 * through PAT index 0 (PWT = PCD = PAT = 0) for normal memory, UC through
 * PAT index 3 (PWT = PCD = 1) for device memory, with the power-on PAT.
 * NPT has no non-readable present page: every mapping must include S2_READ.
 *
 * Descriptors are built and decoded with + / % (see the AArch64 format).
 */
#ifndef TESSERA_ARCH_X86_64_NPT_FORMAT_H
#define TESSERA_ARCH_X86_64_NPT_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "mm/stage2_attrs.h"

#define NPT_P    0x1ull   /* bit 0: present */
#define NPT_RW   0x2ull   /* bit 1: writable */
#define NPT_US   0x4ull   /* bit 2: user (required on every nested entry) */
#define NPT_PWT  0x8ull   /* bit 3: page write-through */
#define NPT_PCD  0x10ull  /* bit 4: page cache disable */
#define NPT_PS   0x80ull  /* bit 7 of PDPE/PDE: 1 GiB / 2 MiB page */
#define NPT_NX   0x8000000000000000ull /* bit 63: no execute */
#define NPT_ADDR_LIMIT 0x10000000000000ull /* address field bits[51:12] */

#define S2_FMT_NAME "x86_64-amd-npt"
#define S2_FMT_MAX_IPA_BITS 48u
/* Output addresses (tables, blocks, pages) lie below this. */
#define S2_FMT_OA_LIMIT NPT_ADDR_LIMIT
#define S2_FMT_MAX_PA_BITS  52u

/*@ predicate s2_fmt_valid(integer d) = d % 2 == 1;
    predicate s2_fmt_table_p(integer d, integer level) = (level < 3 && (d / 128) % 2 == 0);
    logic integer s2_fmt_is_tbl(integer d, integer level) = level < 3 ? (d / 128 % 2 == 0 ? 1 : 0) : 0;
    logic integer s2_fmt_attrs_l(integer d) =
      1 + (d / 2 % 2 == 1 ? 2 : 0) + (d / 0x8000000000000000 % 2 == 0 ? 4 : 0) + (d / 16 % 2 == 1 ? 8 : 0);
    logic integer s2_fmt_addr_l(integer d) = (d % NPT_ADDR_LIMIT) / 4096 * 4096;
*/

/*@ logic integer s2_fmt_lo(integer level, integer attrs) =
      1 + ((attrs / 2) % 2 == 1 ? 2 : 0) + 4
      + ((attrs / 8) % 2 == 1 ? 24 : 0)
      + (level == 3 ? 0 : 128);
    logic integer s2_fmt_hi(integer attrs) = ((attrs / 4) % 2 == 1 ? 0 : 0x8000000000000000);
*/

/* Attribute sets this format can express (the engine's S2_* bits). */
/*@ predicate s2_fmt_attrs_okp(integer attrs) =
      attrs <= S2_ATTR_MASK && attrs % 2 == 1 &&
      !((attrs / 8) % 2 == 1 && (attrs / 4) % 2 == 1);
*/

/* True when the engine can express these attributes in this format. */
/*@ assigns \nothing;
    ensures \result <==> s2_fmt_attrs_okp(attrs);
    exits \false;
*/
static inline bool s2_fmt_attrs_ok(uint32_t attrs)
{
	if (attrs > S2_ATTR_MASK || attrs % 2u == 0)
		return false; /* unknown bit, or not readable (P implies read) */
	if ((attrs / S2_DEVICE) % 2u == 1u && (attrs / S2_EXEC) % 2u == 1u)
		return false; /* device memory is never executable */
	return true;
}

/* Non-leaf entry pointing at the next-level table: P, RW, US. */
/*@ requires pa % 4096 == 0 && pa < S2_FMT_OA_LIMIT;
    assigns \nothing;
    ensures \result == pa + 7;
    exits \false;
*/
static inline uint64_t s2_fmt_table(uint64_t pa)
{
	return pa + NPT_P + NPT_RW + NPT_US;
}

/*
 * Leaf: 1 GiB PDPE (level 1) or 2 MiB PDE (level 2) with PS, or a 4 KiB PTE
 * (level 3, where bit 7 is PAT and stays 0).
 */
/*@ requires pa % 4096 == 0 && pa < S2_FMT_OA_LIMIT && 1 <= level <= 3;
    requires attrs <= S2_ATTR_MASK;
    assigns \nothing;
    ensures \result == s2_fmt_hi(attrs) + pa + s2_fmt_lo(level, attrs);
    exits \false;
*/
static inline uint64_t s2_fmt_leaf(uint64_t pa, unsigned level, uint32_t attrs)
{
	uint64_t lo = NPT_P;
	uint64_t hi = 0;

	if ((attrs / S2_WRITE) % 2u == 1u)
		lo += NPT_RW;
	lo += NPT_US;
	if ((attrs / S2_DEVICE) % 2u == 1u)
		lo += NPT_PWT + NPT_PCD;
	if (level != 3)
		lo += NPT_PS;
	if ((attrs / S2_EXEC) % 2u == 0u)
		hi = NPT_NX;
	return hi + pa + lo;
}

/*
 * Proof only (the compiler removes the empty body): a leaf written with
 * attributes this format can express reads back with exactly those
 * attributes.  The solvers need the descriptor split at bit 12 (RW is bit 1,
 * PWT bit 3 / PCD bit 4, NX bit 63) to see it.
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
	/*@ assert lo: 0 <= s2_fmt_lo(level, attrs) < 256; */
	/*@ assert hi: s2_fmt_hi(attrs) == 0 || s2_fmt_hi(attrs) == 0x8000000000000000; */
	/*@ assert split: \let d = s2_fmt_hi(attrs) + pa + s2_fmt_lo(level, attrs);
	      d == d / 4096 * 4096 + s2_fmt_lo(level, attrs);
	*/
	/*@ assert split2: \let d = s2_fmt_hi(attrs) + pa + s2_fmt_lo(level, attrs);
	      d / 2 == d / 4096 * 2048 + s2_fmt_lo(level, attrs) / 2;
	*/
	/*@ assert split16: \let d = s2_fmt_hi(attrs) + pa + s2_fmt_lo(level, attrs);
	      d / 16 == d / 4096 * 256 + s2_fmt_lo(level, attrs) / 16;
	*/
	/*@ assert bits: \let d = s2_fmt_hi(attrs) + pa + s2_fmt_lo(level, attrs);
	      d / 2 % 2 == s2_fmt_lo(level, attrs) / 2 % 2 &&
	      d / 16 % 2 == s2_fmt_lo(level, attrs) / 16 % 2 &&
	      d / 0x8000000000000000 % 2 == (s2_fmt_hi(attrs) == 0 ? 0 : 1);
	*/
	/*@ assert fields: s2_fmt_lo(level, attrs) / 2 % 2 == attrs / 2 % 2 &&
	      s2_fmt_lo(level, attrs) / 16 % 2 == attrs / 8 % 2 &&
	      ((s2_fmt_hi(attrs) == 0) <==> attrs / 4 % 2 == 1);
	*/
	/*@ assert sum: \let d = s2_fmt_hi(attrs) + pa + s2_fmt_lo(level, attrs);
	      s2_fmt_attrs_l(d) == 1 + (attrs / 2 % 2) * 2 + (attrs / 4 % 2) * 4 + (attrs / 8 % 2) * 8;
	*/
	/*@ assert cases: attrs == 1 || attrs == 3 || attrs == 5 || attrs == 7 || attrs == 9 ||
	      attrs == 11 || attrs == 13 || attrs == 15;
	*/
}

/*@ assigns \nothing; ensures \result <==> s2_fmt_valid(d); exits \false; */
static inline bool s2_fmt_is_valid(uint64_t d)
{
	return d % 2u == 1u;
}

/* A present entry above level 3 without PS points at a table. */
/*@ assigns \nothing; ensures \result <==> s2_fmt_table_p(d, level); exits \false; */
static inline bool s2_fmt_is_table(uint64_t d, unsigned level)
{
	return level < 3u && d / NPT_PS % 2u == 0u;
}

/* Address field bits[51:12]. */
/*@ assigns \nothing;
    ensures \result == s2_fmt_addr_l(d);
    ensures \result % 4096 == 0 && \result < S2_FMT_OA_LIMIT;
    exits \false;
*/
static inline uint64_t s2_fmt_addr(uint64_t d)
{
	return d % NPT_ADDR_LIMIT / 4096u * 4096u;
}

/* Engine attributes of a present leaf. */
/*@ assigns \nothing;
    ensures \result <= S2_ATTR_MASK && \result == s2_fmt_attrs_l(d);
    exits \false;
*/
static inline uint32_t s2_fmt_attrs(uint64_t d)
{
	uint32_t attrs = S2_READ;

	if (d / NPT_RW % 2u == 1u)
		attrs += S2_WRITE;
	if (d / NPT_NX % 2u == 0u)
		attrs += S2_EXEC;
	if (d / NPT_PCD % 2u == 1u)
		attrs += S2_DEVICE;
	return attrs;
}

/* ---- nCR3 (arch/x86_64/npt_format.c) ---- */

/*
 * nCR3 (VMCB offset 0xB0) for a PML4 at physical address root_pa: the
 * address with PWT = PCD = 0 (WB walks).  Returns -1 for an unaligned
 * address or one at or above 2^pa_bits (pa_bits from CPUID 0x80000008 EAX[7:0],
 * at most 52).
 */
/*@ requires ncr3 == \null || \valid(ncr3);
    assigns *ncr3;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> *ncr3 == root_pa && root_pa % 4096 == 0;
    exits \false;
*/
int npt_ncr3(uint64_t root_pa, unsigned pa_bits, uint64_t *ncr3);

#endif
