/*
 * Stage-2 page tables: the guest-physical (IPA) -> physical translation of
 * one VM, architecture neutral.  The descriptor format is supplied by
 * arch/<arch>/stage2_hooks.h (AArch64 VMSAv8-64 stage 2 or AMD NPT); the
 * engine always uses 4 levels (level 0 root .. level 3 pages) of 512-entry
 * tables in 4 KiB frames taken from a struct pt_pool.
 *
 * Every function checks its arguments and returns an S2_E* code instead of
 * misbehaving on bad input.  Not thread safe: the caller serialises
 * operations on one table.
 */
#ifndef TESSERA_MM_STAGE2_H
#define TESSERA_MM_STAGE2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "mm/pt_pool.h"
#include "mm/stage2_attrs.h"

#define S2_LEVELS     4u
#define S2_PAGE_SHIFT 12u
#define S2_PAGE_SIZE  0x1000ull
#define S2_BLOCK_2M   0x200000ull
#define S2_BLOCK_1G   0x40000000ull
#define S2_MIN_IPA_BITS 32u /* the engine accepts 32..48-bit IPA spaces */
#define S2_MAX_IPA_BITS 48u

/* Error codes (all negative; S2_OK is 0). */
#define S2_OK      0
#define S2_EINVAL (-1) /* bad argument: alignment, zero size, attrs, table */
#define S2_ENOMEM (-2) /* the pool has no frame for a table page */
#define S2_EEXIST (-3) /* part of the range is already mapped */
#define S2_ERANGE (-4) /* address overflow or outside the IPA / PA size */
#define S2_ENOENT (-5) /* translate: not mapped */
#define S2_ECORRUPT (-6) /* a descriptor points outside the pool */

/* Table options (s2_create). */
#define S2_CFG_NO_1G 0x1u /* never use 1 GiB blocks (e.g. no 1 GiB NPT pages) */

struct s2_table {
	struct pt_pool *pool;
	uint32_t root;    /* frame number of the level-0 table */
	int32_t tables;   /* table frames held, root included; signed only so that the
	                   * proofs keep it in a memory chunk of its own (WP Typed) */
	uint16_t vmid;    /* VMID (AArch64) or ASID (AMD) used for TLB hooks */
	uint8_t ipa_bits; /* IPA space: [0, 2^ipa_bits) */
	uint8_t pa_bits;  /* output addresses below 2^pa_bits */
	uint64_t ipa_limit; /* 2^ipa_bits */
	uint64_t pa_limit;  /* 2^pa_bits */
	uint32_t cfg;     /* S2_CFG_* */
	bool live;        /* created and not destroyed */
};

/* One merged run of the dump: consecutive leaves with contiguous output
 * addresses, equal attributes and equal block size. */
struct s2_run {
	uint64_t ipa;
	uint64_t pa;
	uint64_t size;
	uint64_t block; /* S2_PAGE_SIZE, S2_BLOCK_2M or S2_BLOCK_1G */
	uint32_t attrs; /* S2_READ | S2_WRITE | S2_EXEC | S2_DEVICE */
};

typedef void (*s2_visitor_fn)(void *ctx, const struct s2_run *run);

/*
 * Proof obligations on callers (the rest is checked at run time): a table
 * pointer is NULL or valid, and a live table's pool and frames are valid and
 * do not overlap the table structure.
 */
/*@ predicate s2_mem(struct s2_table *t) =
      \valid(t->pool) && \valid(t->pool->frames + (0 .. t->pool->nframes - 1)) &&
      \separated(t, t->pool) &&
      \separated(t, t->pool->frames + (0 .. t->pool->nframes - 1)) &&
      \separated(t->pool, t->pool->frames + (0 .. t->pool->nframes - 1));
    predicate s2_arg(struct s2_table *t) =
      t == \null || (\valid(t) && (t->live ==> s2_mem(t)));
    predicate s2_pool_arg(struct pt_pool *p) =
      p == \null || (\valid(p) && \valid(p->frames + (0 .. p->nframes - 1)) &&
                     \separated(p, p->frames + (0 .. p->nframes - 1)));
*/

/*
 * Create an empty table for a VM: takes the root frame from pool.
 * ipa_bits in [S2_MIN_IPA_BITS, min(S2_MAX_IPA_BITS, format maximum)],
 * pa_bits in [32, format maximum] (for AArch64 use a64_vtcr_compute()).
 * Returns S2_OK, S2_EINVAL or S2_ENOMEM; on error *t is left not live.
 */
/*@ requires s2_pool_arg(pool);
    requires t == \null || (\valid(t) && (pool != \null ==>
               \separated(t, pool) && \separated(t, pool->frames + (0 .. pool->nframes - 1))));
    assigns *t, *(&pool->frames[0][0] + (0 .. pool->nframes * PT_ENTRIES - 1)), pt_g;
    ensures \result == S2_OK || \result == S2_EINVAL || \result == S2_ENOMEM;
    ensures \result == S2_OK ==> t->live && t->pool == pool && s2_mem(t);
    ensures \result != S2_OK && t != \null ==> !t->live;
    exits \false;
*/
int s2_create(struct s2_table *t, struct pt_pool *pool, uint16_t vmid,
	      unsigned ipa_bits, unsigned pa_bits, uint32_t cfg);

/* Return every table frame to the pool; *t is no longer live.  Does not
 * invalidate TLBs (the VM must not run on this table any more). */
/*@ requires s2_arg(t);
    assigns *t, pt_g.owner[0 .. PT_POOL_MAX_FRAMES - 1];
    ensures \result == S2_OK || \result == S2_EINVAL;
    exits \false;
*/
int s2_destroy(struct s2_table *t);

/*
 * Map [ipa, ipa + size) to [pa, pa + size) with attrs (S2_READ, S2_WRITE,
 * S2_EXEC, S2_DEVICE, plus the S2_NO_BLOCKS flag).  All arguments page
 * aligned, size > 0.  Uses 1 GiB / 2 MiB blocks where both addresses and the
 * remaining size allow, else 4 KiB pages.  All or nothing: returns S2_EINVAL,
 * S2_ERANGE, S2_EEXIST (a page in the range is mapped) or S2_ENOMEM with the
 * translation and the table frames exactly as before.  S2_ECORRUPT means the
 * tables are not what the engine made them (a descriptor out of the pool, or
 * the committing pass found a table the preparing pass made missing).
 */
/*@ requires s2_arg(t);
    assigns t->tables, *(&t->pool->frames[0][0] + (0 .. t->pool->nframes * PT_ENTRIES - 1)), pt_g;
    ensures S2_ECORRUPT <= \result <= S2_OK && \result != S2_ENOENT;
    exits \false;
*/
int s2_map(struct s2_table *t, uint64_t ipa, uint64_t pa, uint64_t size, uint32_t attrs);

/*
 * Unmap every mapped page of [ipa, ipa + size) (unmapped pages are fine).
 * Splits blocks the range cuts (break-before-make), releases table pages that
 * become empty and invalidates the VM's TLB entries.  Returns S2_EINVAL,
 * S2_ERANGE, S2_ENOMEM when a block split needs a table page the pool cannot
 * give, or S2_ECORRUPT for a block the range cuts whose attributes the engine
 * cannot express (splitting it would change them); on every error the
 * translation is unchanged.
 */
/*@ requires s2_arg(t);
    assigns t->tables, *(&t->pool->frames[0][0] + (0 .. t->pool->nframes * PT_ENTRIES - 1)), pt_g;
    ensures S2_ECORRUPT <= \result <= S2_OK && \result != S2_ENOENT && \result != S2_EEXIST;
    exits \false;
*/
int s2_unmap(struct s2_table *t, uint64_t ipa, uint64_t size);

/* Translate one IPA: S2_OK with *pa and *attrs, or S2_ENOENT / S2_EINVAL /
 * S2_ERANGE. */
/*@ requires s2_arg(t);
    requires pa == \null || \valid(pa);
    requires attrs == \null || \valid(attrs);
    requires t != \null && t->live ==> \separated(pa, attrs, t, t->pool,
                                             t->pool->frames + (0 .. t->pool->nframes - 1));
    assigns *pa, *attrs;
    ensures S2_ECORRUPT <= \result <= S2_OK && \result != S2_EEXIST && \result != S2_ENOMEM;
    exits \false;
*/
int s2_translate(const struct s2_table *t, uint64_t ipa, uint64_t *pa, uint32_t *attrs);

/*
 * The merged run that contains or follows IPA *cursor: consecutive leaves
 * with contiguous output addresses, equal attributes and equal block size.
 * Stores it in *run, advances *cursor past it and returns S2_OK; returns
 * S2_ENOENT when nothing is mapped at or above *cursor (or S2_EINVAL).
 * Start with *cursor = 0 to list the whole table in IPA order.
 */
/*@ requires s2_arg((struct s2_table *)t);
    requires cursor == \null || \valid(cursor);
    requires run == \null || \valid(run);
    requires t != \null && t->live ==> \separated(cursor, run, t, t->pool,
                                             t->pool->frames + (0 .. t->pool->nframes - 1));
    assigns *cursor, *run;
    ensures \result == S2_OK || \result == S2_ENOENT || \result == S2_EINVAL;
    ensures \result == S2_OK ==> *cursor > \old(*cursor) && *cursor == run->ipa + run->size;
    exits \false;
*/
int s2_dump_next(const struct s2_table *t, uint64_t *cursor, struct s2_run *run);

/*
 * Call visit for each merged run (see s2_dump_next) in IPA order, for the
 * console.  Returns the number of runs or S2_EINVAL.  Not proved: WP cannot
 * reason about the call through a function pointer (specs/TRUSTED.md).
 */
long s2_dump(const struct s2_table *t, s2_visitor_fn visit, void *ctx);

/* Number of table frames the table holds (root included), 0 if not live. */
/*@ requires t == \null || \valid_read(t);
    assigns \nothing;
    exits \false;
*/
uint32_t s2_table_frames(const struct s2_table *t);

#endif
