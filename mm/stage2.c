/*
 * Architecture-neutral stage-2 page-table engine.
 *
 * Layout: 4 levels, 512 entries per 4 KiB table; level l resolves IPA bits
 * [47 - 9l : 39 - 9l].  Blocks are allowed at level 1 (1 GiB) and level 2
 * (2 MiB); level 3 holds 4 KiB pages.  Table memory is reached only through
 * the pool's frame array (frame numbers), descriptors only through the
 * format hooks of arch/<arch>/stage2_hooks.h.
 *
 * Invariant kept between calls: every table except the root holds at least
 * one valid entry, and every table frame is referenced by exactly one entry
 * (a tree).  map() relies on the first to undo a failed attempt: the tables
 * it created and could not fill are exactly the empty ones in its range.
 */
#include "mm/stage2.h"
#include "stage2_hooks.h"
#include "mm/stage2_logic.h"

#define S2_TOP_LEVEL  0u
#define S2_LAST_LEVEL 3u
#define S2_INDEX_LIMIT 512u

/* State of the ownership model (mm/pt_pool.h): ghost, no storage in any build. */
/*@ ghost struct pt_ghost pt_g; */
/*@ ghost pt_frame_t *pt_arena; */



/* Bytes covered by one entry at this level. */
/*@ requires level <= 3;
    assigns \nothing;
    ensures \result == s2_size(level);
    exits \false;
*/
static uint64_t level_size(unsigned level)
{
	switch (level) {
	case 0:
		return 0x8000000000ull; /* 512 GiB */
	case 1:
		return S2_BLOCK_1G;
	case 2:
		return S2_BLOCK_2M;
	default:
		return S2_PAGE_SIZE;
	}
}

/* Index of the entry covering ipa in a table at this level. */
/*@ requires level <= 3;
    assigns \nothing;
    ensures \result < S2_INDEX_LIMIT && \result == ipa / s2_size(level) % 512;
    exits \false;
*/
static unsigned level_index(uint64_t ipa, unsigned level)
{
	return (unsigned)(ipa / level_size(level) % S2_INDEX_LIMIT);
}

/*
 * Entry idx of table frame f.  A callee, so that the walks with large proof
 * contexts (prepare_step, commit_step) meet s2_ok as a whole instead of
 * unfolding it for the validity of the read.
 */
/*@ requires s2_ok(t) && f < t->pool->nframes && idx < S2_INDEX_LIMIT;
    assigns \nothing;
    ensures \result == t->pool->frames[f][idx];
    exits \false;
*/
static uint64_t read_entry(const struct s2_table *t, uint32_t f, unsigned idx)
{
	return t->pool->frames[f][idx];
}

/* Physical address of a pool frame. */
/*@ requires s2_ok(t) && frame < t->pool->nframes;
    assigns \nothing;
    ensures \result == t->pool->base_pa + frame * PT_FRAME_SIZE;
    ensures \result % PT_FRAME_SIZE == 0 && \result < S2_FMT_OA_LIMIT;
    exits \false;
*/
static uint64_t frame_pa(const struct s2_table *t, uint32_t frame)
{
	return t->pool->base_pa + (uint64_t)frame * PT_FRAME_SIZE;
}

/* The table descriptor that links table frame at this level's entry. */
/*@ requires s2_ok(t) && frame < t->pool->nframes && level < 3;
    assigns \nothing;
    ensures s2_is_link(\result, level) && s2_cok(t, \result) == 1 && s2_cf(t, \result) == frame;
    exits \false;
*/
static uint64_t table_desc(const struct s2_table *t, uint32_t frame, unsigned level)
{
	(void)level;
	return s2_fmt_table(frame_pa(t, frame));
}

/*
 * s2_wf given apart for one table c that holds no table descriptor (proof
 * only: the form in which one write to the model establishes it; the
 * solvers split the cases here, in a small context).
 */
/*@ requires s2_ok(t) && c < t->pool->nframes;
    requires t->pool->frames == pt_arena && s2_owns(t, t->root, 0);
    requires \forall integer f; 0 <= f < t->pool->nframes && pt_g.owner[f] == t->root + 1 ==>
               pt_g.level[f] <= 3;
    requires s2_frame_ok(t, c);
    requires \forall integer f; 0 <= f < t->pool->nframes && f != c &&
               pt_g.owner[f] == t->root + 1 ==> s2_frame_ok(t, f);
    assigns \nothing;
    ensures s2_wf(t);
    exits \false;
*/
static void wf_apart(const struct s2_table *t, uint32_t c)
{
	(void)t;
	(void)c;
}

/*
 * 2^bits for 32 <= bits <= 52, by doubling (the provers cannot bound a
 * variable shift); the contract keeps only the bounds the proofs need.
 */
/*@ requires 32 <= bits <= 52;
    assigns \nothing;
    ensures 0x100000000 <= \result <= 0x10000000000000 && \result % 0x40000000 == 0;
    ensures bits <= 48 ==> \result <= S2_IPA_LIMIT_MAX;
    ensures bits <= S2_FMT_MAX_PA_BITS ==> \result <= S2_FMT_OA_LIMIT;
    exits \false;
*/
static uint64_t pow2(unsigned bits)
{
	uint64_t r = 0x100000000ull;

	/*@ loop invariant 32 <= b <= bits;
	    loop invariant r == s2_pow2(b);
	    loop assigns b, r;
	    loop variant bits - b;
	*/
	for (unsigned b = 32; b < bits; b++)
		r *= 2u;
	return r;
}

/* A usable pool: frames present, sizes sane, every frame addressable by the
 * format's descriptors. */
/*@ requires pool == \null || \valid_read(pool);
    assigns \nothing;
    ensures \result <==> pool != \null && pool->frames != \null &&
                         0 < pool->nframes <= PT_POOL_MAX_FRAMES &&
                         pool->base_pa % PT_FRAME_SIZE == 0 &&
                         pool->base_pa + pool->nframes * PT_FRAME_SIZE <= S2_FMT_OA_LIMIT;
    exits \false;
*/
static bool pool_ok(const struct pt_pool *pool)
{
	if (pool == NULL || pool->frames == NULL)
		return false;
	if (pool->nframes == 0 || pool->nframes > PT_POOL_MAX_FRAMES)
		return false;
	if (pool->base_pa % PT_FRAME_SIZE != 0 || pool->base_pa >= S2_FMT_OA_LIMIT)
		return false;
	return (uint64_t)pool->nframes * PT_FRAME_SIZE <= S2_FMT_OA_LIMIT - pool->base_pa;
}

/* A live table with a usable pool and sane limits. */
/*@ requires s2_arg(t);
    assigns \nothing;
    ensures \result <==> t != \null && s2_ok(t);
    exits \false;
*/
static bool table_ok(const struct s2_table *t)
{
	return t != NULL && t->live && pool_ok(t->pool) && t->root < t->pool->nframes &&
	       t->ipa_limit >= PT_FRAME_SIZE && t->ipa_limit <= S2_IPA_LIMIT_MAX &&
	       t->ipa_limit % S2_BLOCK_1G == 0 && t->pa_limit >= PT_FRAME_SIZE &&
	       t->pa_limit <= S2_FMT_OA_LIMIT && t->pa_limit % PT_FRAME_SIZE == 0;
}

/*
 * The next-level table named by descriptor d at this level: its frame
 * number, or S2_ENOENT if d is not a valid table descriptor, or S2_ECORRUPT
 * if it points outside the pool.  Helpers that produce a frame number return
 * it this way (frame numbers are below PT_POOL_MAX_FRAMES, error codes are
 * negative) rather than through an out-parameter: a frame-number variable
 * whose address is taken shares memory with the table fields in the proof
 * model, and every write to it would hide the table from the provers.
 */
/*@ requires s2_ok(t);
    assigns \nothing;
    ensures \result == S2_ENOENT || \result == S2_ECORRUPT || 0 <= \result < t->pool->nframes;
    ensures \result >= 0 <==> s2_fmt_valid(d) && s2_fmt_table_p(d, level) &&
              t->pool->base_pa <= s2_fmt_addr_l(d) &&
              (s2_fmt_addr_l(d) - t->pool->base_pa) / PT_FRAME_SIZE < t->pool->nframes;
    ensures \result == S2_ENOENT <==> !(s2_fmt_valid(d) && s2_fmt_table_p(d, level));
    ensures \result >= 0 ==> level < 3 &&
              \result == (s2_fmt_addr_l(d) - t->pool->base_pa) / PT_FRAME_SIZE;
    exits \false;
*/
static int64_t desc_child(const struct s2_table *t, uint64_t d, unsigned level)
{
	uint64_t pa;

	if (!s2_fmt_is_valid(d) || !s2_fmt_is_table(d, level))
		return S2_ENOENT;
	pa = s2_fmt_addr(d);
	if (pa < t->pool->base_pa || (pa - t->pool->base_pa) / PT_FRAME_SIZE >= t->pool->nframes)
		return S2_ECORRUPT;
	return (int64_t)((pa - t->pool->base_pa) / PT_FRAME_SIZE);
}

/*@ requires s2_ok(t) && frame < t->pool->nframes;
    assigns t->pool->frames[frame][0 .. S2_INDEX_LIMIT - 1];
    ensures \forall integer i; 0 <= i < S2_INDEX_LIMIT ==> t->pool->frames[frame][i] == 0;
    exits \false;
*/
static void zero_frame(struct s2_table *t, uint32_t frame)
{
	/*@ loop invariant 0 <= i <= S2_INDEX_LIMIT;
	    loop invariant \forall integer k; 0 <= k < i ==> t->pool->frames[frame][k] == 0;
	    loop assigns i, t->pool->frames[frame][0 .. S2_INDEX_LIMIT - 1];
	    loop variant S2_INDEX_LIMIT - i;
	*/
	for (unsigned i = 0; i < S2_INDEX_LIMIT; i++)
		t->pool->frames[frame][i] = 0;
}

/* No valid entry in this table frame. */
/*@ requires s2_ok(t) && frame < t->pool->nframes;
    assigns \nothing;
    ensures \result <==> (\forall integer i; 0 <= i < S2_INDEX_LIMIT ==>
                           !s2_fmt_valid(t->pool->frames[frame][i]));
    exits \false;
*/
static bool frame_empty(const struct s2_table *t, uint32_t frame)
{
	/*@ loop invariant 0 <= i <= S2_INDEX_LIMIT;
	    loop invariant \forall integer k; 0 <= k < i ==> !s2_fmt_valid(t->pool->frames[frame][k]);
	    loop assigns i;
	    loop variant S2_INDEX_LIMIT - i;
	*/
	for (unsigned i = 0; i < S2_INDEX_LIMIT; i++)
		if (s2_fmt_is_valid(t->pool->frames[frame][i]))
			return false;
	return true;
}

/*
 * Every walk through entry idx of table frame f at this level ends there
 * when the entry is invalid, and goes on into the table it links when it is
 * a table descriptor (proof only: s2_trl unfolded for all IPAs of the entry
 * in a small context; the compiler removes the empty bodies).
 */
/*@ requires s2_ok(t) && f < t->pool->nframes && idx < S2_INDEX_LIMIT && level <= 3;
    requires !s2_fmt_valid(t->pool->frames[f][idx]);
    assigns \nothing;
    ensures \forall integer x; 0 <= x && x / s2_size(level) % 512 == idx ==>
              s2_trl(t, level, f, x) == -1;
    exits \false;
*/
static void entry_invalid_facts(const struct s2_table *t, unsigned level, uint32_t f, unsigned idx)
{
	(void)t;
	(void)level;
	(void)f;
	(void)idx;
}

/*@ requires s2_ok(t) && f < t->pool->nframes && idx < S2_INDEX_LIMIT && level < 3;
    requires s2_is_link(t->pool->frames[f][idx], level) && s2_cok(t, t->pool->frames[f][idx]) == 1;
    assigns \nothing;
    ensures \forall integer x; 0 <= x && x / s2_size(level) % 512 == idx ==>
              s2_trl(t, level, f, x) == s2_trl(t, level + 1, s2_cf(t, t->pool->frames[f][idx]), x);
    exits \false;
*/
static void entry_link_facts(const struct s2_table *t, unsigned level, uint32_t f, unsigned idx)
{
	(void)t;
	(void)level;
	(void)f;
	(void)idx;
}

/*@ requires s2_ok(t) && f < t->pool->nframes && idx < S2_INDEX_LIMIT && level <= 3;
    requires s2_fmt_valid(t->pool->frames[f][idx]) && !s2_is_link(t->pool->frames[f][idx], level);
    assigns \nothing;
    ensures \forall integer x; 0 <= x && x / s2_size(level) % 512 == idx ==>
              s2_trl(t, level, f, x) == s2_leaf(t->pool->frames[f][idx], level, x);
    exits \false;
*/
static void entry_leaf_facts(const struct s2_table *t, unsigned level, uint32_t f, unsigned idx)
{
	(void)t;
	(void)level;
	(void)f;
	(void)idx;
}

/*
 * Where the walks of t go (proof only, see s2_at in mm/stage2_logic.h): a
 * table a walk reaches is t's table of that level; a walk that reaches a
 * table translates as the walk from that table; a walk that ends at a level
 * translates by that level's entry alone.
 */
/*@ requires s2_ok(t);
    assigns \nothing;
    ensures s2_wf(t) ==>
              \forall integer x; 0 <= x && s2_at1(t, x) >= 0 ==> s2_owns(t, s2_at1(t, x), 1);
    ensures s2_wf(t) ==>
              \forall integer x; 0 <= x && s2_at2(t, x) >= 0 ==> s2_owns(t, s2_at2(t, x), 2);
    ensures s2_wf(t) ==>
              \forall integer x; 0 <= x && s2_at3(t, x) >= 0 ==> s2_owns(t, s2_at3(t, x), 3);
    exits \false;
*/
static void at_owned_facts(const struct s2_table *t)
{
	(void)t;
	/*@ assert link_owned: s2_wf(t) ==> \forall integer f, l, i; s2_owns(t, f, l) && 0 <= i < 512 &&
	      t->pool->frames[f][i] % 2 == 1 && s2_fmt_is_tbl(t->pool->frames[f][i], l) == 1 &&
	      s2_cok(t, t->pool->frames[f][i]) == 1 ==> s2_owns(t, s2_cf(t, t->pool->frames[f][i]), l + 1);
	*/
}

/*@ requires s2_ok(t) && level <= 3;
    assigns \nothing;
    ensures \forall integer x; 0 <= x && s2_at(t, level, x) >= 0 ==>
              s2_tr(t, x) == s2_trl(t, level, s2_at(t, level, x), x);
    exits \false;
*/
static void at_tr_facts(const struct s2_table *t, unsigned level)
{
	(void)t;
	(void)level;
}

/*@ requires s2_ok(t) && level < 3;
    assigns \nothing;
    ensures \forall integer x; 0 <= x && s2_at(t, level, x) >= 0 && s2_at(t, level + 1, x) < 0 ==>
              s2_tr(t, x) == s2_step(t, s2_ent(t, s2_at(t, level, x), level, x), level, x, -2);
    exits \false;
*/
static void at_end_facts(const struct s2_table *t, unsigned level)
{
	(void)t;
	(void)level;
}

/* Two walks that reach the same table came through the same entry of the
 * same table one level up: its record names one parent entry. */
/*@ requires s2_ok(t);
    assigns \nothing;
    ensures s2_wf(t) ==> \forall integer x, y; 0 <= x && 0 <= y &&
              s2_at1(t, x) >= 0 && s2_at1(t, x) == s2_at1(t, y) ==>
              x / 0x8000000000 % 512 == y / 0x8000000000 % 512;
    ensures s2_wf(t) ==> \forall integer x, y; 0 <= x && 0 <= y &&
              s2_at2(t, x) >= 0 && s2_at2(t, x) == s2_at2(t, y) ==>
              s2_at1(t, x) == s2_at1(t, y) && x / 0x40000000 % 512 == y / 0x40000000 % 512;
    ensures s2_wf(t) ==> \forall integer x, y; 0 <= x && 0 <= y &&
              s2_at3(t, x) >= 0 && s2_at3(t, x) == s2_at3(t, y) ==>
              s2_at2(t, x) == s2_at2(t, y) && x / 0x200000 % 512 == y / 0x200000 % 512;
    exits \false;
*/
static void at_unique_facts(const struct s2_table *t)
{
	(void)t;
	/*@ assert parent_entry: s2_wf(t) ==> \forall integer f, l, i; s2_owns(t, f, l) && 0 <= i < 512 &&
	      t->pool->frames[f][i] % 2 == 1 && s2_fmt_is_tbl(t->pool->frames[f][i], l) == 1 &&
	      s2_cok(t, t->pool->frames[f][i]) == 1 ==>
	      pt_g.parent[s2_cf(t, t->pool->frames[f][i])] == f &&
	      pt_g.pidx[s2_cf(t, t->pool->frames[f][i])] == i;
	*/
	at_owned_facts(t);
}

/* IPAs below 2^48 with the same entry index at every level down to this one
 * lie in the same region of this level. */
/*@ requires level <= 3;
    assigns \nothing;
    ensures \forall integer x, y; 0 <= x < S2_IPA_LIMIT_MAX && 0 <= y < S2_IPA_LIMIT_MAX &&
              x / 0x8000000000 % 512 == y / 0x8000000000 % 512 &&
              (level >= 1 ==> x / 0x40000000 % 512 == y / 0x40000000 % 512) &&
              (level >= 2 ==> x / 0x200000 % 512 == y / 0x200000 % 512) &&
              (level >= 3 ==> x / 0x1000 % 512 == y / 0x1000 % 512) ==>
              x / s2_size(level) == y / s2_size(level);
    ensures \forall integer x, y; 0 <= x && 0 <= y && x / s2_size(level) == y / s2_size(level) ==>
              x / s2_size(level) % 512 == y / s2_size(level) % 512 &&
              (level >= 1 ==> x / s2_size(level - 1) == y / s2_size(level - 1));
    exits \false;
*/
static void prefix_facts(unsigned level)
{
	(void)level;
	/*@ assert split1: \forall integer x; 0 <= x ==>
	      x / 0x40000000 == x / 0x8000000000 * 512 + x / 0x40000000 % 512;
	*/
	/*@ assert split2: \forall integer x; 0 <= x ==>
	      x / 0x200000 == x / 0x40000000 * 512 + x / 0x200000 % 512;
	*/
	/*@ assert split3: \forall integer x; 0 <= x ==>
	      x / 0x1000 == x / 0x200000 * 512 + x / 0x1000 % 512;
	*/
	/*@ assert top: \forall integer x, y; 0 <= x < S2_IPA_LIMIT_MAX && 0 <= y < S2_IPA_LIMIT_MAX &&
	      x / 0x8000000000 % 512 == y / 0x8000000000 % 512 ==> x / 0x8000000000 == y / 0x8000000000;
	*/
	/*@ assert down1: \forall integer x, y; 0 <= x && 0 <= y && x / 0x8000000000 == y / 0x8000000000 &&
	      x / 0x40000000 % 512 == y / 0x40000000 % 512 ==> x / 0x40000000 == y / 0x40000000;
	*/
	/*@ assert down2: \forall integer x, y; 0 <= x && 0 <= y && x / 0x40000000 == y / 0x40000000 &&
	      x / 0x200000 % 512 == y / 0x200000 % 512 ==> x / 0x200000 == y / 0x200000;
	*/
	/*@ assert down3: \forall integer x, y; 0 <= x && 0 <= y && x / 0x200000 == y / 0x200000 &&
	      x / 0x1000 % 512 == y / 0x1000 % 512 ==> x / 0x1000 == y / 0x1000;
	*/
	/*@ assert up1: \forall integer x, y; 0 <= x && 0 <= y && x / 0x40000000 == y / 0x40000000 ==>
	      x / 0x8000000000 == y / 0x8000000000;
	*/
	/*@ assert up2: \forall integer x, y; 0 <= x && 0 <= y && x / 0x200000 == y / 0x200000 ==>
	      x / 0x40000000 == y / 0x40000000;
	*/
	/*@ assert up3: \forall integer x, y; 0 <= x && 0 <= y && x / 0x1000 == y / 0x1000 ==>
	      x / 0x200000 == y / 0x200000;
	*/
}

/* A leaf written for pa reads back as a valid leaf for pa (proof only). */
/*@ requires pa % PT_FRAME_SIZE == 0 && pa < S2_FMT_OA_LIMIT && 1 <= level <= 3;
    requires s2_fmt_attrs_okp(perm);
    assigns \nothing;
    ensures s2_fmt_valid(s2_fmt_leaf_l(pa, level, perm));
    ensures !s2_is_link(s2_fmt_leaf_l(pa, level, perm), level);
    ensures s2_fmt_addr_l(s2_fmt_leaf_l(pa, level, perm)) == pa;
    exits \false;
*/
static void leaf_facts(uint64_t pa, unsigned level, uint32_t perm)
{
	(void)pa;
	(void)level;
	(void)perm;
}

/* The level-l region that starts at an aligned ipa, and an aligned pa
 * (proof only). */
/*@ requires 1 <= level <= 3 && ipa % s2_size(level) == 0 && pa % s2_size(level) == 0;
    assigns \nothing;
    ensures \forall integer x; ipa <= x < ipa + s2_size(level) ==>
              x / s2_size(level) == ipa / s2_size(level) && x % s2_size(level) == x - ipa;
    ensures \forall integer x; 0 <= x && x / s2_size(level) == ipa / s2_size(level) ==>
              ipa <= x < ipa + s2_size(level);
    ensures pa / s2_size(level) * s2_size(level) == pa;
    exits \false;
*/
static void region_facts(uint64_t ipa, uint64_t pa, unsigned level)
{
	(void)ipa;
	(void)pa;
	(void)level;
}

/* Take a zeroed frame from the pool for a new table: its frame number, or
 * S2_ENOMEM or S2_ECORRUPT. */
/*@ requires s2_ok(t);
    assigns t->tables, *(&t->pool->frames[0][0] + (0 .. t->pool->nframes * S2_INDEX_LIMIT - 1));
    ensures s2_ok(t) && s2_pool_kept{Old, Here}(t);
    ensures \result == S2_ENOMEM || \result == S2_ECORRUPT || 0 <= \result < t->pool->nframes;
    ensures \result >= 0 ==>
              \forall integer i; 0 <= i < S2_INDEX_LIMIT ==> t->pool->frames[\result][i] == 0;
    ensures \result >= 0 && t->pool->frames == pt_arena ==> pt_g.owner[\result] == 0;
    ensures \old(s2_wf(t)) ==> s2_wf(t);
    ensures tr_kept: \old(s2_wf(t)) ==> \forall integer x; 0 <= x ==> s2_tr(t, x) == \old(s2_tr(t, x));
    ensures at_kept: \old(s2_wf(t)) ==> \forall integer k, x; 0 <= k <= 3 && 0 <= x ==>
              s2_at(t, k, x) == \old(s2_at(t, k, x));
    ensures frames_kept: \forall integer g, i; 0 <= g < t->pool->nframes && g != \result &&
              0 <= i < S2_INDEX_LIMIT ==> t->pool->frames[g][i] == \old(t->pool->frames[g][i]);
    ensures others: \old(s2_wf(t)) ==> s2_others_kept{Old, Here}(t);
    exits \false;
*/
static int64_t alloc_table(struct s2_table *t)
{
	uint32_t f;

	at_owned_facts(t);
	if (pt_pool_alloc(t->pool, &f) != 0)
		return S2_ENOMEM;
	if (f >= t->pool->nframes)
		return S2_ECORRUPT; /* the backend broke its contract */
	if (t->tables == INT32_MAX) {
		pt_pool_free(t->pool, f); /* cannot count it: refuse it */
		return S2_ENOMEM;
	}
	zero_frame(t, f);
	/*@ assert decode_kept: \forall integer x;
	      s2_cf(t, x) == \at(s2_cf(t, x), Pre) && s2_cok(t, x) == \at(s2_cok(t, x), Pre);
	*/
	/*@ assert s2_wf{Pre}(t) ==> \forall integer g; 0 <= g < t->pool->nframes && g != f &&
	      pt_g.owner[g] == t->root + 1 ==> s2_frame_ok(t, g);
	*/
	/*@ assert s2_frame_ok(t, f); */
	/* The new frame is no table of t, so no walk of t reads it. */
	/*@ assert tr3_kept: s2_wf{Pre}(t) ==> \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 3) ==>
	      s2_tr3(t, g, x) == \at(s2_tr3(t, g, x), Pre);
	*/
	/*@ assert tr2_kept: s2_wf{Pre}(t) ==> \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 2) ==>
	      s2_tr2(t, g, x) == \at(s2_tr2(t, g, x), Pre);
	*/
	/*@ assert tr1_kept: s2_wf{Pre}(t) ==> \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 1) ==>
	      s2_tr1(t, g, x) == \at(s2_tr1(t, g, x), Pre);
	*/
	/*@ assert tr0_kept: s2_wf{Pre}(t) ==> \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 0) ==>
	      s2_tr0(t, g, x) == \at(s2_tr0(t, g, x), Pre);
	*/
	/*@ assert at1_kept: s2_wf{Pre}(t) ==>
	      \forall integer x; 0 <= x ==> s2_at1(t, x) == \at(s2_at1(t, x), Pre);
	*/
	/*@ assert at2_kept: s2_wf{Pre}(t) ==>
	      \forall integer x; 0 <= x ==> s2_at2(t, x) == \at(s2_at2(t, x), Pre);
	*/
	/*@ assert at3_kept: s2_wf{Pre}(t) ==>
	      \forall integer x; 0 <= x ==> s2_at3(t, x) == \at(s2_at3(t, x), Pre);
	*/
	t->tables++;
	return f;
}

/*@ requires s2_ok(t) && frame < t->pool->nframes;
    assigns t->tables, pt_g.owner[frame];
    ensures s2_ok(t) && s2_pool_kept{Old, Here}(t);
    ensures t->pool->frames == pt_arena ==> pt_g.owner[frame] == 0;
    ensures \old(s2_wf(t) && s2_unlinked(t, frame)) && frame != t->root ==> s2_wf(t);
    ensures others: \old(!s2_foreign(t, frame)) ==> s2_others_kept{Old, Here}(t);
    exits \false;
*/
static void free_table(struct s2_table *t, uint32_t frame)
{
	pt_pool_free(t->pool, frame);
	/*@ ghost
	  if (t->pool->frames == pt_arena)
	    pt_g.owner[frame] = 0;
	*/
	/*@ assert kept: \forall integer g; g != frame ==> pt_g.owner[g] == \at(pt_g.owner[g], Pre); */
	/*@ assert old_links: \at(s2_wf(t) && s2_unlinked(t, frame), Pre) ==>
	      \forall integer f, i; 0 <= f < t->pool->nframes && f != frame &&
	      pt_g.owner[f] == t->root + 1 && 0 <= i < 512 &&
	      s2_is_link(t->pool->frames[f][i], pt_g.level[f]) ==>
	      s2_cok(t, t->pool->frames[f][i]) == 1 &&
	      s2_owns{Pre}(t, s2_cf(t, t->pool->frames[f][i]), pt_g.level[f] + 1) &&
	      s2_cf(t, t->pool->frames[f][i]) != frame &&
	      pt_g.parent[s2_cf(t, t->pool->frames[f][i])] == f &&
	      pt_g.pidx[s2_cf(t, t->pool->frames[f][i])] == i;
	*/
	/*@ assert new_links: \at(s2_wf(t) && s2_unlinked(t, frame), Pre) ==>
	      \forall integer f, i; 0 <= f < t->pool->nframes && f != frame &&
	      pt_g.owner[f] == t->root + 1 && 0 <= i < 512 &&
	      s2_is_link(t->pool->frames[f][i], pt_g.level[f]) ==>
	      s2_cok(t, t->pool->frames[f][i]) == 1 &&
	      s2_owns(t, s2_cf(t, t->pool->frames[f][i]), pt_g.level[f] + 1) &&
	      pt_g.parent[s2_cf(t, t->pool->frames[f][i])] == f &&
	      pt_g.pidx[s2_cf(t, t->pool->frames[f][i])] == i;
	*/
	/*@ assert new_frames: \at(s2_wf(t) && s2_unlinked(t, frame), Pre) ==>
	      \forall integer f; 0 <= f < t->pool->nframes && f != frame &&
	      pt_g.owner[f] == t->root + 1 ==> s2_frame_ok(t, f);
	*/
	if (t->tables > 0)
		t->tables--;
}

/*
 * Write descriptor d into entry idx of t's table frame at this level: a leaf
 * or invalid descriptor, or a table descriptor for a table whose record
 * already names this entry.  Every descriptor write of a live table goes
 * through here, so that the tree invariant s2_wf is proved once.
 */
/*@ requires s2_ok(t) && frame < t->pool->nframes && idx < S2_INDEX_LIMIT && level <= 3;
    requires s2_wf(t) && s2_owns(t, frame, level);
    requires s2_is_link(d, level) ==> s2_cok(t, d) == 1 && s2_owns(t, s2_cf(t, d), level + 1) &&
               pt_g.parent[s2_cf(t, d)] == frame && pt_g.pidx[s2_cf(t, d)] == idx;
    requires level == 0 && s2_fmt_valid(d) ==> s2_fmt_table_p(d, 0);
    assigns t->pool->frames[frame][idx];
    ensures s2_ok(t) && s2_pool_kept{Old, Here}(t) && s2_wf(t);
    ensures t->pool->frames[frame][idx] == d;
    ensures s2_others_kept{Old, Here}(t);
    exits \false;
*/
static void write_entry(struct s2_table *t, uint32_t frame, unsigned idx, unsigned level,
			uint64_t d)
{
	(void)level;
	t->pool->frames[frame][idx] = d;
	/*@ assert pool_kept: t->pool->base_pa == \at(t->pool->base_pa, Pre) &&
	      t->pool->nframes == \at(t->pool->nframes, Pre) && t->root == \at(t->root, Pre);
	*/
	/*@ assert decode_kept: \forall integer x;
	      s2_cf(t, x) == \at(s2_cf(t, x), Pre) && s2_cok(t, x) == \at(s2_cok(t, x), Pre);
	*/
	/*@ assert others: \forall integer f; 0 <= f < t->pool->nframes && f != frame &&
	      pt_g.owner[f] == t->root + 1 ==> s2_frame_ok(t, f);
	*/
	/*@ assert written: s2_frame_ok(t, frame); */
	wf_apart(t, frame);
}

/*
 * write_entry, for the writes the map pass reasons about per walk (a link,
 * a leaf): a walk that does not read this entry still goes through the same
 * tables and reads the same entries (s2_walk_same).
 */
/*@ requires s2_ok(t) && frame < t->pool->nframes && idx < S2_INDEX_LIMIT && level <= 3;
    requires s2_wf(t) && s2_owns(t, frame, level);
    requires s2_is_link(d, level) ==> s2_cok(t, d) == 1 && s2_owns(t, s2_cf(t, d), level + 1) &&
               pt_g.parent[s2_cf(t, d)] == frame && pt_g.pidx[s2_cf(t, d)] == idx;
    requires level == 0 && s2_fmt_valid(d) ==> s2_fmt_table_p(d, 0);
    assigns t->pool->frames[frame][idx];
    ensures s2_ok(t) && s2_pool_kept{Old, Here}(t) && s2_wf(t);
    ensures t->pool->frames[frame][idx] == d;
    ensures decode_kept: \forall integer x;
              s2_cf(t, x) == \old(s2_cf(t, x)) && s2_cok(t, x) == \old(s2_cok(t, x));
    ensures others_kept: \forall integer g, i; 0 <= g < t->pool->nframes &&
              0 <= i < S2_INDEX_LIMIT && !(g == frame && i == idx) ==>
              t->pool->frames[g][i] == \old(t->pool->frames[g][i]);
    ensures walk_same: \forall integer x; 0 <= x && !\old(s2_reads(t, x, frame, level, idx)) ==>
              s2_walk_same{Old, Here}(t, x);
    ensures s2_others_kept{Old, Here}(t);
    exits \false;
*/
static void write_entry_walks(struct s2_table *t, uint32_t frame, unsigned idx, unsigned level,
			      uint64_t d)
{
	at_owned_facts(t);
	write_entry(t, frame, idx, level, d);
	/*@ assert decode_kept: \forall integer x;
	      s2_cf(t, x) == \at(s2_cf(t, x), Pre) && s2_cok(t, x) == \at(s2_cok(t, x), Pre);
	*/
	/*@ assert others_kept: \forall integer g, i; 0 <= g < t->pool->nframes &&
	      0 <= i < S2_INDEX_LIMIT && !(g == frame && i == idx) ==>
	      t->pool->frames[g][i] == \at(t->pool->frames[g][i], Pre);
	*/
	/*
	 * Level by level, top down (the provers do not induct): the tables the
	 * walk reaches at other levels are not this frame.
	 */
	/*@ assert ws_e0: \forall integer x; 0 <= x && !\at(s2_reads(t, x, frame, level, idx), Pre) ==>
	      s2_ent(t, t->root, 0, x) == \at(s2_ent(t, t->root, 0, x), Pre);
	*/
	/*@ assert ws_at1: \forall integer x; 0 <= x && !\at(s2_reads(t, x, frame, level, idx), Pre) ==>
	      s2_at1(t, x) == \at(s2_at1(t, x), Pre);
	*/
	/*@ assert ws_e1: \forall integer x; 0 <= x && !\at(s2_reads(t, x, frame, level, idx), Pre) &&
	      \at(s2_at1(t, x), Pre) >= 0 ==> \let f1 = \at(s2_at1(t, x), Pre);
	      s2_ent(t, f1, 1, x) == \at(s2_ent(t, f1, 1, x), Pre);
	*/
	/*@ assert ws_at2: \forall integer x; 0 <= x && !\at(s2_reads(t, x, frame, level, idx), Pre) ==>
	      s2_at2(t, x) == \at(s2_at2(t, x), Pre);
	*/
	/*@ assert ws_e2: \forall integer x; 0 <= x && !\at(s2_reads(t, x, frame, level, idx), Pre) &&
	      \at(s2_at2(t, x), Pre) >= 0 ==> \let f2 = \at(s2_at2(t, x), Pre);
	      s2_ent(t, f2, 2, x) == \at(s2_ent(t, f2, 2, x), Pre);
	*/
	/*@ assert ws_at3: \forall integer x; 0 <= x && !\at(s2_reads(t, x, frame, level, idx), Pre) ==>
	      s2_at3(t, x) == \at(s2_at3(t, x), Pre);
	*/
	/*@ assert ws_e3: \forall integer x; 0 <= x && !\at(s2_reads(t, x, frame, level, idx), Pre) &&
	      \at(s2_at3(t, x), Pre) >= 0 ==> \let f3 = \at(s2_at3(t, x), Pre);
	      s2_ent(t, f3, 3, x) == \at(s2_ent(t, f3, 3, x), Pre);
	*/
}

/*
 * Record in the ownership model (proof only: the body is ghost code) that
 * frame c, a table with no table descriptor that the engine took from the
 * pool, is now t's table of this level, to be linked by entry idx of frame
 * parent.
 */
/*@ requires s2_ok(t) && c < t->pool->nframes && 1 <= level <= 3;
    requires parent < t->pool->nframes && idx < S2_INDEX_LIMIT;
    requires s2_wf(t) && pt_g.owner[c] == 0;
    requires \forall integer i; 0 <= i < S2_INDEX_LIMIT ==>
               !s2_is_link(t->pool->frames[c][i], level);
    assigns pt_g.owner[c], pt_g.level[c], pt_g.parent[c], pt_g.pidx[c];
    ensures s2_wf(t) && s2_owns(t, c, level);
    ensures pt_g.parent[c] == parent && pt_g.pidx[c] == idx;
    ensures others: s2_others_kept{Old, Here}(t);
    exits \false;
*/
static void adopt_table(struct s2_table *t, uint32_t c, unsigned level, uint32_t parent,
			unsigned idx)
{
	(void)t;
	(void)c;
	(void)level;
	(void)parent;
	(void)idx;
	/*@ assert no_link_to_c: \forall integer f, i; 0 <= f < t->pool->nframes &&
	      pt_g.owner[f] == t->root + 1 && 0 <= i < 512 &&
	      s2_is_link(t->pool->frames[f][i], pt_g.level[f]) ==>
	      s2_cf(t, t->pool->frames[f][i]) != c;
	*/
	/*@ ghost
	  pt_g.owner[c] = t->root + 1;
	  pt_g.level[c] = (uint8_t)level;
	  pt_g.parent[c] = parent;
	  pt_g.pidx[c] = (uint16_t)idx;
	*/
	/*@ assert kept: \forall integer g; g != c ==>
	      pt_g.owner[g] == \at(pt_g.owner[g], Pre) && pt_g.level[g] == \at(pt_g.level[g], Pre) &&
	      pt_g.parent[g] == \at(pt_g.parent[g], Pre) && pt_g.pidx[g] == \at(pt_g.pidx[g], Pre);
	*/
	/*@ assert old_links: \forall integer f, i; 0 <= f < t->pool->nframes && f != c &&
	      pt_g.owner[f] == t->root + 1 && 0 <= i < 512 &&
	      s2_is_link(t->pool->frames[f][i], pt_g.level[f]) ==>
	      s2_cok(t, t->pool->frames[f][i]) == 1 &&
	      s2_owns{Pre}(t, s2_cf(t, t->pool->frames[f][i]), pt_g.level[f] + 1) &&
	      \at(pt_g.parent[s2_cf(t, t->pool->frames[f][i])], Pre) == f &&
	      \at(pt_g.pidx[s2_cf(t, t->pool->frames[f][i])], Pre) == i;
	*/
	/*@ assert new_links: \forall integer f, i; 0 <= f < t->pool->nframes && f != c &&
	      pt_g.owner[f] == t->root + 1 && 0 <= i < 512 &&
	      s2_is_link(t->pool->frames[f][i], pt_g.level[f]) ==>
	      s2_cok(t, t->pool->frames[f][i]) == 1 &&
	      s2_owns(t, s2_cf(t, t->pool->frames[f][i]), pt_g.level[f] + 1) &&
	      pt_g.parent[s2_cf(t, t->pool->frames[f][i])] == f &&
	      pt_g.pidx[s2_cf(t, t->pool->frames[f][i])] == i;
	*/
	/*@ assert new_frames: \forall integer f; 0 <= f < t->pool->nframes && f != c &&
	      pt_g.owner[f] == t->root + 1 ==> s2_frame_ok(t, f);
	*/
	/*@ assert new_table: s2_frame_ok(t, c); */
	wf_apart(t, c);
}

/*
 * Link table c, whose model already names this entry as its parent, into
 * entry idx of table frame at this level.
 */
/*@ requires s2_ok(t) && frame < t->pool->nframes && idx < S2_INDEX_LIMIT && level < 3;
    requires s2_wf(t) && s2_owns(t, frame, level) && s2_owns(t, c, level + 1);
    requires pt_g.parent[c] == frame && pt_g.pidx[c] == idx;
    assigns t->pool->frames[frame][idx];
    ensures s2_ok(t) && s2_pool_kept{Old, Here}(t) && s2_wf(t);
    ensures s2_is_link(t->pool->frames[frame][idx], level) &&
            s2_cf(t, t->pool->frames[frame][idx]) == c;
    ensures tr_kept: \old(!s2_fmt_valid(t->pool->frames[frame][idx])) &&
              (\forall integer i; 0 <= i < S2_INDEX_LIMIT ==> \old(!s2_fmt_valid(t->pool->frames[c][i])))
              ==> \forall integer x; 0 <= x ==> s2_tr(t, x) == \old(s2_tr(t, x));
    ensures at_kept: \forall integer k, x; 0 <= k <= level && 0 <= x ==>
              s2_at(t, k, x) == \old(s2_at(t, k, x));
    ensures walk_same: \forall integer x; 0 <= x && !\old(s2_reads(t, x, frame, level, idx)) ==>
              s2_walk_same{Old, Here}(t, x);
    ensures others: s2_others_kept{Old, Here}(t);
    exits \false;
*/
static void link_table(struct s2_table *t, uint32_t frame, unsigned idx, unsigned level,
		       uint32_t c)
{
	if (!s2_fmt_is_valid(t->pool->frames[frame][idx]))
		entry_invalid_facts(t, level, frame, idx);
	write_entry_walks(t, frame, idx, level, table_desc(t, c, level));
	entry_link_facts(t, level, frame, idx);
	/*
	 * Linking an empty table into an invalid entry changes no translation:
	 * the walks through that entry end at an invalid entry either way.
	 * One assertion per level, bottom up (the provers do not induct).
	 */
	/*@ assert c_empty: \at(\forall integer i; 0 <= i < S2_INDEX_LIMIT ==>
	      !s2_fmt_valid(t->pool->frames[c][i]), Pre) ==>
	      \forall integer x; 0 <= x ==> s2_trl(t, level + 1, c, x) == -1;
	*/
	/*@ assert tr3_kept: \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 3) ==>
	      s2_tr3(t, g, x) == \at(s2_tr3(t, g, x), Pre);
	*/
	/* The walk above this level reads only tables of other levels. */
	/*@ assert at1_kept: level >= 1 ==>
	      \forall integer x; 0 <= x ==> s2_at1(t, x) == \at(s2_at1(t, x), Pre);
	*/
	/*@ assert at2_kept: level >= 2 ==>
	      \forall integer x; 0 <= x ==> s2_at2(t, x) == \at(s2_at2(t, x), Pre);
	*/
	/*@ assert linked: s2_is_link(t->pool->frames[frame][idx], level) &&
	      s2_cok(t, t->pool->frames[frame][idx]) == 1 && s2_cf(t, t->pool->frames[frame][idx]) == c;
	*/
	/*@ assert at_entry: \at(!s2_fmt_valid(t->pool->frames[frame][idx]), Pre) &&
	      \at(\forall integer i; 0 <= i < S2_INDEX_LIMIT ==> !s2_fmt_valid(t->pool->frames[c][i]), Pre) ==>
	      \forall integer x; 0 <= x && x / s2_size(level) % 512 == idx ==>
	      s2_trl(t, level, frame, x) == -1 && \at(s2_trl(t, level, frame, x), Pre) == -1;
	*/
	/*@ assert tr2_other: \at(!s2_fmt_valid(t->pool->frames[frame][idx]), Pre) &&
	      \at(\forall integer i; 0 <= i < S2_INDEX_LIMIT ==> !s2_fmt_valid(t->pool->frames[c][i]), Pre) ==>
	      \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 2) &&
	      !(g == frame && x / 0x200000 % 512 == idx) ==> s2_tr2(t, g, x) == \at(s2_tr2(t, g, x), Pre);
	*/
	/*@ assert tr2_at: \at(!s2_fmt_valid(t->pool->frames[frame][idx]), Pre) &&
	      \at(\forall integer i; 0 <= i < S2_INDEX_LIMIT ==> !s2_fmt_valid(t->pool->frames[c][i]), Pre) && level == 2 ==>
	      \forall integer x; 0 <= x && x / 0x200000 % 512 == idx ==>
	      s2_tr2(t, frame, x) == \at(s2_tr2(t, frame, x), Pre);
	*/
	/*@ assert tr2_kept: \at(!s2_fmt_valid(t->pool->frames[frame][idx]), Pre) &&
	      \at(\forall integer i; 0 <= i < S2_INDEX_LIMIT ==> !s2_fmt_valid(t->pool->frames[c][i]), Pre) ==>
	      \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 2) ==>
	      s2_tr2(t, g, x) == \at(s2_tr2(t, g, x), Pre);
	*/
	/*@ assert tr1_other: \at(!s2_fmt_valid(t->pool->frames[frame][idx]), Pre) &&
	      \at(\forall integer i; 0 <= i < S2_INDEX_LIMIT ==> !s2_fmt_valid(t->pool->frames[c][i]), Pre) ==>
	      \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 1) &&
	      !(g == frame && x / 0x40000000 % 512 == idx) ==> s2_tr1(t, g, x) == \at(s2_tr1(t, g, x), Pre);
	*/
	/*@ assert tr1_at: \at(!s2_fmt_valid(t->pool->frames[frame][idx]), Pre) &&
	      \at(\forall integer i; 0 <= i < S2_INDEX_LIMIT ==> !s2_fmt_valid(t->pool->frames[c][i]), Pre) && level == 1 ==>
	      \forall integer x; 0 <= x && x / 0x40000000 % 512 == idx ==>
	      s2_tr1(t, frame, x) == \at(s2_tr1(t, frame, x), Pre);
	*/
	/*@ assert tr1_kept: \at(!s2_fmt_valid(t->pool->frames[frame][idx]), Pre) &&
	      \at(\forall integer i; 0 <= i < S2_INDEX_LIMIT ==> !s2_fmt_valid(t->pool->frames[c][i]), Pre) ==>
	      \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 1) ==>
	      s2_tr1(t, g, x) == \at(s2_tr1(t, g, x), Pre);
	*/
	/*@ assert tr0_kept: \at(!s2_fmt_valid(t->pool->frames[frame][idx]), Pre) &&
	      \at(\forall integer i; 0 <= i < S2_INDEX_LIMIT ==> !s2_fmt_valid(t->pool->frames[c][i]), Pre) ==>
	      \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 0) ==>
	      s2_tr0(t, g, x) == \at(s2_tr0(t, g, x), Pre);
	*/
}

/*
 * The table a valid entry idx of table frame at this level links: the walk
 * goes on there.  S2_EEXIST if the entry is a block/page, S2_ECORRUPT if it
 * links outside the pool.  Reads only: the committing pass follows the
 * tables the first pass made without writing until its leaf.
 */
/*@ requires s2_ok(t) && frame < t->pool->nframes && idx < S2_INDEX_LIMIT && level < 3;
    requires s2_wf(t) && s2_owns(t, frame, level);
    assigns \nothing;
    ensures \result == S2_EEXIST || \result == S2_ECORRUPT || 0 <= \result < t->pool->nframes;
    ensures \result >= 0 ==> s2_owns(t, \result, level + 1);
    ensures child: \result >= 0 ==> \forall integer x; 0 <= x && x / s2_size(level) % 512 == idx ==>
              s2_next(t, frame, level, x) == \result;
    ensures follow: s2_is_link(t->pool->frames[frame][idx], level) &&
              s2_cok(t, t->pool->frames[frame][idx]) == 1 ==>
              \result == s2_cf(t, t->pool->frames[frame][idx]);
    exits \false;
*/
static int64_t follow_link(const struct s2_table *t, uint32_t frame, unsigned idx, unsigned level)
{
	int64_t c = desc_child(t, t->pool->frames[frame][idx], level);

	return c == S2_ENOENT ? S2_EEXIST : c;
}

/*
 * The table below the invalid entry idx of table frame at this level: a
 * new empty one, linked in.  Returns its frame number, or S2_ENOMEM or
 * S2_ECORRUPT.
 */
/*@ requires s2_ok(t) && frame < t->pool->nframes && idx < S2_INDEX_LIMIT && level < 3;
    requires s2_wf(t) && s2_owns(t, frame, level);
    requires !s2_fmt_valid(t->pool->frames[frame][idx]);
    assigns t->tables, *(&t->pool->frames[0][0] + (0 .. t->pool->nframes * S2_INDEX_LIMIT - 1)), pt_g;
    ensures s2_ok(t) && s2_pool_kept{Old, Here}(t);
    ensures s2_wf(t) && t->root == \old(t->root);
    ensures \result == S2_ENOMEM || \result == S2_ECORRUPT || 0 <= \result < t->pool->nframes;
    ensures \result >= 0 ==> s2_owns(t, \result, level + 1);
    ensures tr_kept: \forall integer x; 0 <= x ==> s2_tr(t, x) == \old(s2_tr(t, x));
    ensures at_kept: \forall integer k, x; 0 <= k <= level && 0 <= x ==>
              s2_at(t, k, x) == \old(s2_at(t, k, x));
    ensures child: \result >= 0 ==> \forall integer x; 0 <= x && x / s2_size(level) % 512 == idx ==>
              s2_next(t, frame, level, x) == \result;
    ensures walk_same: \forall integer x; 0 <= x && !\old(s2_reads(t, x, frame, level, idx)) ==>
              s2_walk_same{Old, Here}(t, x);
    ensures others: s2_others_kept{Old, Here}(t);
    exits \false;
*/
static int64_t new_child(struct s2_table *t, uint32_t frame, unsigned idx, unsigned level)
{
	int64_t c;

	at_owned_facts(t);
	c = alloc_table(t);
	/*@ assert at_unfold: \forall integer x; 0 <= x ==>
	      s2_at(t, 1, x) == s2_at1(t, x) && s2_at(t, 2, x) == s2_at2(t, x) &&
	      s2_at(t, 3, x) == s2_at3(t, x) &&
	      \at(s2_at(t, 1, x), Pre) == \at(s2_at1(t, x), Pre) &&
	      \at(s2_at(t, 2, x), Pre) == \at(s2_at2(t, x), Pre) &&
	      \at(s2_at(t, 3, x), Pre) == \at(s2_at3(t, x), Pre);
	*/
	if (c < 0) {
		/*@ assert fail_frames: \forall integer g, i; 0 <= g < t->pool->nframes && 0 <= i < 512 ==>
		      t->pool->frames[g][i] == \at(t->pool->frames[g][i], Pre);
		*/
		/*@ assert fail_at: \forall integer x; 0 <= x ==>
		      s2_at1(t, x) == \at(s2_at1(t, x), Pre) && s2_at2(t, x) == \at(s2_at2(t, x), Pre) &&
		      s2_at3(t, x) == \at(s2_at3(t, x), Pre);
		*/
		/*@ assert fail_e: \forall integer x; 0 <= x ==>
		      s2_ent(t, t->root, 0, x) == \at(s2_ent(t, t->root, 0, x), Pre) &&
		      (\at(s2_at1(t, x), Pre) >= 0 ==> \let f1 = \at(s2_at1(t, x), Pre);
		         s2_ent(t, f1, 1, x) == \at(s2_ent(t, f1, 1, x), Pre)) &&
		      (\at(s2_at2(t, x), Pre) >= 0 ==> \let f2 = \at(s2_at2(t, x), Pre);
		         s2_ent(t, f2, 2, x) == \at(s2_ent(t, f2, 2, x), Pre)) &&
		      (\at(s2_at3(t, x), Pre) >= 0 ==> \let f3 = \at(s2_at3(t, x), Pre);
		         s2_ent(t, f3, 3, x) == \at(s2_ent(t, f3, 3, x), Pre));
		*/
		return c;
	}
	/*@ assert entry_kept: t->pool->frames[frame][idx] == \at(t->pool->frames[frame][idx], Pre); */
	/* The new table is no table of t yet: no walk reads it. */
	/*@ assert c_free: pt_g.owner[c] == 0 && t->root != c; */
	/*@ assert c_unread: \forall integer x; 0 <= x ==>
	      \at(s2_at1(t, x), Pre) != c && \at(s2_at2(t, x), Pre) != c && \at(s2_at3(t, x), Pre) != c;
	*/
	/*@ assert alloc_at2: \forall integer x; 0 <= x ==> s2_at(t, 2, x) == \at(s2_at(t, 2, x), Pre); */
	/*@ assert alloc_at3: \forall integer x; 0 <= x ==> s2_at(t, 3, x) == \at(s2_at(t, 3, x), Pre); */
	/*@ assert alloc_at: \forall integer x; 0 <= x ==>
	      s2_at1(t, x) == \at(s2_at1(t, x), Pre) && s2_at2(t, x) == \at(s2_at2(t, x), Pre) &&
	      s2_at3(t, x) == \at(s2_at3(t, x), Pre);
	*/
	/*@ assert alloc_same: \forall integer x; 0 <= x ==> s2_walk_same{Pre, Here}(t, x); */
	adopt_table(t, (uint32_t)c, level + 1u, frame, idx);
	/* The zeroed table must be visible before the entry that links it. */
	s2_arch_publish();
	/*@ assert mid_same: \forall integer x; 0 <= x ==> s2_walk_same{Pre, Here}(t, x); */
	/*@ assert mid_reads: \forall integer x; 0 <= x ==>
	      (s2_reads(t, x, frame, level, idx) <==> \at(s2_reads(t, x, frame, level, idx), Pre));
	*/
	link_table(t, frame, idx, level, (uint32_t)c);
	/*@ assert fin_at: \forall integer x; 0 <= x && !\at(s2_reads(t, x, frame, level, idx), Pre) ==>
	      s2_at1(t, x) == \at(s2_at1(t, x), Pre) && s2_at2(t, x) == \at(s2_at2(t, x), Pre) &&
	      s2_at3(t, x) == \at(s2_at3(t, x), Pre);
	*/
	/*@ assert fin_e: \forall integer x; 0 <= x && !\at(s2_reads(t, x, frame, level, idx), Pre) ==>
	      s2_ent(t, t->root, 0, x) == \at(s2_ent(t, t->root, 0, x), Pre) &&
	      (\at(s2_at1(t, x), Pre) >= 0 ==> \let f1 = \at(s2_at1(t, x), Pre);
	         s2_ent(t, f1, 1, x) == \at(s2_ent(t, f1, 1, x), Pre)) &&
	      (\at(s2_at2(t, x), Pre) >= 0 ==> \let f2 = \at(s2_at2(t, x), Pre);
	         s2_ent(t, f2, 2, x) == \at(s2_ent(t, f2, 2, x), Pre)) &&
	      (\at(s2_at3(t, x), Pre) >= 0 ==> \let f3 = \at(s2_at3(t, x), Pre);
	         s2_ent(t, f3, 3, x) == \at(s2_ent(t, f3, 3, x), Pre));
	*/
	return c;
}

/*@ // A block of this level may map the next chunk of a mapping (what
    // block_fits decides; nb: the mapping's "no blocks" flag).
    predicate s2_fits{L}(struct s2_table *t, integer level, integer ipa, integer pa,
                         integer size, integer nb) =
      nb == 0 && (level == 2 || (level == 1 && t->cfg % 2 != S2_CFG_NO_1G)) &&
      size >= s2_size(level) && ipa % s2_size(level) == 0 && pa % s2_size(level) == 0;
*/

/* Whether a block of this level may map the next chunk of a mapping. */
/*@ requires s2_ok(t) && level <= 3;
    assigns \nothing;
    ensures \result ==> (level == 1 || level == 2) && size >= s2_size(level) &&
                        ipa % s2_size(level) == 0 && pa % s2_size(level) == 0;
    ensures fits: \result <==> s2_fits(t, level, ipa, pa, size, no_blocks);
    exits \false;
*/
static bool block_fits(const struct s2_table *t, unsigned level, uint64_t ipa, uint64_t pa,
		       uint64_t size, bool no_blocks)
{
	uint64_t sz = level_size(level);

	if (no_blocks)
		return false;
	if (level == 1u && t->cfg % 2u == S2_CFG_NO_1G)
		return false;
	if (level != 1u && level != 2u)
		return false;
	return ipa % sz == 0 && pa % sz == 0 && size >= sz;
}

/* Bytes from ipa to the end of the region of its entry at this level. */
/*@ requires level <= 3;
    assigns \nothing;
    ensures 0 < \result <= s2_size(level);
    ensures ipa % PT_FRAME_SIZE == 0 ==> \result % PT_FRAME_SIZE == 0;
    ensures region: \forall integer x; ipa <= x < ipa + \result ==>
              x / s2_size(level) == ipa / s2_size(level);
    exits \false;
*/
static uint64_t to_region_end(uint64_t ipa, unsigned level)
{
	return level_size(level) - ipa % level_size(level);
}

/* S2_OK if no page of [ipa, ipa + size) is mapped, else S2_EEXIST (or
 * S2_ECORRUPT).  Skips whole unmapped regions at the highest level. */
/*@ requires s2_ok(t) && ipa + size <= S2_IPA_LIMIT_MAX;
    assigns \nothing;
    ensures \result == S2_OK || \result == S2_EEXIST || \result == S2_ECORRUPT;
    exits \false;
*/
static int range_unmapped(const struct s2_table *t, uint64_t ipa, uint64_t size)
{
	/*@ loop invariant ipa + size <= S2_IPA_LIMIT_MAX;
	    loop assigns ipa, size;
	    loop variant size;
	*/
	while (size > 0) {
		uint32_t f = t->root;
		unsigned level = S2_TOP_LEVEL;
		uint64_t step;

		/*@ loop invariant level <= 3 && f < t->pool->nframes;
		    loop assigns level, f, step;
		    loop variant 3 - level;
		*/
		for (;;) {
			uint64_t d = t->pool->frames[f][level_index(ipa, level)];
			int64_t c;

			if (!s2_fmt_is_valid(d)) {
				step = to_region_end(ipa, level);
				break;
			}
			c = desc_child(t, d, level);
			if (c == S2_ENOENT)
				return S2_EEXIST; /* a block or page */
			if (c < 0)
				return (int)c;
			f = (uint32_t)c;
			level++;
		}
		if (step >= size)
			return S2_OK;
		ipa += step;
		size -= step;
	}
	return S2_OK;
}

/*
 * Write d, a block or page descriptor or an invalid one, at entry idx of
 * table frame: the walks through the entry now end there, every other walk
 * translates as before.
 */
/*@ requires s2_ok(t) && frame < t->pool->nframes && idx < S2_INDEX_LIMIT;
    requires 1 <= level <= 3 && !s2_is_link(d, level);
    requires s2_wf(t) && s2_owns(t, frame, level);
    assigns t->pool->frames[frame][idx];
    ensures s2_ok(t) && s2_pool_kept{Old, Here}(t) && s2_wf(t);
    ensures t->pool->frames[frame][idx] == d;
    ensures at_kept: \forall integer k, x; 0 <= k <= level && 0 <= x ==>
              s2_at(t, k, x) == \old(s2_at(t, k, x));
    ensures tr_leaf: s2_fmt_valid(d) ==> \forall integer x; 0 <= x && \old(s2_at(t, level, x)) == frame &&
              x / s2_size(level) % 512 == idx ==> s2_tr(t, x) == s2_leaf(d, level, x);
    ensures tr_clear: !s2_fmt_valid(d) ==> \forall integer x; 0 <= x && \old(s2_at(t, level, x)) == frame &&
              x / s2_size(level) % 512 == idx ==> s2_tr(t, x) == -1;
    ensures tr_other: \forall integer x; 0 <= x &&
              !(\old(s2_at(t, level, x)) == frame && x / s2_size(level) % 512 == idx) ==>
              s2_tr(t, x) == \old(s2_tr(t, x));
    ensures walk_same: \forall integer x; 0 <= x && !\old(s2_reads(t, x, frame, level, idx)) ==>
              s2_walk_same{Old, Here}(t, x);
    ensures others: s2_others_kept{Old, Here}(t);
    exits \false;
*/
static void set_leaf(struct s2_table *t, uint32_t frame, unsigned idx, unsigned level,
		     uint64_t d)
{
	/* Here too, not only in write_entry_walks: this function's own
	 * assertions (ended) need the facts in the pre-state. */
	at_owned_facts(t);
	at_tr_facts(t, level);
	at_end_facts(t, 0);
	at_end_facts(t, 1);
	at_end_facts(t, 2);
	write_entry_walks(t, frame, idx, level, d);
	/* The walk above this level reads only tables of other levels. */
	/*@ assert at1_kept: \forall integer x; 0 <= x ==> s2_at1(t, x) == \at(s2_at1(t, x), Pre); */
	/*@ assert at2_kept: level >= 2 ==>
	      \forall integer x; 0 <= x ==> s2_at2(t, x) == \at(s2_at2(t, x), Pre);
	*/
	/*@ assert at3_kept: level >= 3 ==>
	      \forall integer x; 0 <= x ==> s2_at3(t, x) == \at(s2_at3(t, x), Pre);
	*/
	/*@ assert at_level: \forall integer k, x; 0 <= k <= level && 0 <= x ==>
	      s2_at(t, k, x) == \at(s2_at(t, k, x), Pre);
	*/
	at_tr_facts(t, level);
	at_end_facts(t, 0);
	at_end_facts(t, 1);
	at_end_facts(t, 2);
	if (s2_fmt_is_valid(d))
		entry_leaf_facts(t, level, frame, idx);
	else
		entry_invalid_facts(t, level, frame, idx);
	/* Below this level nothing changed. */
	/*@ assert tr3_kept: level < 3 ==> \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 3) ==>
	      s2_tr3(t, g, x) == \at(s2_tr3(t, g, x), Pre);
	*/
	/*@ assert tr2_kept: level < 2 ==> \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 2) ==>
	      s2_tr2(t, g, x) == \at(s2_tr2(t, g, x), Pre);
	*/
	/*@ assert tr3_level: level == 3 ==> \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 3) &&
	      !(g == frame && x / 0x1000 % 512 == idx) ==> s2_tr3(t, g, x) == \at(s2_tr3(t, g, x), Pre);
	*/
	/*@ assert tr2_level: level == 2 ==> \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 2) &&
	      !(g == frame && x / 0x200000 % 512 == idx) ==> s2_tr2(t, g, x) == \at(s2_tr2(t, g, x), Pre);
	*/
	/*@ assert tr1_level: level == 1 ==> \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 1) &&
	      !(g == frame && x / 0x40000000 % 512 == idx) ==> s2_tr1(t, g, x) == \at(s2_tr1(t, g, x), Pre);
	*/
	/*@ assert tr_level: \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, level) &&
	      !(g == frame && x / s2_size(level) % 512 == idx) ==>
	      s2_trl(t, level, g, x) == \at(s2_trl(t, level, g, x), Pre);
	*/
	/*@ assert reached: \forall integer x; 0 <= x && \at(s2_at(t, level, x), Pre) >= 0 &&
	      !(\at(s2_at(t, level, x), Pre) == frame && x / s2_size(level) % 512 == idx) ==>
	      s2_tr(t, x) == \at(s2_tr(t, x), Pre);
	*/
	/*@ assert ended: \forall integer x; 0 <= x && \at(s2_at(t, level, x), Pre) < 0 ==>
	      s2_tr(t, x) == \at(s2_tr(t, x), Pre);
	*/
}

/*
 * The walks that reach entry idx of table frame at this level, the entry for
 * the aligned ipa that the walk of ipa reached, are exactly the IPAs of the
 * level's region of ipa: a table's record names one parent entry (proof
 * only; the compiler removes the empty body).
 */
/*@ requires s2_ok(t) && frame < t->pool->nframes && idx < S2_INDEX_LIMIT && 1 <= level <= 3;
    requires s2_wf(t) && s2_owns(t, frame, level);
    requires ipa + s2_size(level) <= S2_IPA_LIMIT_MAX && ipa % s2_size(level) == 0;
    requires idx == ipa / s2_size(level) % 512;
    requires reached: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX &&
               x / s2_size(level - 1) == ipa / s2_size(level - 1) ==> s2_at(t, level, x) == frame;
    assigns \nothing;
    ensures same_walk: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX && s2_at(t, level, x) == frame &&
              x / s2_size(level) % 512 == idx ==> ipa <= x < ipa + s2_size(level);
    ensures in_region: \forall integer x; ipa <= x < ipa + s2_size(level) ==>
              s2_at(t, level, x) == frame && x / s2_size(level) % 512 == idx;
    exits \false;
*/
static void entry_region_facts(const struct s2_table *t, uint32_t frame, unsigned idx,
			       unsigned level, uint64_t ipa)
{
	(void)frame;
	(void)idx;
	at_unique_facts(t);
	prefix_facts(level);
	region_facts(ipa, ipa, level);
	/*@ assert at_ipa: s2_at(t, level, ipa) == frame; */
	/*@ assert uniq1: level == 1 ==> \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX &&
	      s2_at1(t, x) == frame ==> x / 0x8000000000 % 512 == ipa / 0x8000000000 % 512;
	*/
	/*@ assert uniq2: level == 2 ==> \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX &&
	      s2_at2(t, x) == frame ==> s2_at1(t, x) == s2_at1(t, ipa) &&
	      x / 0x8000000000 % 512 == ipa / 0x8000000000 % 512 &&
	      x / 0x40000000 % 512 == ipa / 0x40000000 % 512;
	*/
	/*@ assert uniq3: level == 3 ==> \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX &&
	      s2_at3(t, x) == frame ==> s2_at2(t, x) == s2_at2(t, ipa) &&
	      x / 0x8000000000 % 512 == ipa / 0x8000000000 % 512 &&
	      x / 0x40000000 % 512 == ipa / 0x40000000 % 512 &&
	      x / 0x200000 % 512 == ipa / 0x200000 % 512;
	*/
	/*@ assert same_walk: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX && s2_at(t, level, x) == frame &&
	      x / s2_size(level) % 512 == idx ==> ipa <= x < ipa + s2_size(level);
	*/
	/*@ assert in_region_idx: \forall integer x; ipa <= x < ipa + s2_size(level) ==>
	      x / s2_size(level - 1) == ipa / s2_size(level - 1) && x / s2_size(level) % 512 == idx;
	*/
	/*@ assert in_region: \forall integer x; ipa <= x < ipa + s2_size(level) ==>
	      s2_at(t, level, x) == frame && x / s2_size(level) % 512 == idx;
	*/
}

/*
 * The committing write of a mapping step: the leaf for pa at entry idx of
 * table frame, which the walk of ipa reached at this level.  Afterwards the
 * level's region of ipa translates to pa onwards with exactly perm, and every
 * other IPA as before: the walks that reach this entry are exactly those of
 * that region (a table's record names one parent entry).
 */
/*@ requires s2_ok(t) && frame < t->pool->nframes && idx < S2_INDEX_LIMIT && 1 <= level <= 3;
    requires s2_wf(t) && s2_owns(t, frame, level);
    requires ipa + s2_size(level) <= S2_IPA_LIMIT_MAX && ipa % s2_size(level) == 0;
    requires idx == ipa / s2_size(level) % 512;
    requires pa % s2_size(level) == 0 && pa % PT_FRAME_SIZE == 0 && pa < S2_FMT_OA_LIMIT;
    requires perm <= S2_ATTR_MASK && s2_fmt_attrs_okp(perm);
    requires reached: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX &&
               x / s2_size(level - 1) == ipa / s2_size(level - 1) ==> s2_at(t, level, x) == frame;
    assigns *(&t->pool->frames[0][0] + (0 .. t->pool->nframes * S2_INDEX_LIMIT - 1));
    ensures s2_ok(t) && s2_pool_kept{Old, Here}(t) && s2_wf(t);
    ensures mapped: \forall integer x; ipa <= x < ipa + s2_size(level) ==>
              s2_tr(t, x) == (pa + (x - ipa)) * 16 + perm;
    ensures rest: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX && !(ipa <= x < ipa + s2_size(level)) ==>
              s2_tr(t, x) == \old(s2_tr(t, x));
    ensures walk_same: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX && !(ipa <= x < ipa + s2_size(level)) ==>
              s2_walk_same{Old, Here}(t, x);
    ensures others: s2_others_kept{Old, Here}(t);
    exits \false;
*/
static void commit_leaf(struct s2_table *t, uint32_t frame, unsigned idx, unsigned level,
			uint64_t ipa, uint64_t pa, uint32_t perm)
{
	region_facts(ipa, pa, level);
	leaf_facts(pa, level, perm);
	s2_fmt_leaf_attr_facts(pa, level, perm);
	/* Arithmetic only: stated before the calls, in the smallest context. */
	/*@ assert leaf_read: \forall integer x; ipa <= x < ipa + s2_size(level) ==>
	      s2_leaf(s2_fmt_leaf_l(pa, level, perm), level, x) == (pa + (x - ipa)) * 16 + perm;
	*/
	entry_region_facts(t, frame, idx, level, ipa);
	set_leaf(t, frame, idx, level, s2_fmt_leaf(pa, level, perm));
}

/*@ // The walk of ipa is ready for a committing step: it is linked down to
    // the first invalid entry, where a block of that level fits (or which is
    // at level 3).  What the first pass leaves for each step (pending, see
    // specs/pending/stage2_functional.c).
    predicate s2_walk_ready{L}(struct s2_table *t, integer ipa, integer pa, integer size,
                               integer nb) =
      s2_at1(t, ipa) >= 0 &&
      (s2_fmt_valid(s2_ent(t, s2_at1(t, ipa), 1, ipa)) ==> s2_at2(t, ipa) >= 0) &&
      (!s2_fmt_valid(s2_ent(t, s2_at1(t, ipa), 1, ipa)) ==> s2_fits(t, 1, ipa, pa, size, nb)) &&
      (s2_at2(t, ipa) >= 0 && s2_fmt_valid(s2_ent(t, s2_at2(t, ipa), 2, ipa)) ==>
         s2_at3(t, ipa) >= 0) &&
      (s2_at2(t, ipa) >= 0 && !s2_fmt_valid(s2_ent(t, s2_at2(t, ipa), 2, ipa)) ==>
         s2_fits(t, 2, ipa, pa, size, nb)) &&
      (s2_at3(t, ipa) >= 0 ==> !s2_fmt_valid(s2_ent(t, s2_at3(t, ipa), 3, ipa)));
*/

/*
 * Where the walk of an IPA goes down to this level depends only on its
 * entry indices above it: every IPA of the level-(l - 1) region of ipa
 * reaches the table the walk of ipa reaches (proof only, for clear_descend;
 * the compiler removes the empty body).
 */
/*@ requires s2_ok(t) && 1 <= level <= 3;
    assigns \nothing;
    ensures \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX && 0 <= ipa &&
              x / s2_size(level - 1) == ipa / s2_size(level - 1) ==>
              s2_at(t, level, x) == s2_at(t, level, ipa);
    exits \false;
*/
static void at_region_facts(const struct s2_table *t, unsigned level, uint64_t ipa)
{
	(void)t;
	(void)level;
	(void)ipa;
	prefix_facts(0);
	prefix_facts(1);
	prefix_facts(2);
	/*@ assert a1: \forall integer x; 0 <= x && x / 0x8000000000 == ipa / 0x8000000000 ==>
	      s2_at1(t, x) == s2_at1(t, ipa);
	*/
	/*@ assert a2: \forall integer x; 0 <= x && x / 0x40000000 == ipa / 0x40000000 ==>
	      s2_at2(t, x) == s2_at2(t, ipa);
	*/
	/*@ assert a3: \forall integer x; 0 <= x && x / 0x200000 == ipa / 0x200000 ==>
	      s2_at3(t, x) == s2_at3(t, ipa);
	*/
}

/*@ // Where the walk of x ends, for a mapping whose blocks start at
    // dpa + their IPA and whose range ends at e: every valid entry it reads
    // above level 3 links a table; an invalid one at level 1 or 2 is the
    // entry of a region that lies in [lo, hi) and where a block of the
    // mapping fits; at level 3 the entry is invalid.  What the first pass
    // leaves for every IPA of the range (the committing step for x then
    // writes its leaf without allocating, see s2_ready_facts).
    predicate s2_ready_at{L}(struct s2_table *t, integer x, integer lo, integer hi, integer dpa,
                             integer e, integer nb) =
      s2_is_link(s2_ent(t, t->root, 0, x), 0) &&
      (s2_at1(t, x) >= 0 && s2_fmt_valid(s2_ent(t, s2_at1(t, x), 1, x)) ==>
         s2_is_link(s2_ent(t, s2_at1(t, x), 1, x), 1)) &&
      (s2_at1(t, x) >= 0 && !s2_fmt_valid(s2_ent(t, s2_at1(t, x), 1, x)) ==>
         lo <= x / 0x40000000 * 0x40000000 && x / 0x40000000 * 0x40000000 + 0x40000000 <= hi &&
         s2_fits(t, 1, x / 0x40000000 * 0x40000000, x / 0x40000000 * 0x40000000 + dpa,
                 e - x / 0x40000000 * 0x40000000, nb)) &&
      (s2_at2(t, x) >= 0 && s2_fmt_valid(s2_ent(t, s2_at2(t, x), 2, x)) ==>
         s2_is_link(s2_ent(t, s2_at2(t, x), 2, x), 2)) &&
      (s2_at2(t, x) >= 0 && !s2_fmt_valid(s2_ent(t, s2_at2(t, x), 2, x)) ==>
         lo <= x / 0x200000 * 0x200000 && x / 0x200000 * 0x200000 + 0x200000 <= hi &&
         s2_fits(t, 2, x / 0x200000 * 0x200000, x / 0x200000 * 0x200000 + dpa,
                 e - x / 0x200000 * 0x200000, nb)) &&
      (s2_at3(t, x) >= 0 ==> !s2_fmt_valid(s2_ent(t, s2_at3(t, x), 3, x)));

    // Every invalid entry above level 3 that the walk of x reads is the
    // entry of a region that ends by hi (the root entry is valid): the first
    // pass, creating tables from hi on, writes no entry that x reads.
    predicate s2_done_by{L}(struct s2_table *t, integer x, integer hi) =
      s2_fmt_valid(s2_ent(t, t->root, 0, x)) &&
      (s2_at1(t, x) >= 0 && !s2_fmt_valid(s2_ent(t, s2_at1(t, x), 1, x)) ==>
         x / 0x40000000 * 0x40000000 + 0x40000000 <= hi) &&
      (s2_at2(t, x) >= 0 && !s2_fmt_valid(s2_ent(t, s2_at2(t, x), 2, x)) ==>
         x / 0x200000 * 0x200000 + 0x200000 <= hi);

    // An invalid entry at level 1 or 2 that the walk of x reads covers a
    // region that starts at or after lo.
    predicate s2_lo_ok{L}(struct s2_table *t, integer x, integer lo) =
      (s2_at1(t, x) >= 0 && !s2_fmt_valid(s2_ent(t, s2_at1(t, x), 1, x)) ==>
         lo <= x / 0x40000000 * 0x40000000) &&
      (s2_at2(t, x) >= 0 && !s2_fmt_valid(s2_ent(t, s2_at2(t, x), 2, x)) ==>
         lo <= x / 0x200000 * 0x200000);

    // A walk that reads what it read is as ready as it was, for any wider
    // [lo, hi) ...
    lemma s2_ready_moved{A, B}: \forall struct s2_table *t, integer x, lo, hi, lo2, hi2, dpa, e, nb;
      s2_walk_same{A, B}(t, x) && \at(t->root, A) == \at(t->root, B) &&
      \at(t->cfg, A) == \at(t->cfg, B) && s2_ready_at{A}(t, x, lo, hi, dpa, e, nb) &&
      lo2 <= lo && hi <= hi2 ==>
      s2_ready_at{B}(t, x, lo2, hi2, dpa, e, nb);

    // ... and for a later lo that its regions start at or after.
    lemma s2_ready_moved_up{A, B}: \forall struct s2_table *t, integer x, lo, hi, lo2, dpa, e, nb;
      s2_walk_same{A, B}(t, x) && \at(t->root, A) == \at(t->root, B) &&
      \at(t->cfg, A) == \at(t->cfg, B) && s2_ready_at{A}(t, x, lo, hi, dpa, e, nb) &&
      s2_lo_ok{A}(t, x, lo2) ==>
      s2_ready_at{B}(t, x, lo2, hi, dpa, e, nb);

    // A walk ready from lo is ready from any earlier lo2.
    lemma s2_ready_wider{L}: \forall struct s2_table *t, integer x, lo, hi, lo2, hi2, dpa, e, nb;
      s2_ready_at(t, x, lo, hi, dpa, e, nb) && lo2 <= lo && hi <= hi2 ==>
      s2_ready_at(t, x, lo2, hi2, dpa, e, nb);

    // A ready walk is done by the end of its regions.
    lemma s2_ready_done{L}: \forall struct s2_table *t, integer x, lo, hi, dpa, e, nb;
      s2_ready_at(t, x, lo, hi, dpa, e, nb) ==> s2_done_by(t, x, hi);

    // Every IPA of the mapping [ipa, ipa + size) to pa is ready for it.
    predicate s2_ready_range{L}(struct s2_table *t, integer ipa, integer pa, integer size,
                                integer nb) =
      \forall integer x; ipa <= x < ipa + size ==>
        s2_ready_at(t, x, ipa, ipa + size, pa - ipa, ipa + size, nb);
*/

/*
 * A walk ready for the mapping, whose regions start at or after ipa itself,
 * is ready for the committing step at ipa (proof only).
 */
/*@ requires s2_ok(t) && s2_wf(t) && 0 <= ipa;
    assigns \nothing;
    exits \false;
    behavior ready:
      assumes s2_ready_at(t, ipa, ipa, hi, pa - ipa, ipa + size, nb);
      ensures s2_walk_ready(t, ipa, pa, size, nb);
*/
static void s2_ready_facts(const struct s2_table *t, uint64_t ipa, uint64_t pa, uint64_t size,
			   uint64_t hi, bool nb)
{
	(void)ipa;
	(void)pa;
	(void)size;
	(void)hi;
	(void)nb;
	at_owned_facts(t);
	/*@ for ready: assert root_ok: s2_frame_ok(t, t->root) && pt_g.level[t->root] == 0; */
	/*@ for ready: assert at1_ok: s2_at1(t, ipa) >= 0 && s2_owns(t, s2_at1(t, ipa), 1); */
	/*@ for ready: assert at1_fr: s2_frame_ok(t, s2_at1(t, ipa)); */
	/*@ for ready: assert at2_ok: s2_at2(t, ipa) >= 0 ==> s2_owns(t, s2_at2(t, ipa), 2) &&
	      s2_frame_ok(t, s2_at2(t, ipa));
	*/
	/*@ for ready: assert r1: ipa <= ipa / 0x40000000 * 0x40000000 ==> ipa / 0x40000000 * 0x40000000 == ipa; */
	/*@ for ready: assert r2: ipa <= ipa / 0x200000 * 0x200000 ==> ipa / 0x200000 * 0x200000 == ipa; */
	/*@ for ready: assert w2: s2_fmt_valid(s2_ent(t, s2_at1(t, ipa), 1, ipa)) ==> s2_at2(t, ipa) >= 0; */
	/*@ for ready: assert w3: !s2_fmt_valid(s2_ent(t, s2_at1(t, ipa), 1, ipa)) ==> s2_fits(t, 1, ipa, pa, size, nb); */
	/*@ for ready: assert w4: s2_at2(t, ipa) >= 0 && s2_fmt_valid(s2_ent(t, s2_at2(t, ipa), 2, ipa)) ==>
	      s2_at3(t, ipa) >= 0;
	*/
	/*@ for ready: assert w5: s2_at2(t, ipa) >= 0 && !s2_fmt_valid(s2_ent(t, s2_at2(t, ipa), 2, ipa)) ==>
	      s2_fits(t, 2, ipa, pa, size, nb);
	*/
	/*@ for ready: assert w6: s2_at3(t, ipa) >= 0 ==> !s2_fmt_valid(s2_ent(t, s2_at3(t, ipa), 3, ipa)); */
}

/*
 * Regions beside a step: a level-1 or level-2 region that holds an IPA past
 * the step [a, a + s) starts past it, or is the region of a itself and larger
 * than the step (proof only).
 */
/*@ requires (s == 0x1000 || s == 0x200000 || s == 0x40000000) && 0 <= a && a % s == 0;
    assigns \nothing;
    ensures g1: \forall integer x; a + s <= x ==> a + s <= x / 0x40000000 * 0x40000000 ||
              (s < 0x40000000 && x / 0x40000000 == a / 0x40000000);
    ensures g2: \forall integer x; a + s <= x ==> a + s <= x / 0x200000 * 0x200000 ||
              (s < 0x200000 && x / 0x200000 == a / 0x200000);
    exits \false;
*/
static void step_apart_facts(uint64_t a, uint64_t s)
{
	(void)a;
	(void)s;
}

/* leaf_ready_facts for a step that ends at level 2 (proof only). */
/*@ requires s2_ok(t) && 0 <= ipa;
    requires \forall integer x; ipa <= x < ipa + 0x200000 ==>
               s2_is_link(s2_ent(t, t->root, 0, x), 0) &&
               s2_at1(t, x) >= 0 && s2_is_link(s2_ent(t, s2_at1(t, x), 1, x), 1) &&
               s2_at2(t, x) >= 0 && !s2_fmt_valid(s2_ent(t, s2_at2(t, x), 2, x)) &&
               s2_at3(t, x) < 0 && x / 0x200000 * 0x200000 == ipa;
    requires s2_fits(t, 2, ipa, pa, size, nb);
    assigns \nothing;
    ensures \forall integer x; ipa <= x < ipa + 0x200000 ==>
              s2_ready_at(t, x, ipa, ipa + 0x200000, pa - ipa, ipa + size, nb);
    exits \false;
*/
static void ready2_facts(const struct s2_table *t, uint64_t ipa, uint64_t pa, uint64_t size,
			 bool nb)
{
	(void)t;
	(void)ipa;
	(void)pa;
	(void)size;
	(void)nb;
}

/*
 * What a step that ends at the invalid entry idx of table frame f, which the
 * walk of the aligned ipa reached at this level, leaves (proof only; the
 * committing step then writes its leaf there): every IPA of the step's
 * region is ready for the mapping from ipa on, and a level-1 or level-2
 * region that an invalid entry of a later IPA's walk covers starts after the
 * step.
 */
/*@ requires s2_ok(t) && s2_wf(t) && f < t->pool->nframes && idx < S2_INDEX_LIMIT && 1 <= level <= 3;
    requires s2_owns(t, f, level);
    requires ipa % s2_size(level) == 0 && ipa + s2_size(level) <= S2_IPA_LIMIT_MAX;
    requires idx == ipa / s2_size(level) % 512;
    requires !s2_fmt_valid(t->pool->frames[f][idx]);
    requires reached: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX &&
               x / s2_size(level - 1) == ipa / s2_size(level - 1) ==> s2_at(t, level, x) == f;
    requires level < 3 ==> s2_fits(t, level, ipa, pa, size, nb);
    assigns \nothing;
    ensures new_ready: \forall integer x; ipa <= x < ipa + s2_size(level) ==>
              s2_ready_at(t, x, ipa, ipa + s2_size(level), pa - ipa, ipa + size, nb);
    ensures apart: \forall integer x; ipa + s2_size(level) <= x < S2_IPA_LIMIT_MAX ==>
              s2_lo_ok(t, x, ipa + s2_size(level));
    exits \false;
*/
static void leaf_ready_facts(const struct s2_table *t, uint32_t f, unsigned idx, unsigned level,
			     uint64_t ipa, uint64_t pa, uint64_t size, bool nb)
{
	(void)f;
	(void)idx;
	(void)pa;
	(void)size;
	(void)nb;
	region_facts(ipa, ipa, level);
	prefix_facts(level);
	prefix_facts(1);
	prefix_facts(2);
	step_apart_facts(ipa, level_size(level));
	at_region_facts(t, 1, ipa);
	at_region_facts(t, 2, ipa);
	/*@ assert at_ipa: s2_at(t, level, ipa) == f; */
	/*@ assert up1: level >= 2 ==> s2_at1(t, ipa) >= 0 &&
	      s2_is_link(s2_ent(t, s2_at1(t, ipa), 1, ipa), 1);
	*/
	/*@ assert up2: level >= 3 ==> s2_at2(t, ipa) >= 0 &&
	      s2_is_link(s2_ent(t, s2_at2(t, ipa), 2, ipa), 2);
	*/
	/*@ assert root_link: s2_is_link(s2_ent(t, t->root, 0, ipa), 0); */
	/*@ assert in_region: \forall integer x; ipa <= x < ipa + s2_size(level) ==>
	      s2_at(t, level, x) == f && x / s2_size(level) % 512 == idx &&
	      x / s2_size(level) * s2_size(level) == ipa;
	*/
	/*@ assert same1: \forall integer x; 0 <= x && x / 0x40000000 == ipa / 0x40000000 ==>
	      s2_at1(t, x) == s2_at1(t, ipa) &&
	      s2_ent(t, s2_at1(t, x), 1, x) == s2_ent(t, s2_at1(t, ipa), 1, ipa);
	*/
	/*@ assert same2: \forall integer x; 0 <= x && x / 0x200000 == ipa / 0x200000 ==>
	      s2_at2(t, x) == s2_at2(t, ipa) &&
	      s2_ent(t, s2_at2(t, x), 2, x) == s2_ent(t, s2_at2(t, ipa), 2, ipa);
	*/
	/*@ assert in_root: \forall integer x; ipa <= x < ipa + s2_size(level) ==>
	      s2_is_link(s2_ent(t, t->root, 0, x), 0);
	*/
	/*@ assert in_l1: level == 1 ==> \forall integer x; ipa <= x < ipa + 0x40000000 ==>
	      s2_at1(t, x) == f && !s2_fmt_valid(s2_ent(t, f, 1, x)) && s2_at2(t, x) < 0 &&
	      s2_at3(t, x) < 0 && x / 0x40000000 * 0x40000000 == ipa;
	*/
	/*@ assert in_l2: level == 2 ==> \forall integer x; ipa <= x < ipa + 0x200000 ==>
	      s2_at1(t, x) >= 0 && s2_is_link(s2_ent(t, s2_at1(t, x), 1, x), 1) &&
	      s2_at2(t, x) == f && !s2_fmt_valid(s2_ent(t, f, 2, x)) && s2_at3(t, x) < 0 &&
	      x / 0x200000 * 0x200000 == ipa;
	*/
	/*@ assert in_l3: level == 3 ==> \forall integer x; ipa <= x < ipa + 0x1000 ==>
	      s2_at1(t, x) >= 0 && s2_is_link(s2_ent(t, s2_at1(t, x), 1, x), 1) &&
	      s2_at2(t, x) >= 0 && s2_is_link(s2_ent(t, s2_at2(t, x), 2, x), 2) &&
	      s2_at3(t, x) == f && !s2_fmt_valid(s2_ent(t, f, 3, x));
	*/
	/*@ assert fits2: level == 2 ==> s2_fits(t, 2, ipa, ipa + (pa - ipa), ipa + size - ipa, nb); */
	/*@ assert fits1: level == 1 ==> s2_fits(t, 1, ipa, ipa + (pa - ipa), ipa + size - ipa, nb); */
	/*@ assert sz: s2_size(level) == (level == 1 ? 0x40000000 : level == 2 ? 0x200000 : 0x1000); */
	if (level == 1u) {
		/*@ assert rdy1: \forall integer x; ipa <= x < ipa + 0x40000000 ==>
		      s2_ready_at(t, x, ipa, ipa + 0x40000000, pa - ipa, ipa + size, nb);
		*/
	} else if (level == 2u) {
		ready2_facts(t, ipa, pa, size, nb);
	} else {
		/*@ assert rdy3: \forall integer x; ipa <= x < ipa + 0x1000 ==>
		      s2_ready_at(t, x, ipa, ipa + 0x1000, pa - ipa, ipa + size, nb);
		*/
	}
}

/* The base of the level-1 or level-2 block that contains address addr (an
 * output address, or an IPA, which lies below the output limit too): page
 * aligned, and the block ends inside the output space.  (A function of its
 * own: the solvers prove this at once on its own but not inside the goals of
 * split_block or first_write_facts, whose table invariant drowns them.) */
/*@ requires addr < S2_FMT_OA_LIMIT && 1 <= level <= 2;
    assigns \nothing;
    ensures \result == addr / s2_size(level) * s2_size(level);
    ensures \result % PT_FRAME_SIZE == 0 && \result % s2_size(level) == 0;
    ensures \result <= S2_FMT_OA_LIMIT - s2_size(level);
    exits \false;
*/
static uint64_t block_base(uint64_t addr, unsigned level)
{
	uint64_t sz = level_size(level);

	return addr / sz * sz;
}

/*
 * The walks that read the invalid entry idx of table frame f, which the walk
 * of ipa reached at this level, are not done by ipa: the entry covers ipa's
 * own region (proof only, for the first pass, which links a new table there).
 */
/*@ requires s2_ok(t) && s2_wf(t) && f < t->pool->nframes && idx < S2_INDEX_LIMIT && level < 3;
    requires s2_owns(t, f, level) && ipa < S2_IPA_LIMIT_MAX;
    requires idx == ipa / s2_size(level) % 512;
    requires !s2_fmt_valid(t->pool->frames[f][idx]);
    requires level == 0 ==> f == t->root;
    requires reached: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX && level >= 1 &&
               x / s2_size(level - 1) == ipa / s2_size(level - 1) ==> s2_at(t, level, x) == f;
    assigns \nothing;
    ensures \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX && s2_reads(t, x, f, level, idx) ==>
              !s2_done_by(t, x, ipa);
    exits \false;
*/
static void first_write_facts(const struct s2_table *t, uint32_t f, unsigned idx, unsigned level,
			      uint64_t ipa)
{
	uint64_t r;

	if (level == 0u)
		return;
	r = block_base(ipa, level);
	/*@ assert r_le: r <= ipa < S2_IPA_LIMIT_MAX; */
	/*@ assert r_end1: level == 1 ==> r % 0x40000000 == 0 && r + 0x40000000 <= S2_IPA_LIMIT_MAX; */
	/*@ assert r_end2: level == 2 ==> r % 0x200000 == 0 && r + 0x200000 <= S2_IPA_LIMIT_MAX; */
	/*@ assert r_al: r % s2_size(level) == 0 && r + s2_size(level) <= S2_IPA_LIMIT_MAX; */
	region_facts(r, r, level);
	prefix_facts(level);
	/*@ assert r_region: r <= ipa < r + s2_size(level) && r / s2_size(level) == ipa / s2_size(level); */
	/*@ assert r_reached: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX &&
	      x / s2_size(level - 1) == r / s2_size(level - 1) ==> s2_at(t, level, x) == f;
	*/
	entry_region_facts(t, f, idx, level, r);
	/*@ assert r_x: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX && s2_reads(t, x, f, level, idx) ==>
	      x / s2_size(level) * s2_size(level) == r;
	*/
}

/*
 * Where a step of a mapping ends, looking at entry idx (value d) of table f,
 * which the walk of the aligned ipa reached at this level: 0 if the walk goes
 * on down (d links a table, or d is free and no block of this level fits),
 * S2_EEXIST if the leaf belongs here (level 3) and d is taken, else the bytes
 * the leaf here covers.  Both passes of a mapping decide with it, so they
 * stop at the same entries.
 */
/*@ requires s2_ok(t) && s2_wf(t) && f < t->pool->nframes && idx < S2_INDEX_LIMIT && level <= 3;
    requires s2_owns(t, f, level);
    requires ipa % PT_FRAME_SIZE == 0 && pa % PT_FRAME_SIZE == 0 && size % PT_FRAME_SIZE == 0;
    requires size > 0 && ipa + size <= S2_IPA_LIMIT_MAX;
    requires idx == ipa / s2_size(level) % 512 && d == t->pool->frames[f][idx];
    requires reached: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX && level >= 1 &&
               x / s2_size(level - 1) == ipa / s2_size(level - 1) ==> s2_at(t, level, x) == f;
    assigns \nothing;
    ensures \result == 0 || \result == S2_EEXIST || \result > 0;
    ensures down: \result == 0 <==> level < 3 && !(!s2_fmt_valid(d) && s2_fits(t, level, ipa, pa, size, nb));
    ensures taken: \result == S2_EEXIST <==> level == 3 && s2_fmt_valid(d);
    ensures leaf: \result > 0 ==> 1 <= level && !s2_fmt_valid(d) && \result == s2_size(level) &&
              (level == 3 || s2_fits(t, level, ipa, pa, size, nb)) &&
              (\result == 0x1000 || \result == 0x200000 || \result == 0x40000000) &&
              ipa % \result == 0 && pa % \result == 0 && \result <= size;
    ensures new_ready: \result > 0 ==> \forall integer x; ipa <= x < ipa + \result ==>
              s2_ready_at(t, x, ipa, ipa + \result, pa - ipa, ipa + size, nb);
    ensures apart: \result > 0 ==> \forall integer x; ipa + \result <= x < S2_IPA_LIMIT_MAX ==>
              s2_lo_ok(t, x, ipa + \result);
    exits \false;
*/
static int64_t leaf_step(const struct s2_table *t, uint32_t f, unsigned idx, unsigned level,
			 uint64_t d, uint64_t ipa, uint64_t pa, uint64_t size, bool nb)
{
	uint64_t sz;

	if (level != S2_LAST_LEVEL && (s2_fmt_is_valid(d) || !block_fits(t, level, ipa, pa, size, nb)))
		return 0;
	if (s2_fmt_is_valid(d))
		return S2_EEXIST;
	sz = level_size(level);
	/*@ assert sz_val: sz == 0x1000 || sz == 0x200000 || sz == 0x40000000; */
	/*@ assert sz_cast: (int64_t)sz == sz; */
	leaf_ready_facts(t, f, idx, level, ipa, pa, size, nb);
	return (int64_t)sz;
}

/*
 * One step of the first (preparing) pass of a mapping: walk from the root to
 * the entry for ipa, creating the tables that are missing, down to the first
 * level where a block fits (or level 3).  Writes no leaf.  Returns the bytes
 * the leaf there will cover, or S2_EEXIST, S2_ENOMEM, S2_ECORRUPT.
 */
/*@ requires s2_ok(t) && size > 0;
    requires ipa % PT_FRAME_SIZE == 0 && pa % PT_FRAME_SIZE == 0 && size % PT_FRAME_SIZE == 0;
    requires ipa + size <= S2_IPA_LIMIT_MAX && pa + size <= S2_FMT_OA_LIMIT;
    requires s2_wf(t);
    assigns t->tables, *(&t->pool->frames[0][0] + (0 .. t->pool->nframes * S2_INDEX_LIMIT - 1)), pt_g;
    ensures s2_ok(t) && s2_pool_kept{Old, Here}(t) && s2_wf(t) && t->root == \old(t->root);
    ensures \result == S2_EEXIST || \result == S2_ENOMEM || \result == S2_ECORRUPT ||
            (0 < \result <= size && \result % PT_FRAME_SIZE == 0);
    ensures tr_kept: \forall integer x; 0 <= x ==> s2_tr(t, x) == \old(s2_tr(t, x));
    ensures others: s2_others_kept{Old, Here}(t);
    ensures step_size: \result > 0 ==>
              (\result == 0x1000 || \result == 0x200000 || \result == 0x40000000) && ipa % \result == 0;
    ensures first_new: \result > 0 ==> \forall integer x; ipa <= x < ipa + \result ==>
              s2_ready_at(t, x, ipa, ipa + \result, pa - ipa, ipa + size, no_blocks);
    ensures first_same: \result > 0 ==> \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX &&
              \old(s2_done_by(t, x, ipa)) ==> s2_walk_same{Old, Here}(t, x);
    ensures first_keep: \result > 0 ==> \forall integer x, lo; 0 <= x < S2_IPA_LIMIT_MAX &&
              \old(s2_ready_at(t, x, lo, ipa, pa - ipa, ipa + size, no_blocks)) ==>
              s2_ready_at(t, x, lo, ipa + \result, pa - ipa, ipa + size, no_blocks);
    exits \false;
*/
static int64_t prepare_step(struct s2_table *t, uint64_t ipa, uint64_t pa, uint64_t size,
			    bool no_blocks)
{
	uint32_t f = t->root;
	unsigned level = S2_TOP_LEVEL;

	/*@ loop invariant s2_ok(t) && s2_pool_kept{Pre, Here}(t);
	    loop invariant others: s2_others_kept{Pre, Here}(t);
	    loop invariant level <= 3 && f < t->pool->nframes;
	    loop invariant s2_wf(t) && t->root == \at(t->root, Pre) && s2_owns(t, f, level);
	    loop invariant tr_kept: \forall integer x; 0 <= x ==> s2_tr(t, x) == \at(s2_tr(t, x), Pre);
	    loop invariant at_root: level == 0 ==> f == t->root;
	    loop invariant at_f: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX && level >= 1 &&
	                     x / s2_size(level - 1) == ipa / s2_size(level - 1) ==> s2_at(t, level, x) == f;
	    loop invariant first_same: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX &&
	                     \at(s2_done_by(t, x, ipa), Pre) ==>
	                     s2_walk_same{Pre, Here}(t, x) && s2_done_by(t, x, ipa);
	    loop assigns level, f, t->tables,
	                 *(&t->pool->frames[0][0] + (0 .. t->pool->nframes * S2_INDEX_LIMIT - 1)), pt_g;
	    loop variant 3 - level;
	*/
	for (;;) {
		unsigned idx = level_index(ipa, level);
		uint64_t d = read_entry(t, f, idx);
		int64_t leaf = leaf_step(t, f, idx, level, d, ipa, pa, size, no_blocks);
		int64_t c;

		if (leaf != 0) {
			/*@ assert keep_done: \forall integer x, lo; 0 <= x < S2_IPA_LIMIT_MAX &&
			      \at(s2_ready_at(t, x, lo, ipa, pa - ipa, ipa + size, no_blocks), Pre) ==>
			      \at(s2_done_by(t, x, ipa), Pre);
			*/
			/*@ assert keep_same: \forall integer x, lo; 0 <= x < S2_IPA_LIMIT_MAX &&
			      \at(s2_ready_at(t, x, lo, ipa, pa - ipa, ipa + size, no_blocks), Pre) ==>
			      s2_walk_same{Pre, Here}(t, x);
			*/
			return leaf;
		}
		if (s2_fmt_is_valid(d)) {
			c = follow_link(t, f, idx, level);
		} else {
			first_write_facts(t, f, idx, level, ipa);
			c = new_child(t, f, idx, level);
		}
		if (c < 0)
			return c;
		/* Either way, the walk down to f is as it was and entry idx links c. */
		/*@ assert c_at: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX && level >= 1 &&
		      x / s2_size(level - 1) == ipa / s2_size(level - 1) ==> s2_at(t, level, x) == f;
		*/
		/*@ assert c_next: \forall integer x; 0 <= x && x / s2_size(level) % 512 == idx ==>
		      s2_next(t, f, level, x) == c;
		*/
		prefix_facts(level);
		f = (uint32_t)c;
		level++;
	}
}

/*
 * One step of the committing pass of a mapping: follow the tables the first
 * pass made down to the entry for ipa and write the leaf there.  Never
 * allocates.  Returns the bytes that leaf covers, or S2_EEXIST or
 * S2_ECORRUPT when the tables are not what the first pass left (neither
 * happens after it: commit_ready).
 */
/*@ requires s2_ok(t) && size > 0;
    requires ipa % PT_FRAME_SIZE == 0 && pa % PT_FRAME_SIZE == 0 && size % PT_FRAME_SIZE == 0;
    requires ipa + size <= S2_IPA_LIMIT_MAX && pa + size <= S2_FMT_OA_LIMIT;
    requires perm <= S2_ATTR_MASK && s2_fmt_attrs_okp(perm);
    requires s2_wf(t);
    assigns *(&t->pool->frames[0][0] + (0 .. t->pool->nframes * S2_INDEX_LIMIT - 1));
    ensures s2_ok(t) && s2_pool_kept{Old, Here}(t) && s2_wf(t);
    ensures \result == S2_EEXIST || \result == S2_ECORRUPT ||
            (0 < \result <= size && \result % PT_FRAME_SIZE == 0);
    ensures tr_kept: \result < 0 ==> \forall integer x; 0 <= x ==> s2_tr(t, x) == \old(s2_tr(t, x));
    ensures tr_map: \result > 0 ==> \forall integer x; ipa <= x < ipa + \result ==>
              s2_tr(t, x) == (pa + (x - ipa)) * 16 + perm;
    ensures tr_rest: \result > 0 ==> \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX &&
              !(ipa <= x < ipa + \result) ==> s2_tr(t, x) == \old(s2_tr(t, x));
    ensures others: s2_others_kept{Old, Here}(t);
    ensures commit_ready: \old(s2_walk_ready(t, ipa, pa, size, no_blocks)) ==> \result > 0;
    ensures step_size: \result > 0 ==>
              (\result == 0x1000 || \result == 0x200000 || \result == 0x40000000) && ipa % \result == 0;
    ensures commit_keep: \result > 0 ==> \forall integer x, hi, dpa, e;
              ipa + \result <= x < S2_IPA_LIMIT_MAX &&
              \old(s2_ready_at(t, x, ipa, hi, dpa, e, no_blocks)) ==>
              s2_ready_at(t, x, ipa + \result, hi, dpa, e, no_blocks);
    exits \false;
*/
static int64_t commit_step(struct s2_table *t, uint64_t ipa, uint64_t pa, uint64_t size,
			   uint32_t perm, bool no_blocks)
{
	uint32_t f = t->root;
	unsigned level = S2_TOP_LEVEL;

	/*@ loop invariant level <= 3 && f < t->pool->nframes && s2_owns(t, f, level);
	    loop invariant at_root: level == 0 ==> f == t->root;
	    loop invariant at_f: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX && level >= 1 &&
	                     x / s2_size(level - 1) == ipa / s2_size(level - 1) ==> s2_at(t, level, x) == f;
	    loop assigns level, f;
	    loop variant 3 - level;
	*/
	for (;;) {
		unsigned idx = level_index(ipa, level);
		uint64_t d = read_entry(t, f, idx);
		int64_t leaf = leaf_step(t, f, idx, level, d, ipa, pa, size, no_blocks);
		int64_t c;

		if (leaf == S2_EEXIST)
			return S2_EEXIST;
		if (leaf > 0) {
			commit_leaf(t, f, idx, level, ipa, pa, perm);
			/*@ assert keep_same: \forall integer x; ipa + leaf <= x < S2_IPA_LIMIT_MAX ==>
			      \let lo = ipa + leaf; s2_walk_same{Pre, Here}(t, x) && \at(s2_lo_ok(t, x, lo), Pre);
			*/
			/*@ assert keep: \forall integer x, hi, dpa, e; ipa + leaf <= x < S2_IPA_LIMIT_MAX &&
			      \at(s2_ready_at(t, x, ipa, hi, dpa, e, no_blocks), Pre) ==>
			      s2_ready_at(t, x, ipa + leaf, hi, dpa, e, no_blocks);
			*/
			return leaf;
		}
		/*@ assert rd_at: \let lv = level; f == s2_at(t, lv, ipa); */
		/*@ assert rd_valid: s2_walk_ready(t, ipa, pa, size, no_blocks) ==> s2_fmt_valid(d); */
		/*@ assert rd_link: s2_walk_ready(t, ipa, pa, size, no_blocks) ==>
		      s2_is_link(d, level) && s2_cok(t, d) == 1;
		*/
		if (!s2_fmt_is_valid(d))
			return S2_ECORRUPT; /* the first pass links a table here */
		c = follow_link(t, f, idx, level);
		if (c < 0)
			return c;
		/*@ assert c_next: \forall integer x; 0 <= x && x / s2_size(level) % 512 == idx ==>
		      s2_next(t, f, level, x) == c;
		*/
		prefix_facts(level);
		f = (uint32_t)c;
		level++;
	}
}

/*
 * One pass over a mapping.  With commit false, only creates the tables the
 * mapping needs (the translation does not change); with commit true, writes
 * the leaves into the tables the first pass created.  Both passes take the
 * same block/page decisions because the first writes no leaf.
 */
/*@ requires s2_ok(t);
    requires ipa % PT_FRAME_SIZE == 0 && pa % PT_FRAME_SIZE == 0 && size % PT_FRAME_SIZE == 0;
    requires ipa + size <= S2_IPA_LIMIT_MAX && pa + size <= S2_FMT_OA_LIMIT;
    requires perm <= S2_ATTR_MASK && (commit ==> s2_fmt_attrs_okp(perm));
    requires s2_wf(t);
    assigns t->tables, *(&t->pool->frames[0][0] + (0 .. t->pool->nframes * S2_INDEX_LIMIT - 1)), pt_g;
    ensures s2_ok(t) && s2_wf(t) && t->root == \old(t->root);
    ensures \result == S2_OK || \result == S2_EEXIST || \result == S2_ENOMEM ||
            \result == S2_ECORRUPT;
    ensures tr_kept: !commit ==> \forall integer x; 0 <= x ==> s2_tr(t, x) == \old(s2_tr(t, x));
    ensures tr_map: commit && \result == S2_OK ==>
              \forall integer x; \old(ipa) <= x < \old(ipa) + \old(size) ==>
              s2_tr(t, x) == (\old(pa) + (x - \old(ipa))) * 16 + perm;
    ensures tr_rest: commit && \result == S2_OK ==>
              \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX && !(\old(ipa) <= x < \old(ipa) + \old(size)) ==>
              s2_tr(t, x) == \old(s2_tr(t, x));
    ensures tr_within: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX ==>
              s2_tr(t, x) == \old(s2_tr(t, x)) || (\old(ipa) <= x < \old(ipa) + \old(size) &&
              s2_tr(t, x) == (\old(pa) + (x - \old(ipa))) * 16 + perm);
    ensures others: s2_others_kept{Old, Here}(t);
    ensures first_ready: !commit && \result == S2_OK ==>
              s2_ready_range(t, \old(ipa), \old(pa), \old(size), no_blocks);
    ensures commit_ok: commit && \old(s2_ready_range(t, ipa, pa, size, no_blocks)) ==> \result == S2_OK;
    exits \false;
*/
static int map_pass(struct s2_table *t, uint64_t ipa, uint64_t pa, uint64_t size,
		    uint32_t perm, bool no_blocks, bool commit)
{
	/*@ loop invariant s2_ok(t) && s2_pool_kept{Pre, Here}(t);
	    loop invariant others: s2_others_kept{Pre, Here}(t);
	    loop invariant s2_wf(t) && t->root == \at(t->root, Pre);
	    loop invariant ipa % PT_FRAME_SIZE == 0 && pa % PT_FRAME_SIZE == 0;
	    loop invariant size % PT_FRAME_SIZE == 0;
	    loop invariant ipa + size <= S2_IPA_LIMIT_MAX && pa + size <= S2_FMT_OA_LIMIT;
	    loop invariant tr_kept: !commit ==>
	                     \forall integer x; 0 <= x ==> s2_tr(t, x) == \at(s2_tr(t, x), Pre);
	    loop invariant done: \at(ipa, Pre) <= ipa && ipa + size == \at(ipa, Pre) + \at(size, Pre) &&
	                     pa - \at(pa, Pre) == ipa - \at(ipa, Pre);
	    loop invariant done_map: commit ==> \forall integer x; \at(ipa, Pre) <= x < ipa ==>
	                     s2_tr(t, x) == (\at(pa, Pre) + (x - \at(ipa, Pre))) * 16 + perm;
	    loop invariant done_rest: commit ==> \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX &&
	                     !(\at(ipa, Pre) <= x < ipa) ==> s2_tr(t, x) == \at(s2_tr(t, x), Pre);
	    loop invariant first_done: !commit ==> \forall integer x; \at(ipa, Pre) <= x < ipa ==>
	                     s2_ready_at(t, x, \at(ipa, Pre), ipa, \at(pa, Pre) - \at(ipa, Pre),
	                                 \at(ipa, Pre) + \at(size, Pre), no_blocks);
	    loop invariant commit_left: commit && \at(s2_ready_range(t, ipa, pa, size, no_blocks), Pre) ==>
	                     \forall integer x; ipa <= x < \at(ipa, Pre) + \at(size, Pre) ==>
	                     s2_ready_at(t, x, ipa, \at(ipa, Pre) + \at(size, Pre),
	                                 \at(pa, Pre) - \at(ipa, Pre), \at(ipa, Pre) + \at(size, Pre),
	                                 no_blocks);
	    loop assigns ipa, pa, size, t->tables,
	                 *(&t->pool->frames[0][0] + (0 .. t->pool->nframes * S2_INDEX_LIMIT - 1)), pt_g;
	    loop variant size;
	*/
	while (size > 0) {
		int64_t step;

		/*@ assert same_map: pa - ipa == \at(pa, Pre) - \at(ipa, Pre) &&
		      ipa + size == \at(ipa, Pre) + \at(size, Pre);
		*/
		/* Proof only: a walk the first pass left ready is s2_walk_ready. */
		s2_ready_facts(t, ipa, pa, size, ipa + size, no_blocks);
		if (commit)
			step = commit_step(t, ipa, pa, size, perm, no_blocks);
		else
			step = prepare_step(t, ipa, pa, size, no_blocks);
		if (step < 0)
			return (int)step;
		/*@ assert no_wrap: (uint64_t)step == step && (uint64_t)(ipa + (uint64_t)step) == ipa + step &&
		      (uint64_t)(pa + (uint64_t)step) == pa + step &&
		      (uint64_t)(size - (uint64_t)step) == size - step;
		*/
		/*@ assert aligned: (ipa + step) % PT_FRAME_SIZE == 0 && (pa + step) % PT_FRAME_SIZE == 0; */
		/*@ assert first_next: !commit ==> \forall integer x; \at(ipa, Pre) <= x < ipa + step ==>
		      s2_ready_at(t, x, \at(ipa, Pre), ipa + step, \at(pa, Pre) - \at(ipa, Pre),
		                  \at(ipa, Pre) + \at(size, Pre), no_blocks);
		*/
		/*@ assert commit_next: commit && \at(s2_ready_range(t, ipa, pa, size, no_blocks), Pre) ==>
		      \forall integer x; ipa + step <= x < \at(ipa, Pre) + \at(size, Pre) ==>
		      s2_ready_at(t, x, ipa + step, \at(ipa, Pre) + \at(size, Pre),
		                  \at(pa, Pre) - \at(ipa, Pre), \at(ipa, Pre) + \at(size, Pre), no_blocks);
		*/
		ipa += (uint64_t)step;
		pa += (uint64_t)step;
		size -= (uint64_t)step;
	}
	/*@ assert at_end: ipa == \at(ipa, Pre) + \at(size, Pre); */
	return S2_OK;
}

/*@ // path[0 .. level] with idx[0 .. level] is a walk down t's tables: path[k]
    // is t's table of level k, linked by entry idx[k - 1] of path[k - 1].
    predicate s2_path{L}(struct s2_table *t, int64_t *path, uint16_t *idx, integer level) =
      (\forall integer k; 0 <= k <= level ==> s2_owns(t, path[k], k) && idx[k] < S2_INDEX_LIMIT) &&
      (\forall integer k; 0 <= k < level ==>
         s2_is_link(t->pool->frames[path[k]][idx[k]], k) &&
         s2_cf(t, t->pool->frames[path[k]][idx[k]]) == path[k + 1]);
*/

/*
 * What the walk of ipa found at the entry where it ended, entry i of table
 * frame f at this level (proof only, for clear_descend; the compiler removes
 * the empty body): an invalid entry leaves the whole region of ipa at that
 * level unmapped, a valid leaf of level 1 or 2 is a block ipa ends at.
 */
/*@ requires s2_ok(t) && level <= 3 && f < t->pool->nframes && ipa < S2_IPA_LIMIT_MAX;
    requires s2_at(t, level, ipa) == f && i == ipa / s2_size(level) % 512;
    assigns \nothing;
    ensures unmapped: !s2_fmt_valid(t->pool->frames[f][i]) ==>
              \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX &&
              x / s2_size(level) == ipa / s2_size(level) ==> s2_tr(t, x) == -1;
    ensures block1: level == 1 && s2_fmt_valid(t->pool->frames[f][i]) &&
              !s2_fmt_table_p(t->pool->frames[f][i], 1) ==> s2_leaf1(t, ipa);
    ensures block2: level == 2 && s2_fmt_valid(t->pool->frames[f][i]) &&
              !s2_fmt_table_p(t->pool->frames[f][i], 2) ==> s2_leaf2(t, ipa);
    exits \false;
*/
static void end_entry_facts(const struct s2_table *t, unsigned level, uint64_t ipa, uint32_t f,
			    unsigned i)
{
	(void)f;
	(void)i;
	prefix_facts(level);
	at_tr_facts(t, level);
	if (level > S2_TOP_LEVEL)
		at_region_facts(t, level, ipa);
}

/*
 * Invalidate the leaf at entry idx of t's table frame at this level, the
 * entry for the aligned ipa that the walk of ipa reached: the level's region
 * of ipa becomes unmapped, every other IPA translates as before.
 */
/*@ requires s2_ok(t) && frame < t->pool->nframes && idx < S2_INDEX_LIMIT && 1 <= level <= 3;
    requires s2_wf(t) && s2_owns(t, frame, level);
    requires ipa + s2_size(level) <= S2_IPA_LIMIT_MAX && ipa % s2_size(level) == 0;
    requires idx == ipa / s2_size(level) % 512;
    requires reached: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX &&
               x / s2_size(level - 1) == ipa / s2_size(level - 1) ==> s2_at(t, level, x) == frame;
    assigns t->pool->frames[frame][idx];
    ensures s2_ok(t) && s2_pool_kept{Old, Here}(t) && s2_wf(t);
    ensures others: s2_others_kept{Old, Here}(t);
    ensures cleared: \forall integer x; ipa <= x < ipa + s2_size(level) ==> s2_tr(t, x) == -1;
    ensures rest: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX && !(ipa <= x < ipa + s2_size(level)) ==>
              s2_tr(t, x) == \old(s2_tr(t, x));
    ensures tr_shrink: \forall integer x; 0 <= x ==> s2_tr(t, x) == \old(s2_tr(t, x)) || s2_tr(t, x) == -1;
    ensures shrinks: s2_shrinks{Old, Here}(t);
    exits \false;
*/
static void clear_leaf(struct s2_table *t, uint32_t frame, unsigned idx, unsigned level,
		       uint64_t ipa)
{
	entry_region_facts(t, frame, idx, level, ipa);
	set_leaf(t, frame, idx, level, 0);
	/*
	 * Only an invalid descriptor was written, so a walk that reads valid
	 * entries (one that reaches a table or ends at a block) read the same
	 * entries before: no block appeared.
	 */
	/*@ assert decode_kept: \forall integer x;
	      s2_cf(t, x) == \at(s2_cf(t, x), Pre) && s2_cok(t, x) == \at(s2_cok(t, x), Pre);
	*/
	/*@ assert others_kept: \forall integer g, i; 0 <= g < t->pool->nframes &&
	      0 <= i < S2_INDEX_LIMIT && !(g == frame && i == idx) ==>
	      t->pool->frames[g][i] == \at(t->pool->frames[g][i], Pre);
	*/
	/*@ assert written: !s2_fmt_valid(t->pool->frames[frame][idx]); */
	/*@ assert valid_at1: \forall integer x; 0 <= x && s2_at1(t, x) >= 0 ==>
	      s2_at1(t, x) == \at(s2_at1(t, x), Pre);
	*/
	/*@ assert valid_at2: \forall integer x; 0 <= x && s2_at2(t, x) >= 0 ==>
	      s2_at2(t, x) == \at(s2_at2(t, x), Pre);
	*/
	/*@ assert block1: \forall integer x; 0 <= x && s2_leaf1(t, x) ==> s2_leaf1{Pre}(t, x); */
	/*@ assert block2: \forall integer x; 0 <= x && s2_leaf2(t, x) ==> s2_leaf2{Pre}(t, x); */
}

/*
 * The walk of ipa from the root down to the entry where it ends, recorded
 * in path/idx (table frame and entry index at each level): reads only.
 * Returns the level of the last entry.
 */
/*@ requires s2_ok(t) && s2_wf(t) && ipa < S2_IPA_LIMIT_MAX;
    requires \valid(path + (0 .. 3)) && \valid(idx + (0 .. 3));
    requires \separated(path + (0 .. 3), idx + (0 .. 3), t, t->pool,
                        t->pool->frames + (0 .. t->pool->nframes - 1));
    assigns path[0 .. 3], idx[0 .. 3];
    ensures \result <= 3;
    ensures at0: path[0] == t->root && idx[0] == ipa / 0x8000000000 % 512;
    ensures at1: \result >= 1 ==> 0 <= path[1] < t->pool->nframes &&
              path[1] == s2_at1(t, ipa) && idx[1] == ipa / 0x40000000 % 512;
    ensures at2: \result >= 2 ==> 0 <= path[2] < t->pool->nframes &&
              path[2] == s2_at2(t, ipa) && idx[2] == ipa / 0x200000 % 512;
    ensures at3: \result >= 3 ==> 0 <= path[3] < t->pool->nframes &&
              path[3] == s2_at3(t, ipa) && idx[3] == ipa / 0x1000 % 512;
    ensures at_end: s2_at(t, \result, ipa) == path[\result] &&
              idx[\result] == ipa / s2_size(\result) % 512;
    ensures ends: \let d = t->pool->frames[path[\result]][idx[\result]];
              !(s2_fmt_valid(d) && s2_fmt_table_p(d, \result) && s2_cok(t, d) == 1);
    exits \false;
*/
static unsigned walk_path(const struct s2_table *t, uint64_t ipa, int64_t *path, uint16_t *idx)
{
	uint32_t f = t->root;
	unsigned level = S2_TOP_LEVEL;

	path[0] = f;
	/*@ loop invariant level <= 3 && f < t->pool->nframes && path[level] == f;
	    loop invariant at_ipa: s2_at(t, level, ipa) == f;
	    loop invariant p0: path[0] == t->root;
	    loop invariant r0: level >= 1 ==> idx[0] == ipa / 0x8000000000 % 512 &&
	                     0 <= path[1] < t->pool->nframes && path[1] == s2_at1(t, ipa);
	    loop invariant r1: level >= 2 ==> idx[1] == ipa / 0x40000000 % 512 &&
	                     0 <= path[2] < t->pool->nframes && path[2] == s2_at2(t, ipa);
	    loop invariant r2: level >= 3 ==> idx[2] == ipa / 0x200000 % 512 &&
	                     0 <= path[3] < t->pool->nframes && path[3] == s2_at3(t, ipa);
	    loop assigns level, f, path[1 .. 3], idx[0 .. 3];
	    loop variant 3 - level;
	*/
	for (;;) {
		unsigned i = level_index(ipa, level);
		uint64_t d = t->pool->frames[f][i];
		int64_t c;

		idx[level] = (uint16_t)i;
		if (!s2_fmt_is_valid(d))
			break;
		c = desc_child(t, d, level);
		if (c < 0)
			break;
		/*@ assert next: s2_next(t, f, level, ipa) == c; */
		/*@ assert at_next: s2_at(t, level + 1, ipa) == c; */
		f = (uint32_t)c;
		level++;
		path[level] = f;
		/*@ assert kept: path[0] == \at(path[0], LoopCurrent) &&
		      (level >= 2 ==> path[1] == \at(path[1], LoopCurrent)) &&
		      (level >= 3 ==> path[2] == \at(path[2], LoopCurrent));
		*/
		/*@ assert new1: level == 1 ==> path[1] == s2_at1(t, ipa) && idx[0] == ipa / 0x8000000000 % 512; */
		/*@ assert new2: level == 2 ==> path[2] == s2_at2(t, ipa) && idx[1] == ipa / 0x40000000 % 512; */
		/*@ assert new3: level == 3 ==> path[3] == s2_at3(t, ipa) && idx[2] == ipa / 0x200000 % 512; */
	}
	return level;
}

/*
 * The walk walk_path recorded is a walk down t's tables, from s2_wf: each
 * recorded table is the one the walk of ipa reaches, so it is owned at its
 * level and linked by the recorded entry above; path_join puts the levels
 * together as s2_path (proof only; the compiler removes the empty bodies).
 * The per-level clauses are spelled out in both contracts on purpose: named
 * once as ACSL predicates (the walk walk_path records, and s2_path level by
 * level), path_join's links and clear_descend's path_kept time out for both
 * formats (tried on 2026-12-07).
 */
/*@ requires s2_ok(t) && s2_wf(t) && level <= 3;
    requires \valid_read(path + (0 .. 3)) && \valid_read(idx + (0 .. 3));
    requires at0: path[0] == t->root && idx[0] == ipa / 0x8000000000 % 512;
    requires at1: level >= 1 ==> 0 <= path[1] < t->pool->nframes &&
               path[1] == s2_at1(t, ipa) && idx[1] == ipa / 0x40000000 % 512;
    requires at2: level >= 2 ==> 0 <= path[2] < t->pool->nframes &&
               path[2] == s2_at2(t, ipa) && idx[2] == ipa / 0x200000 % 512;
    requires at3: level >= 3 ==> 0 <= path[3] < t->pool->nframes &&
               path[3] == s2_at3(t, ipa) && idx[3] == ipa / 0x1000 % 512;
    assigns \nothing;
    ensures own0: s2_owns(t, path[0], 0) && idx[0] < S2_INDEX_LIMIT;
    ensures own1: level >= 1 ==> s2_owns(t, path[1], 1) && idx[1] < S2_INDEX_LIMIT;
    ensures own2: level >= 2 ==> s2_owns(t, path[2], 2) && idx[2] < S2_INDEX_LIMIT;
    ensures own3: level >= 3 ==> s2_owns(t, path[3], 3) && idx[3] < S2_INDEX_LIMIT;
    ensures link0: level >= 1 ==> s2_is_link(t->pool->frames[path[0]][idx[0]], 0) &&
              s2_cf(t, t->pool->frames[path[0]][idx[0]]) == path[1];
    ensures link1: level >= 2 ==> s2_is_link(t->pool->frames[path[1]][idx[1]], 1) &&
              s2_cf(t, t->pool->frames[path[1]][idx[1]]) == path[2];
    ensures link2: level >= 3 ==> s2_is_link(t->pool->frames[path[2]][idx[2]], 2) &&
              s2_cf(t, t->pool->frames[path[2]][idx[2]]) == path[3];
    exits \false;
*/
static void path_facts(const struct s2_table *t, uint64_t ipa, const int64_t *path,
		       const uint16_t *idx, unsigned level)
{
	(void)t;
	(void)ipa;
	(void)path;
	(void)idx;
	(void)level;
	at_owned_facts(t);
	/*@ assert next0: level >= 1 ==> s2_next(t, path[0], 0, ipa) == path[1]; */
	/*@ assert next1: level >= 2 ==> s2_next(t, path[1], 1, ipa) == path[2]; */
	/*@ assert next2: level >= 3 ==> s2_next(t, path[2], 2, ipa) == path[3]; */
}

/*@ requires s2_ok(t) && level <= 3;
    requires \valid_read(path + (0 .. 3)) && \valid_read(idx + (0 .. 3));
    requires own0: s2_owns(t, path[0], 0) && idx[0] < S2_INDEX_LIMIT;
    requires own1: level >= 1 ==> s2_owns(t, path[1], 1) && idx[1] < S2_INDEX_LIMIT;
    requires own2: level >= 2 ==> s2_owns(t, path[2], 2) && idx[2] < S2_INDEX_LIMIT;
    requires own3: level >= 3 ==> s2_owns(t, path[3], 3) && idx[3] < S2_INDEX_LIMIT;
    requires link0: level >= 1 ==> s2_is_link(t->pool->frames[path[0]][idx[0]], 0) &&
               s2_cf(t, t->pool->frames[path[0]][idx[0]]) == path[1];
    requires link1: level >= 2 ==> s2_is_link(t->pool->frames[path[1]][idx[1]], 1) &&
               s2_cf(t, t->pool->frames[path[1]][idx[1]]) == path[2];
    requires link2: level >= 3 ==> s2_is_link(t->pool->frames[path[2]][idx[2]], 2) &&
               s2_cf(t, t->pool->frames[path[2]][idx[2]]) == path[3];
    assigns \nothing;
    ensures s2_path(t, path, idx, level);
    exits \false;
*/
static void path_join(const struct s2_table *t, const int64_t *path, const uint16_t *idx,
		      unsigned level)
{
	(void)t;
	(void)path;
	(void)idx;
	(void)level;
	/*@ assert owns: \forall integer k; 0 <= k <= level ==>
	      s2_owns(t, path[k], k) && idx[k] < S2_INDEX_LIMIT;
	*/
	/*@ assert links: \forall integer k; 0 <= k < level ==>
	      s2_is_link(t->pool->frames[path[k]][idx[k]], k) &&
	      s2_cf(t, t->pool->frames[path[k]][idx[k]]) == path[k + 1];
	*/
}

/*
 * The end of a clear_pass step: entry i of t's table frame f at this level
 * is where the walk of ipa ended.  With clear, invalidate it if it is a leaf
 * that [ipa, ipa + size) covers entirely.  A function of its own, apart
 * from the walk, so that neither proof context holds both (clear_descend's
 * frame condition timed out under load with this inline).
 */
/*@ requires s2_ok(t) && s2_wf(t) && size > 0 && ipa + size <= S2_IPA_LIMIT_MAX;
    requires ipa % PT_FRAME_SIZE == 0 && size % PT_FRAME_SIZE == 0;
    requires level <= 3 && f < t->pool->nframes && i < S2_INDEX_LIMIT && s2_owns(t, f, level);
    requires at_ipa: s2_at(t, level, ipa) == f && i == ipa / s2_size(level) % 512;
    requires ends: \let d = t->pool->frames[f][i];
               !(s2_fmt_valid(d) && s2_fmt_table_p(d, level) && s2_cok(t, d) == 1);
    assigns t->pool->frames[f][i];
    ensures s2_ok(t) && s2_pool_kept{Old, Here}(t) && s2_wf(t);
    ensures tr_kept: !clear ==> \forall integer x; 0 <= x ==> s2_tr(t, x) == \old(s2_tr(t, x));
    ensures tr_shrink: \forall integer x; 0 <= x ==> s2_tr(t, x) == \old(s2_tr(t, x)) || s2_tr(t, x) == -1;
    ensures tr_rest: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX && !(ipa <= x < ipa + size) ==>
              s2_tr(t, x) == \old(s2_tr(t, x));
    ensures shrinks: s2_shrinks{Old, Here}(t);
    ensures cleared: clear && \old(s2_inside(t, ipa, ipa + size)) ==>
              \forall integer x; ipa <= x < ipa + size &&
              x / s2_size(level) == ipa / s2_size(level) ==> s2_tr(t, x) == -1;
    ensures others: s2_others_kept{Old, Here}(t);
    exits \false;
*/
static void clear_step(struct s2_table *t, uint64_t ipa, uint64_t size, bool clear, uint32_t f,
		       unsigned i, unsigned level)
{
	uint64_t d = t->pool->frames[f][i];

	end_entry_facts(t, level, ipa, f, i);
	/*
	 * Entry i of frame f is invalid or a leaf (s2_wf: a table descriptor
	 * the walk stopped at would point outside the pool; level 0 holds no
	 * leaf).  A leaf lies inside the range (s2_inside: the boundary splits
	 * are done), so the test below only re-checks it.
	 */
	/*@ assert f_ok: s2_frame_ok(t, f) && pt_g.level[f] == level; */
	/*@ assert kind: !s2_fmt_valid(d) || (level >= 1 && !s2_fmt_table_p(d, level)); */
	/*@ assert covered: clear && s2_inside(t, ipa, ipa + size) && s2_fmt_valid(d) ==>
	      ipa % s2_size(level) == 0 && size >= s2_size(level);
	*/
	if (clear && level > S2_TOP_LEVEL && s2_fmt_is_valid(d) && !s2_fmt_is_table(d, level) &&
	    ipa % level_size(level) == 0 && size >= level_size(level)) {
		at_region_facts(t, level, ipa);
		region_facts(ipa, ipa, level);
		clear_leaf(t, f, i, level, ipa);
		s2_arch_tlb_invalidate_ipa(t->vmid, ipa);
	}
}

/*
 * One step of clear_pass: walk from the root to the entry covering ipa,
 * recording the table frames and indices on the way in path/idx; with
 * clear, invalidate that entry if it is a leaf that [ipa, ipa + size) covers
 * entirely.  Returns the level of the entry.
 */
/*@ requires s2_ok(t) && size > 0;
    requires \valid(path + (0 .. 3)) && \valid(idx + (0 .. 3));
    requires \separated(path + (0 .. 3), idx + (0 .. 3), t, t->pool,
                        t->pool->frames + (0 .. t->pool->nframes - 1));
    requires s2_wf(t) && ipa + size <= S2_IPA_LIMIT_MAX;
    requires ipa % PT_FRAME_SIZE == 0 && size % PT_FRAME_SIZE == 0;
    assigns path[0 .. 3], idx[0 .. 3],
            *(&t->pool->frames[0][0] + (0 .. t->pool->nframes * S2_INDEX_LIMIT - 1));
    ensures \result <= 3;
    ensures s2_pool_kept{Old, Here}(t) && s2_ok(t) && s2_wf(t);
    ensures s2_path(t, path, idx, \result);
    ensures \forall integer k; 0 <= k <= \result ==>
              path[k] < t->pool->nframes && idx[k] < S2_INDEX_LIMIT;
    ensures tr_kept: !clear ==> \forall integer x; 0 <= x ==> s2_tr(t, x) == \old(s2_tr(t, x));
    ensures tr_shrink: \forall integer x; 0 <= x ==> s2_tr(t, x) == \old(s2_tr(t, x)) || s2_tr(t, x) == -1;
    ensures tr_rest: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX && !(ipa <= x < ipa + size) ==>
              s2_tr(t, x) == \old(s2_tr(t, x));
    ensures shrinks: s2_shrinks{Old, Here}(t);
    ensures cleared: clear && \old(s2_inside(t, ipa, ipa + size)) ==>
              \forall integer x; ipa <= x < ipa + size &&
              x / s2_size(\result) == ipa / s2_size(\result) ==> s2_tr(t, x) == -1;
    ensures others: s2_others_kept{Old, Here}(t);
    exits \false;
*/
static unsigned clear_descend(struct s2_table *t, uint64_t ipa, uint64_t size, bool clear,
			      int64_t *path, uint16_t *idx)
{
	unsigned level = walk_path(t, ipa, path, idx);
	uint32_t f = (uint32_t)path[level];
	unsigned i = idx[level];

	path_facts(t, ipa, path, idx, level);
	path_join(t, path, idx, level);
	/*@ assert walked: s2_path(t, path, idx, level) && path[level] == f && idx[level] == i; */
	/*@ assert above: \forall integer k; 0 <= k < level ==> path[k] != f; */
	clear_step(t, ipa, size, clear, f, i, level);
	/*@ assert path_kept: \forall integer k; 0 <= k < level ==>
	      \let p = path[k]; \let j = idx[k];
	      t->pool->frames[p][j] == \at(t->pool->frames[p][j], Pre);
	*/
	return level;
}

/*
 * Unlink the empty table that entry idx of table frame (at this level)
 * links: the reverse of link_table.
 */
/*@ requires s2_ok(t) && frame < t->pool->nframes && idx < S2_INDEX_LIMIT && level < 3;
    requires s2_wf(t) && s2_owns(t, frame, level);
    requires s2_is_link(t->pool->frames[frame][idx], level) &&
             s2_cok(t, t->pool->frames[frame][idx]) == 1;
    requires \forall integer i; 0 <= i < S2_INDEX_LIMIT ==>
               !s2_fmt_valid(t->pool->frames[s2_cf(t, t->pool->frames[frame][idx])][i]);
    assigns t->pool->frames[frame][idx];
    ensures s2_ok(t) && s2_pool_kept{Old, Here}(t) && s2_wf(t);
    ensures t->pool->frames[frame][idx] == 0;
    ensures tr_kept: \forall integer x; 0 <= x ==> s2_tr(t, x) == \old(s2_tr(t, x));
    ensures shrinks: s2_shrinks{Old, Here}(t);
    ensures others: s2_others_kept{Old, Here}(t);
    exits \false;
*/
static void unlink_table(struct s2_table *t, uint32_t frame, unsigned idx, unsigned level)
{
	/*@ assert table_empty: \forall integer x; 0 <= x ==>
	      s2_trl(t, level + 1, s2_cf(t, t->pool->frames[frame][idx]), x) == -1;
	*/
	entry_link_facts(t, level, frame, idx);
	write_entry(t, frame, idx, level, 0);
	entry_invalid_facts(t, level, frame, idx);
	/*
	 * Unlinking an empty table changes no translation: the walks through
	 * the entry ended at an invalid entry of the table, and now end at the
	 * entry itself (link_table's proof in reverse, one assertion per level,
	 * bottom up).
	 */
	/*@ assert decode_kept: \forall integer x;
	      s2_cf(t, x) == \at(s2_cf(t, x), Pre) && s2_cok(t, x) == \at(s2_cok(t, x), Pre);
	*/
	/*@ assert others_kept: \forall integer g, i; 0 <= g < t->pool->nframes &&
	      0 <= i < S2_INDEX_LIMIT && !(g == frame && i == idx) ==>
	      t->pool->frames[g][i] == \at(t->pool->frames[g][i], Pre);
	*/
	/*@ assert at_entry: \forall integer x; 0 <= x && x / s2_size(level) % 512 == idx ==>
	      s2_trl(t, level, frame, x) == -1 && \at(s2_trl(t, level, frame, x), Pre) == -1;
	*/
	/*@ assert tr3_kept: \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 3) ==>
	      s2_tr3(t, g, x) == \at(s2_tr3(t, g, x), Pre);
	*/
	/*@ assert tr2_other: \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 2) &&
	      !(g == frame && x / 0x200000 % 512 == idx) ==> s2_tr2(t, g, x) == \at(s2_tr2(t, g, x), Pre);
	*/
	/*@ assert tr2_at: level == 2 ==> \forall integer x; 0 <= x && x / 0x200000 % 512 == idx ==>
	      s2_tr2(t, frame, x) == \at(s2_tr2(t, frame, x), Pre);
	*/
	/*@ assert tr2_kept: \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 2) ==>
	      s2_tr2(t, g, x) == \at(s2_tr2(t, g, x), Pre);
	*/
	/*@ assert tr1_other: \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 1) &&
	      !(g == frame && x / 0x40000000 % 512 == idx) ==> s2_tr1(t, g, x) == \at(s2_tr1(t, g, x), Pre);
	*/
	/*@ assert tr1_at: level == 1 ==> \forall integer x; 0 <= x && x / 0x40000000 % 512 == idx ==>
	      s2_tr1(t, frame, x) == \at(s2_tr1(t, frame, x), Pre);
	*/
	/*@ assert tr1_kept: \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 1) ==>
	      s2_tr1(t, g, x) == \at(s2_tr1(t, g, x), Pre);
	*/
	/*@ assert tr0_other: \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 0) &&
	      !(g == frame && x / 0x8000000000 % 512 == idx) ==> s2_tr0(t, g, x) == \at(s2_tr0(t, g, x), Pre);
	*/
	/*@ assert tr0_at: level == 0 ==> \forall integer x; 0 <= x && x / 0x8000000000 % 512 == idx ==>
	      s2_tr0(t, frame, x) == \at(s2_tr0(t, frame, x), Pre);
	*/
	/*@ assert tr0_kept: \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 0) ==>
	      s2_tr0(t, g, x) == \at(s2_tr0(t, g, x), Pre);
	*/
	/* An invalid descriptor was written: no block appeared (as in clear_leaf). */
	/*@ assert valid_at1: \forall integer x; 0 <= x && s2_at1(t, x) >= 0 ==>
	      s2_at1(t, x) == \at(s2_at1(t, x), Pre);
	*/
	/*@ assert valid_at2: \forall integer x; 0 <= x && s2_at2(t, x) >= 0 ==>
	      s2_at2(t, x) == \at(s2_at2(t, x), Pre);
	*/
	/*@ assert block1: \forall integer x; 0 <= x && s2_leaf1(t, x) ==> s2_leaf1{Pre}(t, x); */
	/*@ assert block2: \forall integer x; 0 <= x && s2_leaf2(t, x) ==> s2_leaf2{Pre}(t, x); */
}

/*
 * Release the table path[level] (the walk of clear_pass is leaving it: the
 * next chunk starts at next, outside it, or done) if it has become empty:
 * clear its entry idx[level - 1] in path[level - 1], flush, free it.
 * Returns whether it was released.
 */
/*@ requires s2_ok(t) && 1 <= level <= 3;
    requires \valid_read(path + (0 .. 3)) && \valid_read(idx + (0 .. 3));
    requires \forall integer k; 0 <= k <= level ==>
               path[k] < t->pool->nframes && idx[k] < S2_INDEX_LIMIT;
    requires \separated(path + (0 .. 3), idx + (0 .. 3), t, t->pool,
                        t->pool->frames + (0 .. t->pool->nframes - 1));
    requires s2_wf(t) && s2_path(t, path, idx, level);
    assigns t->tables, *(&t->pool->frames[0][0] + (0 .. t->pool->nframes * S2_INDEX_LIMIT - 1)), pt_g;
    ensures s2_ok(t) && s2_pool_kept{Old, Here}(t);
    ensures s2_wf(t) && s2_path(t, path, idx, level - 1);
    ensures tr_kept: \forall integer x; 0 <= x ==> s2_tr(t, x) == \old(s2_tr(t, x));
    ensures shrinks: s2_shrinks{Old, Here}(t);
    ensures others: s2_others_kept{Old, Here}(t);
    exits \false;
*/
static bool release_level(struct s2_table *t, const int64_t *path, const uint16_t *idx,
			  unsigned level, uint64_t chunk, uint64_t next, bool done)
{
	uint32_t table = (uint32_t)path[level];
	uint32_t parent = (uint32_t)path[level - 1u];
	unsigned entry = idx[level - 1u];

	/*@ assert path_up: s2_path(t, path, idx, level - 1); */
	/*@ assert s2_owns(t, table, level) && s2_owns(t, parent, level - 1); */
	/*@ assert above: \forall integer k; 0 <= k < level ==> path[k] != table; */
	if (!done && next % level_size(level - 1u) != 0)
		return false; /* the next chunk is still inside this table */
	if (!frame_empty(t, table))
		return false;
	/*@ assert s2_frame_ok(t, parent); */
	/*@ assert pt_g.parent[table] == parent && pt_g.pidx[table] == entry; */
	/*@ assert higher: \forall integer k; 0 <= k < level - 1 ==> path[k] != parent; */
	/*@ assert linked: s2_is_link(t->pool->frames[parent][entry], level - 1) &&
	      s2_cok(t, t->pool->frames[parent][entry]) == 1 &&
	      s2_cf(t, t->pool->frames[parent][entry]) == table;
	*/
	unlink_table(t, parent, entry, level - 1u);
	/*@ assert s2_unlinked(t, table); */
	/*@ assert edges_kept: \forall integer k; 0 <= k < level - 1 ==>
	      \let p = path[k]; \let j = idx[k];
	      t->pool->frames[p][j] == \at(t->pool->frames[p][j], Pre);
	*/
	/*@ assert s2_path(t, path, idx, level - 1); */
	s2_arch_tlb_invalidate_ipa(t->vmid, chunk);
	/* No walker may still hold the table when the pool reuses it. */
	s2_arch_tlb_complete(t->vmid);
	free_table(t, table);
	return true;
}

/*
 * The upper part of release_empty: release the tables path[2] and path[1]
 * (those at or above this level), from the bottom up, while they are empty
 * and the walk is leaving them.  A function of its own so that each proof
 * context holds at most two calls.
 */
/*@ requires s2_ok(t) && level <= 2;
    requires \valid_read(path + (0 .. 3)) && \valid_read(idx + (0 .. 3));
    requires \forall integer k; 0 <= k <= level ==>
               path[k] < t->pool->nframes && idx[k] < S2_INDEX_LIMIT;
    requires \separated(path + (0 .. 3), idx + (0 .. 3), t, t->pool,
                        t->pool->frames + (0 .. t->pool->nframes - 1));
    requires s2_wf(t) && s2_path(t, path, idx, level);
    assigns t->tables, *(&t->pool->frames[0][0] + (0 .. t->pool->nframes * S2_INDEX_LIMIT - 1)), pt_g;
    ensures s2_ok(t) && s2_pool_kept{Old, Here}(t) && s2_wf(t);
    ensures tr_kept: \forall integer x; 0 <= x ==> s2_tr(t, x) == \old(s2_tr(t, x));
    ensures shrinks: s2_shrinks{Old, Here}(t);
    ensures others: s2_others_kept{Old, Here}(t);
    exits \false;
*/
static void release_upper(struct s2_table *t, const int64_t *path, const uint16_t *idx,
			  unsigned level, uint64_t chunk, uint64_t next, bool done)
{
	if (level >= 2u && !release_level(t, path, idx, 2u, chunk, next, done))
		return;
	if (level >= 1u)
		release_level(t, path, idx, 1u, chunk, next, done);
}

/*
 * After clear_pass finished the chunk [chunk, next) whose entry lies at this
 * level: release the tables on path, from the bottom up, that the walk is
 * leaving and that are empty (at most three: no loop, for the proof).
 */
/*@ requires s2_ok(t) && level <= 3;
    requires \valid_read(path + (0 .. 3)) && \valid_read(idx + (0 .. 3));
    requires \forall integer k; 0 <= k <= level ==>
               path[k] < t->pool->nframes && idx[k] < S2_INDEX_LIMIT;
    requires \separated(path + (0 .. 3), idx + (0 .. 3), t, t->pool,
                        t->pool->frames + (0 .. t->pool->nframes - 1));
    requires s2_wf(t) && s2_path(t, path, idx, level);
    assigns t->tables, *(&t->pool->frames[0][0] + (0 .. t->pool->nframes * S2_INDEX_LIMIT - 1)), pt_g;
    ensures s2_ok(t) && s2_pool_kept{Old, Here}(t) && s2_wf(t);
    ensures tr_kept: \forall integer x; 0 <= x ==> s2_tr(t, x) == \old(s2_tr(t, x));
    ensures shrinks: s2_shrinks{Old, Here}(t);
    ensures others: s2_others_kept{Old, Here}(t);
    exits \false;
*/
static void release_empty(struct s2_table *t, const int64_t *path, const uint16_t *idx,
			  unsigned level, uint64_t chunk, uint64_t next, bool done)
{
	if (level >= 3u && !release_level(t, path, idx, 3u, chunk, next, done))
		return;
	release_upper(t, path, idx, level >= 3u ? 2u : level, chunk, next, done);
}

/*
 * Once [a, a2) is unmapped, no block a walk of [a2, e) ends at starts
 * before a2: it would map a2 - 1 (proof only, for clear_pass; the compiler
 * removes the empty body).
 */
/*@ requires s2_ok(t) && a < a2 <= e <= S2_IPA_LIMIT_MAX;
    assigns \nothing;
    ensures s2_inside(t, a, e) && (\forall integer x; a <= x < a2 ==> s2_tr(t, x) == -1) ==>
              s2_inside(t, a2, e);
    exits \false;
*/
static void inside_shrink_facts(const struct s2_table *t, uint64_t a, uint64_t a2, uint64_t e)
{
	(void)a;
	(void)e;
	prefix_facts(1);
	prefix_facts(2);
	at_region_facts(t, 1, a2 - 1u);
	at_region_facts(t, 2, a2 - 1u);
	at_end_facts(t, 1);
	at_end_facts(t, 2);
	/*@ assert mapped1: s2_leaf1(t, a2 - 1) ==> s2_tr(t, a2 - 1) != -1; */
	/*@ assert mapped2: s2_leaf2(t, a2 - 1) ==> s2_tr(t, a2 - 1) != -1; */
	/*@ assert r1: \forall integer x; a2 <= x && x / 0x40000000 * 0x40000000 < a2 ==>
	      (a2 - 1) / 0x40000000 == x / 0x40000000;
	*/
	/*@ assert r2: \forall integer x; a2 <= x && x / 0x200000 * 0x200000 < a2 ==>
	      (a2 - 1) / 0x200000 == x / 0x200000;
	*/
	/*@ assert w1: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX && (a2 - 1) / 0x40000000 == x / 0x40000000 ==>
	      s2_at1(t, x) == s2_at1(t, a2 - 1) && x / 0x40000000 % 512 == (a2 - 1) / 0x40000000 % 512;
	*/
	/*@ assert w2: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX && (a2 - 1) / 0x200000 == x / 0x200000 ==>
	      s2_at2(t, x) == s2_at2(t, a2 - 1) && x / 0x200000 % 512 == (a2 - 1) / 0x200000 % 512;
	*/
	/*@ assert same1: \forall integer x; a2 <= x < S2_IPA_LIMIT_MAX && s2_leaf1(t, x) &&
	      x / 0x40000000 * 0x40000000 < a2 ==> s2_leaf1(t, a2 - 1);
	*/
	/*@ assert same2: \forall integer x; a2 <= x < S2_IPA_LIMIT_MAX && s2_leaf2(t, x) &&
	      x / 0x200000 * 0x200000 < a2 ==> s2_leaf2(t, a2 - 1);
	*/
}

/*
 * Walk [ipa, ipa + size): with clear, invalidate every leaf the range covers
 * entirely (after the boundary splits, that is every leaf in it); release
 * every table on the way that is empty when the walk leaves it.  With clear
 * false this only prunes empty tables (undoing a failed map).
 */
/*@ requires s2_ok(t) && ipa + size <= S2_IPA_LIMIT_MAX && s2_wf(t);
    requires ipa % PT_FRAME_SIZE == 0 && size % PT_FRAME_SIZE == 0;
    assigns t->tables, *(&t->pool->frames[0][0] + (0 .. t->pool->nframes * S2_INDEX_LIMIT - 1)), pt_g;
    ensures s2_ok(t) && s2_pool_kept{Old, Here}(t) && s2_wf(t);
    ensures cleared: clear && \old(s2_inside(t, ipa, ipa + size)) ==>
              \forall integer x; \old(ipa) <= x < \old(ipa) + \old(size) ==> s2_tr(t, x) == -1;
    ensures tr_kept: !clear ==> \forall integer x; 0 <= x ==> s2_tr(t, x) == \old(s2_tr(t, x));
    ensures tr_shrink: \forall integer x; 0 <= x ==> s2_tr(t, x) == \old(s2_tr(t, x)) || s2_tr(t, x) == -1;
    ensures tr_rest: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX && !(\old(ipa) <= x < \old(ipa) + \old(size)) ==>
              s2_tr(t, x) == \old(s2_tr(t, x));
    ensures others: s2_others_kept{Old, Here}(t);
    exits \false;
*/
static void clear_pass(struct s2_table *t, uint64_t ipa, uint64_t size, bool clear)
{
	/* Frame numbers and indices of the walk, in types of their own (not
	 * uint32_t / uint64_t) only so that the proofs' memory model keeps
	 * writes to them apart from the table fields and descriptors. */
	int64_t path[S2_LEVELS];
	uint16_t idx[S2_LEVELS];

	/*@ loop invariant s2_ok(t) && s2_pool_kept{Pre, Here}(t) && s2_wf(t);
	    loop invariant others: s2_others_kept{Pre, Here}(t);
	    loop invariant ipa + size <= S2_IPA_LIMIT_MAX;
	    loop invariant tr_kept: !clear ==>
	                     \forall integer x; 0 <= x ==> s2_tr(t, x) == \at(s2_tr(t, x), Pre);
	    loop invariant tr_shrink: \forall integer x; 0 <= x ==>
	                     s2_tr(t, x) == \at(s2_tr(t, x), Pre) || s2_tr(t, x) == -1;
	    loop invariant pos: \at(ipa, Pre) <= ipa && ipa + size == \at(ipa, Pre) + \at(size, Pre);
	    loop invariant aligned: ipa % PT_FRAME_SIZE == 0 && size % PT_FRAME_SIZE == 0;
	    loop invariant inside: clear && \at(s2_inside(t, ipa, ipa + size), Pre) ==>
	                     s2_inside(t, ipa, ipa + size);
	    loop invariant done: clear && \at(s2_inside(t, ipa, ipa + size), Pre) ==>
	                     \forall integer x; \at(ipa, Pre) <= x < ipa ==> s2_tr(t, x) == -1;
	    loop invariant tr_rest: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX &&
	                     !(\at(ipa, Pre) <= x < \at(ipa, Pre) + \at(size, Pre)) ==>
	                     s2_tr(t, x) == \at(s2_tr(t, x), Pre);
	    loop assigns ipa, size, path[0 .. 3], idx[0 .. 3], t->tables,
	                 *(&t->pool->frames[0][0] + (0 .. t->pool->nframes * S2_INDEX_LIMIT - 1)), pt_g;
	    loop variant size;
	*/
	while (size > 0) {
		unsigned level = clear_descend(t, ipa, size, clear, path, idx);
		uint64_t step = to_region_end(ipa, level);

		if (step > size)
			step = size;
		/*@ assert step_cleared: clear && s2_inside{LoopCurrent}(t, ipa, ipa + size) ==>
		      \forall integer x; ipa <= x < ipa + step ==> s2_tr(t, x) == -1;
		*/
		release_empty(t, path, idx, level, ipa, ipa + step, step == size);
		/*@ assert kept_inside: clear && s2_inside{LoopCurrent}(t, ipa, ipa + size) ==>
		      s2_inside(t, ipa, ipa + size);
		*/
		inside_shrink_facts(t, ipa, ipa + step, ipa + size);
		ipa += step;
		size -= step;
	}
}

/* Page-aligned plus page-aligned is page aligned (proof only, for the same
 * reason as block_base). */
/*@ requires a % PT_FRAME_SIZE == 0 && b % PT_FRAME_SIZE == 0;
    assigns \nothing;
    ensures (a + b) % PT_FRAME_SIZE == 0;
    exits \false;
*/
static void page_sum_facts(uint64_t a, uint64_t b)
{
	(void)a;
	(void)b;
}

/* Leaf i of a split level-l block starts inside the block (proof only, for
 * the same reason as block_base: i * size is not linear). */
/*@ requires i < S2_INDEX_LIMIT && 1 <= level <= 2;
    assigns \nothing;
    ensures i * s2_size(level + 1) <= s2_size(level) - s2_size(level + 1);
    exits \false;
*/
static void leaf_offset_facts(unsigned i, unsigned level)
{
	(void)i;
	(void)level;
}

/*@ // Entries [0, n) of frame c are the leaves of level l that map a block
    // at base with attrs, in order.
    predicate s2_split_upto{L}(struct s2_table *t, integer c, integer level, integer base,
                               integer attrs, integer n) =
      \forall integer i; 0 <= i < n ==>
        s2_fmt_valid(t->pool->frames[c][i]) && !s2_is_link(t->pool->frames[c][i], level) &&
        (level == 2 ==> s2_fmt_addr_l(t->pool->frames[c][i]) == base + i * 0x200000) &&
        (level == 3 ==> s2_fmt_addr_l(t->pool->frames[c][i]) == base + i * 0x1000) &&
        s2_fmt_attrs_l(t->pool->frames[c][i]) == attrs;
    predicate s2_split_leaves{L}(struct s2_table *t, integer c, integer level, integer base,
                                 integer attrs) =
      s2_split_upto(t, c, level, base, attrs, S2_INDEX_LIMIT);
*/

/* The leaf descriptor of this level for pa with attrs, and how it reads
 * back (a function of its own so that the format's bit-level facts stay out
 * of the callers' proof contexts). */
/*@ requires pa % PT_FRAME_SIZE == 0 && pa < S2_FMT_OA_LIMIT && 1 <= level <= 3;
    requires s2_fmt_attrs_okp(attrs);
    assigns \nothing;
    ensures s2_fmt_valid(\result) && !s2_is_link(\result, level) &&
            s2_fmt_addr_l(\result) == pa && s2_fmt_attrs_l(\result) == attrs;
    exits \false;
*/
static uint64_t leaf_desc(uint64_t pa, unsigned level, uint32_t attrs)
{
	leaf_facts(pa, level, attrs);
	s2_fmt_leaf_attr_facts(pa, level, attrs);
	return s2_fmt_leaf(pa, level, attrs);
}

/* Write entry i of frame c, a table t does not hold yet, as a leaf of this
 * level for pa with attrs. */
/*@ requires s2_ok(t) && c < t->pool->nframes && i < S2_INDEX_LIMIT && 2 <= level <= 3;
    requires pa % PT_FRAME_SIZE == 0 && pa < S2_FMT_OA_LIMIT && s2_fmt_attrs_okp(attrs);
    requires s2_wf(t) && pt_g.owner[c] == 0;
    assigns t->pool->frames[c][i];
    ensures s2_ok(t) && s2_pool_kept{Old, Here}(t) && s2_wf(t);
    ensures s2_fmt_valid(t->pool->frames[c][i]) && !s2_is_link(t->pool->frames[c][i], level) &&
            s2_fmt_addr_l(t->pool->frames[c][i]) == pa &&
            s2_fmt_attrs_l(t->pool->frames[c][i]) == attrs;
    ensures tr_kept: \forall integer x; 0 <= x ==> s2_tr(t, x) == \old(s2_tr(t, x));
    ensures others: s2_others_kept{Old, Here}(t);
    exits \false;
*/
static void put_leaf(struct s2_table *t, uint32_t c, unsigned i, unsigned level, uint64_t pa,
		     uint32_t attrs)
{
	t->pool->frames[c][i] = leaf_desc(pa, level, attrs);
	/*@ assert decode_kept: \forall integer x;
	      s2_cf(t, x) == \at(s2_cf(t, x), Pre) && s2_cok(t, x) == \at(s2_cok(t, x), Pre);
	*/
	/*@ assert others_kept: \forall integer g, j; 0 <= g < t->pool->nframes && g != c &&
	      0 <= j < S2_INDEX_LIMIT ==> t->pool->frames[g][j] == \at(t->pool->frames[g][j], Pre);
	*/
	/*@ assert others: \forall integer g; 0 <= g < t->pool->nframes &&
	      pt_g.owner[g] == t->root + 1 ==> s2_frame_ok(t, g);
	*/
	/* Frame c is no table of t, so no walk of t reads it. */
	/*@ assert tr3_kept: \forall integer g, x; 0 <= x && s2_owns(t, g, 3) ==>
	      s2_tr3(t, g, x) == \at(s2_tr3(t, g, x), Pre);
	*/
	/*@ assert child2: \forall integer g, x; 0 <= x && s2_owns(t, g, 2) &&
	      s2_is_link(s2_ent(t, g, 2, x), 2) ==>
	      s2_owns(t, s2_cf(t, s2_ent(t, g, 2, x)), 3);
	*/
	/*@ assert tr2_kept: \forall integer g, x; 0 <= x && s2_owns(t, g, 2) ==>
	      s2_tr2(t, g, x) == \at(s2_tr2(t, g, x), Pre);
	*/
	/*@ assert child1: \forall integer g, x; 0 <= x && s2_owns(t, g, 1) &&
	      s2_is_link(s2_ent(t, g, 1, x), 1) ==>
	      s2_owns(t, s2_cf(t, s2_ent(t, g, 1, x)), 2);
	*/
	/*@ assert tr1_kept: \forall integer g, x; 0 <= x && s2_owns(t, g, 1) ==>
	      s2_tr1(t, g, x) == \at(s2_tr1(t, g, x), Pre);
	*/
	/*@ assert child0: \forall integer g, x; 0 <= x && s2_owns(t, g, 0) &&
	      s2_is_link(s2_ent(t, g, 0, x), 0) ==>
	      s2_owns(t, s2_cf(t, s2_ent(t, g, 0, x)), 1);
	*/
	/*@ assert tr0_kept: \forall integer g, x; 0 <= x && s2_owns(t, g, 0) ==>
	      s2_tr0(t, g, x) == \at(s2_tr0(t, g, x), Pre);
	*/
}

/*
 * Fill frame c, a table t does not hold yet, with the 512 leaves of this
 * level that map [base, base + 512 * s2_size(level)) with attrs.
 */
/*@ requires s2_ok(t) && c < t->pool->nframes && 2 <= level <= 3;
    requires base % PT_FRAME_SIZE == 0 && base <= S2_FMT_OA_LIMIT - s2_size(level - 1);
    requires s2_fmt_attrs_okp(attrs);
    requires s2_wf(t) && pt_g.owner[c] == 0;
    assigns t->pool->frames[c][0 .. S2_INDEX_LIMIT - 1];
    ensures s2_ok(t) && s2_pool_kept{Old, Here}(t) && s2_wf(t);
    ensures \forall integer i; 0 <= i < S2_INDEX_LIMIT ==>
              !s2_is_link(t->pool->frames[c][i], level);
    ensures leaves: s2_split_leaves(t, c, level, base, attrs);
    ensures tr_kept: \forall integer x; 0 <= x ==> s2_tr(t, x) == \old(s2_tr(t, x));
    ensures others: s2_others_kept{Old, Here}(t);
    exits \false;
*/
static void fill_leaves(struct s2_table *t, uint32_t c, unsigned level, uint64_t base,
			uint32_t attrs)
{
	uint64_t sub = level_size(level);
	uint64_t pa = base;

	/*@ assert sub % PT_FRAME_SIZE == 0; */
	/*@ loop invariant 0 <= i <= S2_INDEX_LIMIT;
	    loop invariant pa % PT_FRAME_SIZE == 0 && base <= pa <= base + s2_size(level - 1);
	    loop invariant pa2: level == 2 ==> pa == base + i * 0x200000;
	    loop invariant pa3: level == 3 ==> pa == base + i * 0x1000;
	    loop invariant s2_ok(t);
	    loop invariant \forall integer k; 0 <= k < i ==>
	                     !s2_is_link(t->pool->frames[c][k], level);
	    loop invariant valid: \forall integer k; 0 <= k < i ==> s2_fmt_valid(t->pool->frames[c][k]);
	    loop invariant addr2: level == 2 ==> \forall integer k; 0 <= k < i ==>
	                     s2_fmt_addr_l(t->pool->frames[c][k]) == base + k * 0x200000;
	    loop invariant addr3: level == 3 ==> \forall integer k; 0 <= k < i ==>
	                     s2_fmt_addr_l(t->pool->frames[c][k]) == base + k * 0x1000;
	    loop invariant attr: \forall integer k; 0 <= k < i ==>
	                     s2_fmt_attrs_l(t->pool->frames[c][k]) == attrs;
	    loop invariant s2_wf(t) && s2_pool_kept{Pre, Here}(t);
	    loop invariant others: s2_others_kept{Pre, Here}(t);
	    loop invariant tr_kept: \forall integer x; 0 <= x ==> s2_tr(t, x) == \at(s2_tr(t, x), Pre);
	    loop assigns i, pa, t->pool->frames[c][0 .. S2_INDEX_LIMIT - 1];
	    loop variant S2_INDEX_LIMIT - i;
	*/
	for (unsigned i = 0; i < S2_INDEX_LIMIT; i++) {
		leaf_offset_facts(i, level - 1u);
		put_leaf(t, c, i, level, pa, attrs);
		/*@ assert earlier: \forall integer k; 0 <= k < i ==>
		      t->pool->frames[c][k] == \at(t->pool->frames[c][k], LoopCurrent);
		*/
		page_sum_facts(pa, sub);
		pa += sub;
	}
}

/* What a leaf descriptor whose output address is aligned to its level
 * translates an IPA to (proof only). */
/*@ requires 1 <= level <= 3;
    assigns \nothing;
    ensures \forall integer d, x; s2_fmt_addr_l(d) % s2_size(level) == 0 ==>
              s2_leaf(d, level, x) == (s2_fmt_addr_l(d) + x % s2_size(level)) * 16 + s2_fmt_attrs_l(d);
    exits \false;
*/
static void leaf_value_facts(unsigned level)
{
	(void)level;
}

/* An IPA's offset in a level-(l - 1) region, from its entry index and
 * offset at level l (proof only). */
/*@ assigns \nothing;
    ensures offset2: \forall integer x; 0 <= x ==>
              x % 0x40000000 == x / 0x200000 % 512 * 0x200000 + x % 0x200000;
    ensures offset3: \forall integer x; 0 <= x ==>
              x % 0x200000 == x / 0x1000 % 512 * 0x1000 + x % 0x1000;
    exits \false;
*/
static void split_offset_facts(void)
{
	/*@ assert split2: \forall integer x; 0 <= x ==>
	      x / 0x200000 == x / 0x40000000 * 512 + x / 0x200000 % 512;
	*/
	/*@ assert split3: \forall integer x; 0 <= x ==>
	      x / 0x1000 == x / 0x200000 * 512 + x / 0x1000 % 512;
	*/
}

/* The leaves of a split block start at multiples of their size (proof only). */
/*@ requires 2 <= level <= 3 && base % s2_size(level - 1) == 0;
    assigns \nothing;
    ensures level == 2 ==> \forall integer x; 0 <= x ==>
              (base + x / 0x200000 % 512 * 0x200000) % 0x200000 == 0;
    ensures level == 3 ==> \forall integer x; 0 <= x ==>
              (base + x / 0x1000 % 512 * 0x1000) % 0x1000 == 0;
    exits \false;
*/
static void split_base_facts(uint64_t base, unsigned level)
{
	(void)base;
	(void)level;
	/*@ assert base2: level == 2 ==> base == base / 0x40000000 * 512 * 0x200000; */
	/*@ assert base3: level == 3 ==> base == base / 0x200000 * 512 * 0x1000; */
}


/* The entry of such a table that an IPA reads, at level 2 or 3 (proof only). */
/*@ requires 2 <= level <= 3;
    requires base % s2_size(level - 1) == 0;
    requires s2_split_leaves(t, c, level, base, attrs);
    assigns \nothing;
    ensures \forall integer x; 0 <= x ==> \let d = s2_ent(t, c, level, x);
              d % 2 == 1 && s2_fmt_is_tbl(d, level) == 0 && s2_fmt_attrs_l(d) == attrs;
    ensures ent2: level == 2 ==> \forall integer x; 0 <= x ==>
              s2_fmt_addr_l(s2_ent(t, c, 2, x)) == base + x / 0x200000 % 512 * 0x200000 &&
              (base + x / 0x200000 % 512 * 0x200000) % 0x200000 == 0;
    ensures ent3: level == 3 ==> \forall integer x; 0 <= x ==>
              s2_fmt_addr_l(s2_ent(t, c, 3, x)) == base + x / 0x1000 % 512 * 0x1000 &&
              (base + x / 0x1000 % 512 * 0x1000) % 0x1000 == 0;
    exits \false;
*/
static void split_entry_facts(const struct s2_table *t, uint32_t c, unsigned level, uint64_t base,
			      uint32_t attrs)
{
	(void)t;
	(void)c;
	(void)level;
	(void)base;
	(void)attrs;
	split_base_facts(base, level);
	/*@ assert req2: level == 2 ==> \forall integer i; 0 <= i < 512 ==>
	      s2_fmt_addr_l(t->pool->frames[c][i]) == base + i * 0x200000;
	*/
	/*@ assert req3: level == 3 ==> \forall integer i; 0 <= i < 512 ==>
	      s2_fmt_addr_l(t->pool->frames[c][i]) == base + i * 0x1000;
	*/
}

/*
 * The table that splits a level-(l - 1) block, filled by fill_leaves,
 * translates every IPA as the block did (proof only: s2_trl unfolded for all
 * IPAs in a small context; the compiler removes the empty body).
 */
/*@ requires s2_ok(t) && c < t->pool->nframes && 2 <= level <= 3;
    requires base % s2_size(level - 1) == 0;
    requires s2_split_leaves(t, c, level, base, attrs);
    assigns \nothing;
    ensures \forall integer x; 0 <= x ==>
              s2_trl(t, level, c, x) == (base + x % s2_size(level - 1)) * 16 + attrs;
    exits \false;
*/
static void split_read_facts(const struct s2_table *t, uint32_t c, unsigned level, uint64_t base,
			     uint32_t attrs)
{
	split_offset_facts();
	split_entry_facts(t, c, level, base, attrs);
	leaf_value_facts(level);
	/*@ assert step2: level == 2 ==> \forall integer x; 0 <= x ==>
	      s2_tr2(t, c, x) == s2_leaf(s2_ent(t, c, 2, x), 2, x);
	*/
	/*@ assert step3: level == 3 ==> \forall integer x; 0 <= x ==>
	      s2_tr3(t, c, x) == s2_leaf(s2_ent(t, c, 3, x), 3, x);
	*/
	/*@ assert read2: level == 2 ==> \forall integer x; 0 <= x ==>
	      s2_tr2(t, c, x) == (base + x / 0x200000 % 512 * 0x200000 + x % 0x200000) * 16 + attrs;
	*/
	/*@ assert read3: level == 3 ==> \forall integer x; 0 <= x ==>
	      s2_tr3(t, c, x) == (base + x / 0x1000 % 512 * 0x1000 + x % 0x1000) * 16 + attrs;
	*/
}

/*
 * Break-before-make replacement of the block at entry idx of table frame
 * (level 1 or 2) by table c, which already holds the block's 512 leaves one
 * level down: invalidate the entry, flush the VM's TLB entries for the
 * block, then link c.
 */
/*@ requires s2_ok(t) && frame < t->pool->nframes && idx < S2_INDEX_LIMIT && 1 <= level <= 2;
    requires s2_wf(t) && s2_owns(t, frame, level);
    requires c < t->pool->nframes && pt_g.owner[c] == 0;
    requires s2_fmt_valid(t->pool->frames[frame][idx]) &&
             !s2_is_link(t->pool->frames[frame][idx], level);
    requires base == s2_fmt_addr_l(t->pool->frames[frame][idx]) / s2_size(level) * s2_size(level);
    requires base % s2_size(level) == 0;
    requires attrs == s2_fmt_attrs_l(t->pool->frames[frame][idx]);
    requires s2_split_leaves(t, c, level + 1, base, attrs);
    assigns t->pool->frames[frame][idx], pt_g.owner[c], pt_g.level[c], pt_g.parent[c], pt_g.pidx[c];
    ensures s2_ok(t) && s2_pool_kept{Old, Here}(t) && s2_wf(t) && s2_owns(t, c, level + 1);
    ensures tr_kept: \forall integer x; 0 <= x ==> s2_tr(t, x) == \old(s2_tr(t, x));
    ensures at_kept: \forall integer k, x; 0 <= k <= level && 0 <= x ==>
              s2_at(t, k, x) == \old(s2_at(t, k, x));
    ensures linked: s2_is_link(t->pool->frames[frame][idx], level) &&
              s2_cok(t, t->pool->frames[frame][idx]) == 1 && s2_cf(t, t->pool->frames[frame][idx]) == c;
    ensures refines: s2_refines{Old, Here}(t);
    ensures others: s2_others_kept{Old, Here}(t);
    exits \false;
*/
static void replace_block(struct s2_table *t, uint32_t frame, unsigned idx, unsigned level,
			  uint32_t c, uint64_t base, uint32_t attrs, uint64_t block_ipa)
{
	at_owned_facts(t);
	entry_leaf_facts(t, level, frame, idx);
	/*@ assert block: \forall integer x; 0 <= x && x / s2_size(level) % 512 == idx ==>
	      s2_trl(t, level, frame, x) == (base + x % s2_size(level)) * 16 + attrs;
	*/
	write_entry(t, frame, idx, level, 0);
	s2_arch_publish();
	s2_arch_tlb_invalidate_ipa(t->vmid, block_ipa);
	s2_arch_tlb_complete(t->vmid);
	adopt_table(t, c, level + 1u, frame, idx);
	link_table(t, frame, idx, level, c);
	s2_arch_publish();
	split_read_facts(t, c, level + 1u, base, attrs);
	entry_link_facts(t, level, frame, idx);
	/*
	 * The walks through the entry now go through the new table, whose
	 * leaves translate as the block did; no other walk changed.  One
	 * assertion per level, bottom up, as in link_table.
	 */
	/*@ assert decode_kept: \forall integer x;
	      s2_cf(t, x) == \at(s2_cf(t, x), Pre) && s2_cok(t, x) == \at(s2_cok(t, x), Pre);
	*/
	/*@ assert others_kept: \forall integer g, i; 0 <= g < t->pool->nframes &&
	      0 <= i < S2_INDEX_LIMIT && !(g == frame && i == idx) ==>
	      t->pool->frames[g][i] == \at(t->pool->frames[g][i], Pre);
	*/
	/*@ assert c_new: !s2_owns{Pre}(t, c, 0) && !s2_owns{Pre}(t, c, 1) &&
	      !s2_owns{Pre}(t, c, 2) && !s2_owns{Pre}(t, c, 3);
	*/
	/*@ assert at_entry: \forall integer x; 0 <= x && x / s2_size(level) % 512 == idx ==>
	      s2_trl(t, level, frame, x) == \at(s2_trl(t, level, frame, x), Pre);
	*/
	/*@ assert tr3_kept: \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 3) ==>
	      s2_tr3(t, g, x) == \at(s2_tr3(t, g, x), Pre);
	*/
	/*@ assert child2: \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 2) &&
	      s2_is_link(\at(s2_ent(t, g, 2, x), Pre), 2) ==>
	      s2_owns{Pre}(t, \at(s2_cf(t, s2_ent(t, g, 2, x)), Pre), 3);
	*/
	/*@ assert tr2_other: \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 2) &&
	      !(g == frame && x / 0x200000 % 512 == idx) ==> s2_tr2(t, g, x) == \at(s2_tr2(t, g, x), Pre);
	*/
	/*@ assert tr2_at: level == 2 ==> \forall integer x; 0 <= x && x / 0x200000 % 512 == idx ==>
	      s2_tr2(t, frame, x) == \at(s2_tr2(t, frame, x), Pre);
	*/
	/*@ assert tr2_kept: \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 2) ==>
	      s2_tr2(t, g, x) == \at(s2_tr2(t, g, x), Pre);
	*/
	/*@ assert child1: \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 1) &&
	      s2_is_link(\at(s2_ent(t, g, 1, x), Pre), 1) ==>
	      s2_owns{Pre}(t, \at(s2_cf(t, s2_ent(t, g, 1, x)), Pre), 2);
	*/
	/*@ assert tr1_other: \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 1) &&
	      !(g == frame && x / 0x40000000 % 512 == idx) ==> s2_tr1(t, g, x) == \at(s2_tr1(t, g, x), Pre);
	*/
	/*@ assert tr1_at: level == 1 ==> \forall integer x; 0 <= x && x / 0x40000000 % 512 == idx ==>
	      s2_tr1(t, frame, x) == \at(s2_tr1(t, frame, x), Pre);
	*/
	/*@ assert tr1_kept: \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 1) ==>
	      s2_tr1(t, g, x) == \at(s2_tr1(t, g, x), Pre);
	*/
	/*
	 * The root's entries are not the one written (it is at level 1 or 2):
	 * stated on its own, it keeps the last step small (the whole chain in
	 * one goal once ran z3 out of memory and cvc4 past 60 s in CI).
	 */
	/*@ assert root_ent: \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 0) ==>
	      g != frame && s2_ent(t, g, 0, x) == \at(s2_ent(t, g, 0, x), Pre);
	*/
	/*@ assert root_child: \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 0) &&
	      s2_is_link(\at(s2_ent(t, g, 0, x), Pre), 0) ==>
	      s2_owns{Pre}(t, \at(s2_cf(t, s2_ent(t, g, 0, x)), Pre), 1);
	*/
	/*@ assert tr0_kept: \forall integer g, x; 0 <= x && s2_owns{Pre}(t, g, 0) ==>
	      s2_tr0(t, g, x) == \at(s2_tr0(t, g, x), Pre);
	*/
	/*
	 * The walks above this level are as before; a walk that now ends at a
	 * block of level 2 went through the entry written (it ended at the
	 * level-1 block split) or ended at that same block before.
	 */
	/*@ assert root_other: t->root != frame; */
	/*@ assert at1_same: \forall integer x; 0 <= x ==> s2_at1(t, x) == \at(s2_at1(t, x), Pre); */
	/*@ assert at1_owned: \forall integer x; 0 <= x && s2_at1(t, x) >= 0 ==> s2_owns{Pre}(t, s2_at1(t, x), 1); */
	/*@ assert at2_same: level == 2 ==>
	      \forall integer x; 0 <= x ==> s2_at2(t, x) == \at(s2_at2(t, x), Pre);
	*/
	/*@ assert block1: \forall integer x; 0 <= x && s2_leaf1(t, x) ==> s2_leaf1{Pre}(t, x); */
	/*@ assert block2_l2: level == 2 ==>
	      \forall integer x; 0 <= x && s2_leaf2(t, x) ==> s2_leaf2{Pre}(t, x);
	*/
	/*@ assert split_l1: level == 1 ==> \forall integer x; 0 <= x && s2_at1(t, x) == frame &&
	      x / 0x40000000 % 512 == idx ==> s2_leaf1{Pre}(t, x);
	*/
	/*@ assert other_l1: level == 1 ==> \forall integer x; 0 <= x &&
	      !(s2_at1(t, x) == frame && x / 0x40000000 % 512 == idx) ==>
	      s2_at2(t, x) == \at(s2_at2(t, x), Pre);
	*/
	/*@ assert block2_l1: level == 1 ==>
	      \forall integer x; 0 <= x && s2_leaf2(t, x) ==> s2_leaf2{Pre}(t, x) || s2_leaf1{Pre}(t, x);
	*/
}

/*
 * Replace the block descriptor d at entry idx of table frame (level 1 or 2)
 * by a table of 512 next-level leaves with the same output and attributes,
 * break-before-make: invalidate, flush, then link the new table.
 */
/*@ requires s2_ok(t) && frame < t->pool->nframes && idx < S2_INDEX_LIMIT;
    requires 1 <= level <= 2;
    requires s2_wf(t) && s2_owns(t, frame, level);
    requires d == t->pool->frames[frame][idx] && s2_fmt_valid(d) && !s2_is_link(d, level);
    assigns t->tables, *(&t->pool->frames[0][0] + (0 .. t->pool->nframes * S2_INDEX_LIMIT - 1)), pt_g;
    ensures s2_ok(t) && s2_pool_kept{Old, Here}(t) && s2_wf(t) && t->root == \old(t->root);
    ensures \result == S2_ENOMEM || \result == S2_ECORRUPT || 0 <= \result < t->pool->nframes;
    ensures \result >= 0 ==> s2_owns(t, \result, level + 1);
    ensures tr_kept: \forall integer x; 0 <= x ==> s2_tr(t, x) == \old(s2_tr(t, x));
    ensures at_kept: \forall integer k, x; 0 <= k <= level && 0 <= x ==>
              s2_at(t, k, x) == \old(s2_at(t, k, x));
    ensures linked: \result >= 0 ==> s2_is_link(t->pool->frames[frame][idx], level) &&
              s2_cok(t, t->pool->frames[frame][idx]) == 1 &&
              s2_cf(t, t->pool->frames[frame][idx]) == \result;
    ensures refines: s2_refines{Old, Here}(t);
    ensures others: s2_others_kept{Old, Here}(t);
    exits \false;
*/
static int64_t split_block(struct s2_table *t, uint32_t frame, unsigned idx, unsigned level,
			   uint64_t block_ipa, uint64_t d)
{
	uint64_t base = block_base(s2_fmt_addr(d), level);
	uint32_t attrs = s2_fmt_attrs(d);
	int64_t c;

	if (!s2_fmt_attrs_ok(attrs))
		return S2_ECORRUPT; /* not a block the engine wrote: keep it whole */
	c = alloc_table(t);
	/*@ assert alloc_at: \forall integer k, x; 0 <= k <= 3 && 0 <= x ==>
	      s2_at(t, k, x) == \at(s2_at(t, k, x), Pre);
	*/
	/*@ assert alloc_at1: \forall integer x; 0 <= x ==> s2_at1(t, x) == \at(s2_at1(t, x), Pre); */
	/*@ assert alloc_at2: \forall integer x; 0 <= x ==> s2_at2(t, x) == \at(s2_at2(t, x), Pre); */
	at_owned_facts(t);
	/*@ assert alloc_block1: \forall integer x; 0 <= x ==> (s2_leaf1(t, x) <==> s2_leaf1{Pre}(t, x)); */
	/*@ assert alloc_block2: \forall integer x; 0 <= x ==> (s2_leaf2(t, x) <==> s2_leaf2{Pre}(t, x)); */
	if (c < 0)
		return c;
	/*@ assert c != frame; */
	/*@ assert c_unreached: t->root != c && \forall integer x; 0 <= x ==>
	      s2_at1(t, x) != c && s2_at2(t, x) != c;
	*/
	fill_leaves(t, (uint32_t)c, level + 1u, base, attrs);
	/*@ assert entry_kept: t->pool->frames[frame][idx] == d; */
	/* The new table is on no walk yet: filling it changed none. */
	/*@ assert kept_but_c: \forall integer g, i; 0 <= g < t->pool->nframes && g != c &&
	      0 <= i < S2_INDEX_LIMIT ==> t->pool->frames[g][i] == \at(t->pool->frames[g][i], Pre);
	*/
	/*@ assert decode_kept: \forall integer x;
	      s2_cf(t, x) == \at(s2_cf(t, x), Pre) && s2_cok(t, x) == \at(s2_cok(t, x), Pre);
	*/
	/*@ assert fill_at1: \forall integer x; 0 <= x ==> s2_at1(t, x) == \at(s2_at1(t, x), Pre); */
	/*@ assert not_c1: \forall integer x; 0 <= x ==> s2_at1(t, x) != c; */
	/*@ assert fill_ent1: \forall integer x, g; 0 <= x && g == s2_at1(t, x) && g >= 0 ==>
	      t->pool->frames[g][x / 0x40000000 % 512] == \at(t->pool->frames[g][x / 0x40000000 % 512], Pre);
	*/
	/*@ assert fill_next1: \forall integer x, g; 0 <= x && g == s2_at1(t, x) && g >= 0 ==>
	      s2_next(t, g, 1, x) == \at(s2_next(t, g, 1, x), Pre);
	*/
	/*@ assert fill_at2: \forall integer x; 0 <= x ==> s2_at2(t, x) == \at(s2_at2(t, x), Pre); */
	/*@ assert not_c2: \forall integer x; 0 <= x ==> s2_at2(t, x) != c; */
	/*@ assert fill_ent2: \forall integer x, g; 0 <= x && g == s2_at2(t, x) && g >= 0 ==>
	      t->pool->frames[g][x / 0x200000 % 512] == \at(t->pool->frames[g][x / 0x200000 % 512], Pre);
	*/
	/*@ assert fill_block1: \forall integer x; 0 <= x ==> (s2_leaf1(t, x) <==> s2_leaf1{Pre}(t, x)); */
	/*@ assert fill_block2: \forall integer x; 0 <= x ==> (s2_leaf2(t, x) <==> s2_leaf2{Pre}(t, x)); */
	s2_arch_publish();
	replace_block(t, frame, idx, level, (uint32_t)c, base, attrs, block_ipa);
	return c;
}

/*
 * The walk of addr reaches table frame f at this level (proof only, for
 * split_at; the compiler removes the empty body): if it ends there at an
 * invalid entry or at a block that starts at addr, or goes on to level 3,
 * no block crosses addr.
 */
/*@ requires s2_ok(t) && level <= 3 && f < t->pool->nframes;
    requires s2_at(t, level, addr) == f;
    assigns \nothing;
    ensures \let d = t->pool->frames[f][addr / s2_size(level) % 512];
              level == 3 || !s2_fmt_valid(d) ||
              (1 <= level && !s2_fmt_table_p(d, level) && addr % s2_size(level) == 0) ==>
              s2_cut(t, addr);
    exits \false;
*/
static void cut_facts(const struct s2_table *t, unsigned level, uint64_t addr, uint32_t f)
{
	(void)t;
	(void)level;
	(void)addr;
	(void)f;
}

/* Make addr a leaf boundary: split every block that contains addr without
 * starting at it.  The translation does not change; blocks are only split. */
/*@ requires s2_ok(t) && s2_wf(t);
    assigns t->tables, *(&t->pool->frames[0][0] + (0 .. t->pool->nframes * S2_INDEX_LIMIT - 1)), pt_g;
    ensures s2_ok(t) && s2_pool_kept{Old, Here}(t) && s2_wf(t) && t->root == \old(t->root);
    ensures \result == S2_OK || \result == S2_ENOMEM || \result == S2_ECORRUPT;
    ensures tr_kept: \forall integer x; 0 <= x ==> s2_tr(t, x) == \old(s2_tr(t, x));
    ensures cut: \result == S2_OK ==> s2_cut(t, addr);
    ensures refines: s2_refines{Old, Here}(t);
    ensures others: s2_others_kept{Old, Here}(t);
    exits \false;
*/
static int split_at(struct s2_table *t, uint64_t addr)
{
	uint32_t f = t->root;
	unsigned level;

	/*@ loop invariant s2_ok(t) && s2_pool_kept{Pre, Here}(t);
	    loop invariant others: s2_others_kept{Pre, Here}(t);
	    loop invariant level <= 3 && f < t->pool->nframes;
	    loop invariant s2_wf(t) && t->root == \at(t->root, Pre) && s2_owns(t, f, level);
	    loop invariant tr_kept: \forall integer x; 0 <= x ==> s2_tr(t, x) == \at(s2_tr(t, x), Pre);
	    loop invariant walk: s2_at(t, level, addr) == f;
	    loop invariant refines: s2_refines{Pre, Here}(t);
	    loop assigns level, f, t->tables,
	                 *(&t->pool->frames[0][0] + (0 .. t->pool->nframes * S2_INDEX_LIMIT - 1)), pt_g;
	    loop variant 3 - level;
	*/
	for (level = S2_TOP_LEVEL; level < S2_LAST_LEVEL; level++) {
		unsigned idx = level_index(addr, level);
		uint64_t d = t->pool->frames[f][idx];
		uint64_t sz = level_size(level);
		int64_t c;

		cut_facts(t, level, addr, f);
		/*@ assert f_ok: s2_frame_ok(t, f) && pt_g.level[f] == level; */
		if (!s2_fmt_is_valid(d))
			return S2_OK;
		c = desc_child(t, d, level);
		if (c == S2_ENOENT) { /* a block */
			/*@ assert no_block0: level != 0; */
			if (addr % sz == 0 || level == S2_TOP_LEVEL)
				return S2_OK; /* it starts at addr (level 0 has none) */
			c = split_block(t, f, idx, level, addr - addr % sz, d);
		}
		if (c < 0)
			return (int)c;
		/*@ assert next: s2_next(t, f, level, addr) == c; */
		/*@ assert at_next: s2_at(t, level + 1, addr) == c; */
		f = (uint32_t)c;
	}
	cut_facts(t, level, addr, f);
	return S2_OK;
}

/* Check a page-aligned range against an address space [0, limit). */
/*@ requires limit <= S2_FMT_OA_LIMIT || limit <= S2_IPA_LIMIT_MAX;
    assigns \nothing;
    ensures \result == S2_OK || \result == S2_EINVAL || \result == S2_ERANGE;
    ensures \result == S2_OK ==> addr % PT_FRAME_SIZE == 0 && size % PT_FRAME_SIZE == 0 &&
                                 size > 0 && addr + size <= limit;
    exits \false;
*/
static int check_range(uint64_t addr, uint64_t size, uint64_t limit)
{
	if (addr % S2_PAGE_SIZE != 0 || size % S2_PAGE_SIZE != 0 || size == 0)
		return S2_EINVAL;
	if (addr >= limit || size > limit - addr)
		return S2_ERANGE;
	return S2_OK;
}

/*
 * Functional contracts of public functions in terms of the format's
 * translation (mm/stage2_logic.h); Frama-C merges them with the header's.
 */
/*@ ensures create_empty: \result == S2_OK ==> s2_ok(t) &&
      \forall integer x; 0 <= x ==> s2_tr(t, x) == -1;
    ensures create_wf: \result == S2_OK && pool->frames == pt_arena ==> s2_wf(t);
    // The new root is a frame no table held, and only it and stale records
    // of t's owner id change: every other table's frames and records are as
    // they were (specs/stage2/isolation.c).  A failure changes none at all.
    ensures create_others: \result == S2_OK && pool->frames == pt_arena ==>
      \let r = t->root; \at(pt_g.owner[r], Pre) == 0 && s2_pool_others_kept{Pre, Post}(pool, r + 1);
    ensures create_fail_kept: \result != S2_OK ==>
      (\forall integer f; 0 <= f < PT_POOL_MAX_FRAMES ==>
         pt_g.owner[f] == \old(pt_g.owner[f]) && pt_g.level[f] == \old(pt_g.level[f]) &&
         pt_g.parent[f] == \old(pt_g.parent[f]) && pt_g.pidx[f] == \old(pt_g.pidx[f])) &&
      (pool != \null ==> \forall integer f, i; 0 <= f < pool->nframes && 0 <= i < S2_INDEX_LIMIT ==>
         pool->frames[f][i] == \old(pool->frames[f][i]));
*/
int s2_create(struct s2_table *t, struct pt_pool *pool, uint16_t vmid,
	      unsigned ipa_bits, unsigned pa_bits, uint32_t cfg);

/* A bad argument (S2_EINVAL, S2_ERANGE) is refused before any write: the
 * table count and the translation are as before (one clause per error code:
 * each then proves at once).  A success maps every IPA of the range to pa
 * onwards with exactly the requested attributes and leaves every other IPA's
 * translation as it was (map_range, map_frame).  Every failure leaves every
 * translation as it was (map_kept: the committing pass cannot fail, and a
 * failed first pass writes no leaf).  That it also leaves t->tables as it
 * was is pending (specs/pending/stage2_functional.c). */
/*@ requires map_wf_pre: s2_live_wf(t);
    ensures map_wf: s2_live_wf(t);
    ensures map_einval: \result == S2_EINVAL ==> t->tables == \old(t->tables) &&
      \forall integer x; s2_tr(t, x) == \at(s2_tr(t, x), Pre);
    ensures map_erange: \result == S2_ERANGE ==> t->tables == \old(t->tables) &&
      \forall integer x; s2_tr(t, x) == \at(s2_tr(t, x), Pre);
    ensures map_kept: \result != S2_OK ==>
      \forall integer x; 0 <= x ==> s2_tr(t, x) == \at(s2_tr(t, x), Pre);
    ensures map_range: \result == S2_OK ==> \forall integer x; ipa <= x < ipa + size ==>
      s2_tr(t, x) == (pa + (x - ipa)) * 16 + attrs % S2_NO_BLOCKS;
    ensures map_frame: \result == S2_OK ==> \forall integer x; 0 <= x < t->ipa_limit &&
      !(ipa <= x < ipa + size) ==> s2_tr(t, x) == \at(s2_tr(t, x), Pre);
    ensures map_within: \forall integer x; 0 <= x < t->ipa_limit ==>
      s2_tr(t, x) == \at(s2_tr(t, x), Pre) ||
      (ipa <= x < ipa + size && attrs % S2_NO_BLOCKS <= S2_ATTR_MASK &&
       s2_tr(t, x) == (pa + (x - ipa)) * 16 + attrs % S2_NO_BLOCKS);
    ensures map_others: s2_others_kept{Pre, Post}(t);
*/
int s2_map(struct s2_table *t, uint64_t ipa, uint64_t pa, uint64_t size, uint32_t attrs);

/* A success leaves every IPA of the range unmapped (unmap_range: the two
 * boundary splits leave no block crossing ipa or ipa + size, s2_cut, so the
 * clearing pass meets only leaves inside the range, s2_inside) and every
 * other IPA as it was (unmap_frame); a failure changes no translation. */
/*@ requires unmap_wf_pre: s2_live_wf(t);
    ensures unmap_wf: s2_live_wf(t);
    ensures unmap_einval: \result == S2_EINVAL ==> t->tables == \old(t->tables) &&
      \forall integer x; s2_tr(t, x) == \at(s2_tr(t, x), Pre);
    ensures unmap_erange: \result == S2_ERANGE ==> t->tables == \old(t->tables) &&
      \forall integer x; s2_tr(t, x) == \at(s2_tr(t, x), Pre);
    ensures unmap_fail: \result != S2_OK ==>
      \forall integer x; 0 <= x ==> s2_tr(t, x) == \at(s2_tr(t, x), Pre);
    ensures unmap_frame: \forall integer x; 0 <= x < t->ipa_limit && !(ipa <= x < ipa + size) ==>
      s2_tr(t, x) == \at(s2_tr(t, x), Pre);
    ensures unmap_shrink: \forall integer x; 0 <= x ==>
      s2_tr(t, x) == \at(s2_tr(t, x), Pre) || s2_tr(t, x) == -1;
    ensures unmap_range: \result == S2_OK ==> \forall integer x; ipa <= x < ipa + size ==>
      s2_tr(t, x) == -1;
    ensures unmap_others: s2_others_kept{Pre, Post}(t);
*/
int s2_unmap(struct s2_table *t, uint64_t ipa, uint64_t size);

/* The translation is the one at the call: stated in the pre-state, since
 * the solvers cannot see that writing *pa and *attrs leaves the recursive
 * s2_tr unchanged (and with pa or attrs inside a table it would not). */
/*@ ensures translate_tr: \result == S2_OK ==>
      \old(s2_tr(t, ipa)) == *pa * 16 + *attrs && *attrs <= S2_ATTR_MASK;
    ensures translate_unmapped: \result == S2_ENOENT ==> \old(s2_tr(t, ipa)) == -1;
    ensures translate_complete: t != \null && s2_ok(t) && pa != \null && attrs != \null &&
      ipa < t->ipa_limit ==> \result != S2_EINVAL && \result != S2_ERANGE;
*/
int s2_translate(const struct s2_table *t, uint64_t ipa, uint64_t *pa, uint32_t *attrs);

/* A table whose root frame is all zeroes translates nothing (proof only: the
 * solvers prove this at once on its own, but ran out of memory on it inside
 * s2_create, whose context holds every field write; the compiler removes the
 * empty body). */
/*@ requires s2_ok(t);
    requires \forall integer i; 0 <= i < S2_INDEX_LIMIT ==> t->pool->frames[t->root][i] == 0;
    assigns \nothing;
    ensures \forall integer x; 0 <= x ==> s2_tr(t, x) == -1;
    exits \false;
*/
static void empty_root_facts(const struct s2_table *t)
{
	(void)t;
}

/*
 * Record in the ownership model (proof only: the body is ghost code) that
 * t's new root, a zeroed frame the pool just gave, is t's level-0 table, and
 * that t holds no other table: records left with the same owner id by a
 * table whose root was this frame before are stale and are cleared.  No
 * other record changes (others).
 */
/*@ requires s2_ok(t);
    requires t->pool->frames == pt_arena ==> pt_g.owner[t->root] == 0;
    requires \forall integer i; 0 <= i < S2_INDEX_LIMIT ==> t->pool->frames[t->root][i] == 0;
    assigns pt_g.owner[0 .. PT_POOL_MAX_FRAMES - 1], pt_g.level[t->root];
    ensures t->pool->frames == pt_arena ==> s2_wf(t);
    ensures others: \forall integer f; 0 <= f < PT_POOL_MAX_FRAMES && f != t->root ==>
      pt_g.owner[f] == \old(pt_g.owner[f]) ||
      (pt_g.owner[f] == 0 && \old(pt_g.owner[f]) == t->root + 1);
    exits \false;
*/
static void record_root(struct s2_table *t)
{
	(void)t;
	/*@ ghost
	  if (t->pool->frames == pt_arena) {
	    /@ loop invariant 0 <= g <= t->pool->nframes;
	       loop invariant \forall integer h; 0 <= h < g ==> pt_g.owner[h] != t->root + 1;
	       loop invariant pt_g.owner[t->root] == 0;
	       loop invariant others: \forall integer h; 0 <= h < PT_POOL_MAX_FRAMES ==>
	         pt_g.owner[h] == \at(pt_g.owner[h], Pre) ||
	         (pt_g.owner[h] == 0 && \at(pt_g.owner[h], Pre) == t->root + 1);
	       loop assigns g, pt_g.owner[0 .. PT_POOL_MAX_FRAMES - 1];
	       loop variant t->pool->nframes - g;
	    @/
	    for (uint32_t g = 0; g < t->pool->nframes; g++)
	      if (pt_g.owner[g] == t->root + 1)
	        pt_g.owner[g] = 0;
	    pt_g.owner[t->root] = t->root + 1;
	    pt_g.level[t->root] = 0;
	  }
	*/
	/*@ assert only_root: t->pool->frames == pt_arena ==> \forall integer f; 0 <= f < t->pool->nframes &&
	      pt_g.owner[f] == t->root + 1 ==> f == t->root;
	*/
	/*@ assert root_ok: t->pool->frames == pt_arena ==> s2_owns(t, t->root, 0) && s2_frame_ok(t, t->root); */
}

int s2_create(struct s2_table *t, struct pt_pool *pool, uint16_t vmid,
	      unsigned ipa_bits, unsigned pa_bits, uint32_t cfg)
{
	int64_t root;

	if (t == NULL)
		return S2_EINVAL;
	t->live = false;
	if (!pool_ok(pool) || cfg > S2_CFG_NO_1G)
		return S2_EINVAL;
	/* S2_FMT_MAX_IPA_BITS is S2_MAX_IPA_BITS (48) for both formats. */
	if (ipa_bits < S2_MIN_IPA_BITS || ipa_bits > S2_MAX_IPA_BITS)
		return S2_EINVAL;
	if (pa_bits < 32u || pa_bits > S2_FMT_MAX_PA_BITS)
		return S2_EINVAL;
	t->pool = pool;
	t->vmid = vmid;
	t->ipa_bits = (uint8_t)ipa_bits;
	t->pa_bits = (uint8_t)pa_bits;
	t->ipa_limit = pow2(ipa_bits);
	t->pa_limit = pow2(pa_bits);
	t->cfg = cfg;
	t->tables = 0;
	t->root = 0;
	t->live = true; /* for alloc_table; undone on failure */
	root = alloc_table(t);
	if (root < 0) {
		t->live = false;
		return S2_ENOMEM;
	}
	t->root = (uint32_t)root;
	empty_root_facts(t);
	record_root(t);
	return S2_OK;
}

/*
 * Return the subtree below table frame (at this level) to the pool.  It
 * frees only t's tables (only_t), and a frame it frees other than frame
 * lies below it: deeper, with its parent freed too (below), so a call on
 * one child leaves the next child and that child's tables held.
 */
/*@ requires s2_ok(t) && frame < t->pool->nframes && level <= 3;
    requires t->pool->frames == pt_arena && s2_owns(t, frame, level);
    requires tables_ok: \forall integer g; 0 <= g < t->pool->nframes &&
               pt_g.owner[g] == t->root + 1 && pt_g.level[g] >= level ==>
               pt_g.level[g] <= 3 && s2_frame_ok(t, g);
    decreases 3 - level;
    assigns t->tables, pt_g.owner[0 .. PT_POOL_MAX_FRAMES - 1];
    ensures s2_ok(t) && s2_pool_kept{Old, Here}(t);
    ensures only_t: \forall integer g; 0 <= g < PT_POOL_MAX_FRAMES &&
              pt_g.owner[g] != \old(pt_g.owner[g]) ==>
              \old(pt_g.owner[g]) == t->root + 1 && pt_g.owner[g] == 0;
    ensures below: \forall integer g; 0 <= g < PT_POOL_MAX_FRAMES &&
              pt_g.owner[g] != \old(pt_g.owner[g]) ==>
              g == frame || (pt_g.level[g] > level && 0 <= pt_g.parent[g] < PT_POOL_MAX_FRAMES &&
                             pt_g.owner[pt_g.parent[g]] != \old(pt_g.owner[pt_g.parent[g]]));
    exits \false;
*/
static void free_subtree(struct s2_table *t, uint32_t frame, unsigned level)
{
	if (level < S2_LAST_LEVEL) {
		/*@ loop invariant 0 <= i <= S2_INDEX_LIMIT && s2_ok(t) && s2_pool_kept{Pre, Here}(t);
		    loop invariant only_t: \forall integer g; 0 <= g < PT_POOL_MAX_FRAMES &&
		                     pt_g.owner[g] != \at(pt_g.owner[g], Pre) ==>
		                     \at(pt_g.owner[g], Pre) == t->root + 1 && pt_g.owner[g] == 0;
		    loop invariant below: \forall integer g; 0 <= g < PT_POOL_MAX_FRAMES &&
		                     pt_g.owner[g] != \at(pt_g.owner[g], Pre) ==>
		                     pt_g.level[g] > level && 0 <= pt_g.parent[g] < PT_POOL_MAX_FRAMES &&
		                     ((pt_g.parent[g] == frame && pt_g.pidx[g] < i) ||
		                      (pt_g.level[g] > level + 1 &&
		                       pt_g.owner[pt_g.parent[g]] != \at(pt_g.owner[pt_g.parent[g]], Pre)));
		    loop assigns i, t->tables, pt_g.owner[0 .. PT_POOL_MAX_FRAMES - 1];
		    loop variant S2_INDEX_LIMIT - i;
		*/
		for (unsigned i = 0; i < S2_INDEX_LIMIT; i++) {
			int64_t c = desc_child(t, t->pool->frames[frame][i], level);

			/*@ assert frame_held: pt_g.owner[frame] == t->root + 1; */
			/*@ assert child: c >= 0 ==> \let cc = c; \at(s2_owns(t, cc, level + 1), Pre) &&
			      pt_g.parent[cc] == frame && pt_g.pidx[cc] == i;
			*/
			/*@ assert tables_held: \forall integer g; 0 <= g < t->pool->nframes &&
			      pt_g.owner[g] == t->root + 1 && pt_g.level[g] >= level + 1 ==>
			      pt_g.level[g] <= 3 && s2_frame_ok(t, g);
			*/
			if (c >= 0)
				free_subtree(t, (uint32_t)c, level + 1u);
		}
	}
	free_table(t, frame);
}

/* Frees only t's table frames: every frame another table holds keeps its
 * record (specs/stage2/isolation.c, s2_destroy_beside). */
/*@ requires destroy_wf_pre: s2_live_wf(t);
    ensures destroy_only_own: \forall integer g; 0 <= g < PT_POOL_MAX_FRAMES &&
      pt_g.owner[g] != \old(pt_g.owner[g]) ==>
      \old(pt_g.owner[g]) == \old(t->root) + 1 && pt_g.owner[g] == 0;
*/
int s2_destroy(struct s2_table *t);

int s2_destroy(struct s2_table *t)
{
	if (!table_ok(t))
		return S2_EINVAL;
	free_subtree(t, t->root, S2_TOP_LEVEL);
	t->live = false;
	return S2_OK;
}

int s2_map(struct s2_table *t, uint64_t ipa, uint64_t pa, uint64_t size, uint32_t attrs)
{
	uint32_t perm = attrs % S2_NO_BLOCKS;
	bool no_blocks = attrs / S2_NO_BLOCKS == 1u;
	int rc;

	if (!table_ok(t))
		return S2_EINVAL;
	if (attrs / S2_NO_BLOCKS > 1u || perm > S2_ATTR_MASK || !s2_fmt_attrs_ok(perm))
		return S2_EINVAL;
	rc = check_range(ipa, size, t->ipa_limit);
	if (rc == S2_OK)
		rc = check_range(pa, size, t->pa_limit);
	if (rc == S2_OK)
		rc = range_unmapped(t, ipa, size);
	if (rc != S2_OK)
		return rc;
	rc = map_pass(t, ipa, pa, size, perm, no_blocks, false);
	if (rc != S2_OK) {
		clear_pass(t, ipa, size, false); /* release the tables just created */
		return rc;
	}
	/*
	 * The first pass made every table this one needs and left every entry
	 * it writes invalid (first_ready), so the committing pass cannot fail
	 * (commit_ok); S2_ECORRUPT here would mean the proof is wrong.
	 */
	if (map_pass(t, ipa, pa, size, perm, no_blocks, true) != S2_OK)
		rc = S2_ECORRUPT;
	s2_arch_publish();
	return rc;
}

/*
 * No block crosses a or e, so every block a walk of [a, e) ends at lies in
 * [a, e) (proof only, for unmap_tail; the compiler removes the empty
 * bodies).  A block that started before a would contain a, one that ended
 * after e would contain e (or leave the IPA space, which ends at a 1 GiB
 * boundary).
 */
/*@ requires s2_ok(t) && a < e <= t->ipa_limit;
    assigns \nothing;
    ensures lo1: s2_cut(t, a) ==> \forall integer x; a <= x < e && s2_leaf1(t, x) ==>
              a <= x / 0x40000000 * 0x40000000;
    ensures lo2: s2_cut(t, a) ==> \forall integer x; a <= x < e && s2_leaf2(t, x) ==>
              a <= x / 0x200000 * 0x200000;
    exits \false;
*/
static void cut_lo_facts(const struct s2_table *t, uint64_t a, uint64_t e)
{
	(void)e;
	prefix_facts(1);
	prefix_facts(2);
	at_region_facts(t, 1, a);
	at_region_facts(t, 2, a);
	/*@ assert r1: \forall integer x; a <= x && x / 0x40000000 * 0x40000000 < a ==>
	      a / 0x40000000 == x / 0x40000000;
	*/
	/*@ assert r2: \forall integer x; a <= x && x / 0x200000 * 0x200000 < a ==>
	      a / 0x200000 == x / 0x200000;
	*/
	/*@ assert w1: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX && a / 0x40000000 == x / 0x40000000 ==>
	      s2_at1(t, x) == s2_at1(t, a) && x / 0x40000000 % 512 == a / 0x40000000 % 512;
	*/
	/*@ assert w2: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX && a / 0x200000 == x / 0x200000 ==>
	      s2_at2(t, x) == s2_at2(t, a) && x / 0x200000 % 512 == a / 0x200000 % 512;
	*/
	/*@ assert l1: \forall integer x; a <= x < e && s2_leaf1(t, x) &&
	      x / 0x40000000 * 0x40000000 < a ==> s2_leaf1(t, a);
	*/
	/*@ assert l2: \forall integer x; a <= x < e && s2_leaf2(t, x) &&
	      x / 0x200000 * 0x200000 < a ==> s2_leaf2(t, a);
	*/
}

/*@ requires s2_ok(t) && a < e <= t->ipa_limit;
    assigns \nothing;
    ensures hi1: (e < t->ipa_limit ==> s2_cut(t, e)) ==> \forall integer x; a <= x < e &&
              s2_leaf1(t, x) ==> x / 0x40000000 * 0x40000000 + 0x40000000 <= e;
    ensures hi2: (e < t->ipa_limit ==> s2_cut(t, e)) ==> \forall integer x; a <= x < e &&
              s2_leaf2(t, x) ==> x / 0x200000 * 0x200000 + 0x200000 <= e;
    exits \false;
*/
static void cut_hi_facts(const struct s2_table *t, uint64_t a, uint64_t e)
{
	(void)a;
	prefix_facts(1);
	prefix_facts(2);
	if (e < t->ipa_limit) {
		at_region_facts(t, 1, e);
		at_region_facts(t, 2, e);
		/*@ assert r1: \forall integer x; x < e && e < x / 0x40000000 * 0x40000000 + 0x40000000 &&
		      0 <= x ==> e / 0x40000000 == x / 0x40000000;
		*/
		/*@ assert r2: \forall integer x; x < e && e < x / 0x200000 * 0x200000 + 0x200000 &&
		      0 <= x ==> e / 0x200000 == x / 0x200000;
		*/
		/*@ assert w1: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX && e / 0x40000000 == x / 0x40000000 ==>
		      s2_at1(t, x) == s2_at1(t, e) && x / 0x40000000 % 512 == e / 0x40000000 % 512;
		*/
		/*@ assert w2: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX && e / 0x200000 == x / 0x200000 ==>
		      s2_at2(t, x) == s2_at2(t, e) && x / 0x200000 % 512 == e / 0x200000 % 512;
		*/
		/*@ assert l1: \forall integer x; a <= x < e && s2_leaf1(t, x) &&
		      e < x / 0x40000000 * 0x40000000 + 0x40000000 ==> s2_leaf1(t, e);
		*/
		/*@ assert l2: \forall integer x; a <= x < e && s2_leaf2(t, x) &&
		      e < x / 0x200000 * 0x200000 + 0x200000 ==> s2_leaf2(t, e);
		*/
	}
	/*@ assert end1: e == t->ipa_limit ==> \forall integer x; 0 <= x < e ==>
	      x / 0x40000000 * 0x40000000 + 0x40000000 <= e;
	*/
	/*@ assert end2: e == t->ipa_limit ==> \forall integer x; 0 <= x < e ==>
	      x / 0x200000 * 0x200000 + 0x200000 <= e;
	*/
}

/*
 * The rest of s2_unmap once ipa is a leaf boundary: make ipa + size one too
 * (unless it is the end of the IPA space), then clear the range.  A function
 * of its own so that each proof context holds at most two calls that write
 * the tables (the frame condition of s2_unmap).
 */
/*@ requires s2_ok(t) && size > 0 && ipa + size <= t->ipa_limit && s2_wf(t);
    requires ipa % PT_FRAME_SIZE == 0 && size % PT_FRAME_SIZE == 0;
    assigns t->tables, *(&t->pool->frames[0][0] + (0 .. t->pool->nframes * S2_INDEX_LIMIT - 1)), pt_g;
    ensures s2_ok(t) && s2_pool_kept{Old, Here}(t) && s2_wf(t);
    ensures \result == S2_OK || \result == S2_ENOMEM || \result == S2_ECORRUPT;
    ensures range: \result == S2_OK && \old(s2_cut(t, ipa)) ==>
              \forall integer x; ipa <= x < ipa + size ==> s2_tr(t, x) == -1;
    ensures tr_kept: \result != S2_OK ==> \forall integer x; 0 <= x ==> s2_tr(t, x) == \old(s2_tr(t, x));
    ensures tr_shrink: \forall integer x; 0 <= x ==> s2_tr(t, x) == \old(s2_tr(t, x)) || s2_tr(t, x) == -1;
    ensures tr_rest: \forall integer x; 0 <= x < S2_IPA_LIMIT_MAX && !(ipa <= x < ipa + size) ==>
              s2_tr(t, x) == \old(s2_tr(t, x));
    ensures others: s2_others_kept{Old, Here}(t);
    exits \false;
*/
static int unmap_tail(struct s2_table *t, uint64_t ipa, uint64_t size)
{
	int rc = S2_OK;

	if (ipa + size < t->ipa_limit)
		rc = split_at(t, ipa + size);
	if (rc != S2_OK)
		return rc;
	/*@ assert cut_kept: \at(s2_cut(t, ipa), Pre) ==> s2_cut(t, ipa); */
	cut_lo_facts(t, ipa, ipa + size);
	cut_hi_facts(t, ipa, ipa + size);
	/*@ assert inside: \at(s2_cut(t, ipa), Pre) ==> s2_inside(t, ipa, ipa + size); */
	clear_pass(t, ipa, size, true);
	return S2_OK;
}

int s2_unmap(struct s2_table *t, uint64_t ipa, uint64_t size)
{
	int rc;

	if (!table_ok(t))
		return S2_EINVAL;
	rc = check_range(ipa, size, t->ipa_limit);
	if (rc != S2_OK)
		return rc;
	rc = split_at(t, ipa);
	if (rc == S2_OK)
		rc = unmap_tail(t, ipa, size);
	if (rc != S2_OK)
		return rc;
	s2_arch_tlb_complete(t->vmid);
	return S2_OK;
}

/* Output address of ipa through the leaf (block or page) descriptor d at
 * this level. */
/*@ requires level <= 3;
    assigns \nothing;
    ensures \result == s2_fmt_addr_l(d) / s2_size(level) * s2_size(level) + ipa % s2_size(level);
    exits \false;
*/
static uint64_t leaf_pa(uint64_t d, unsigned level, uint64_t ipa)
{
	uint64_t sz = level_size(level);

	return s2_fmt_addr(d) / sz * sz + ipa % sz;
}

/* One step of the logic walk s2_trl, by the kind of the entry d that covers
 * ipa in frame f at this level (proof only: the definitions nest four levels
 * deep; the solvers unfold them at once here but not inside walk's goals;
 * the compiler removes the empty body). */
/*@ requires level <= 3 && d == s2_ent(t, f, level, ipa);
    assigns \nothing;
    ensures !s2_fmt_valid(d) ==> s2_trl(t, level, f, ipa) == -1;
    ensures s2_fmt_valid(d) && !s2_fmt_table_p(d, level) ==>
            s2_trl(t, level, f, ipa) == s2_leaf(d, level, ipa);
    ensures s2_fmt_valid(d) && s2_fmt_table_p(d, level) && s2_cok(t, d) == 1 ==>
            s2_trl(t, level, f, ipa) == s2_trl(t, level + 1, s2_cf(t, d), ipa);
    ensures s2_fmt_valid(d) && s2_fmt_table_p(d, level) && s2_cok(t, d) != 1 ==>
            s2_trl(t, level, f, ipa) == -2;
    exits \false;
*/
static void walk_step_facts(const struct s2_table *t, unsigned level, uint32_t f, uint64_t ipa,
			    uint64_t d)
{
	(void)t;
	(void)level;
	(void)f;
	(void)ipa;
	(void)d;
}

/*
 * The walk of s2_translate: output address and attributes of ipa, S2_ENOENT
 * when it is not mapped, S2_ECORRUPT when a table descriptor points outside
 * the pool.  It follows exactly the logic translation s2_tr.
 */
/*@ requires s2_ok(t) && ipa < t->ipa_limit;
    requires \valid(pa) && \valid(attrs) &&
             \separated(pa, attrs, t, t->pool, t->pool->frames + (0 .. t->pool->nframes - 1));
    assigns *pa, *attrs;
    ensures \result == S2_OK || \result == S2_ENOENT || \result == S2_ECORRUPT;
    ensures \result == S2_OK ==> \old(s2_tr(t, ipa)) == *pa * 16 + *attrs && *attrs <= S2_ATTR_MASK;
    ensures \result == S2_ENOENT <==> \old(s2_tr(t, ipa)) == -1;
    ensures \result == S2_ECORRUPT <==> \old(s2_tr(t, ipa)) == -2;
    exits \false;
*/
static int walk(const struct s2_table *t, uint64_t ipa, uint64_t *pa, uint32_t *attrs)
{
	uint32_t f = t->root;
	unsigned level = S2_TOP_LEVEL;

	/*@ loop invariant level <= 3 && f < t->pool->nframes;
	    loop invariant s2_tr(t, ipa) == s2_trl(t, level, f, ipa);
	    loop assigns level, f;
	    loop variant 3 - level;
	*/
	for (;;) {
		uint64_t d = t->pool->frames[f][level_index(ipa, level)];
		int64_t c;

		walk_step_facts(t, level, f, ipa, d);
		if (!s2_fmt_is_valid(d))
			return S2_ENOENT;
		c = desc_child(t, d, level);
		if (c == S2_ECORRUPT)
			return S2_ECORRUPT;
		if (c == S2_ENOENT) { /* a block or page */
			*pa = leaf_pa(d, level, ipa);
			*attrs = s2_fmt_attrs(d);
			return S2_OK;
		}
		f = (uint32_t)c;
		level++;
	}
}

int s2_translate(const struct s2_table *t, uint64_t ipa, uint64_t *pa, uint32_t *attrs)
{
	if (!table_ok(t) || pa == NULL || attrs == NULL)
		return S2_EINVAL;
	if (ipa >= t->ipa_limit)
		return S2_ERANGE;
	return walk(t, ipa, pa, attrs);
}

/* The region of a level-l entry that contains ipa ends after ipa and, in an
 * IPA space made of whole 1 GiB regions, inside it (proof only, for the same
 * reason as block_base). */
/*@ requires 1 <= level <= 3 && ipa < limit && limit % 0x40000000 == 0;
    assigns \nothing;
    ensures ipa - ipa % s2_size(level) + s2_size(level) <= limit;
    ensures ipa - ipa % s2_size(level) + s2_size(level) > ipa;
    exits \false;
*/
static void leaf_region_facts(uint64_t ipa, unsigned level, uint64_t limit)
{
	(void)ipa;
	(void)level;
	(void)limit;
}

/*
 * The first leaf at or after ipa, below the IPA limit: its block-aligned IPA,
 * output address, size and attributes in *leaf.  Returns S2_OK or S2_ENOENT.
 * Table descriptors pointing outside the pool are skipped like holes.
 */
/*@ requires s2_ok((struct s2_table *)t) && \valid(leaf);
    requires \separated(leaf, t, t->pool, t->pool->frames + (0 .. t->pool->nframes - 1));
    assigns *leaf;
    ensures \result == S2_OK || \result == S2_ENOENT;
    ensures \result == S2_OK ==>
              leaf->ipa + leaf->size <= t->ipa_limit && leaf->ipa + leaf->size > ipa &&
              0 < leaf->size <= 0x8000000000 && leaf->block == leaf->size &&
              leaf->pa < S2_FMT_OA_LIMIT && leaf->attrs <= S2_ATTR_MASK;
    exits \false;
*/
static int next_leaf(const struct s2_table *t, uint64_t ipa, struct s2_run *leaf)
{
	/*@ loop invariant s2_ok((struct s2_table *)t) && \at(ipa, Pre) <= ipa;
	    loop assigns ipa, *leaf;
	    loop variant t->ipa_limit - ipa;
	*/
	while (ipa < t->ipa_limit) {
		uint32_t f = t->root;
		unsigned level = S2_TOP_LEVEL;
		uint64_t d;

		/*@ loop invariant level <= 3 && f < t->pool->nframes;
		    loop assigns level, f, d;
		    loop variant 3 - level;
		*/
		for (;;) {
			int64_t c;

			d = t->pool->frames[f][level_index(ipa, level)];
			if (!s2_fmt_is_valid(d))
				break;
			c = desc_child(t, d, level);
			if (c < 0)
				break;
			f = (uint32_t)c;
			level++;
		}
		/* A leaf; level 0 has none (such a descriptor is corrupt). */
		if (level > S2_TOP_LEVEL && s2_fmt_is_valid(d) && !s2_fmt_is_table(d, level)) {
			uint64_t sz = level_size(level);
			uint64_t addr = s2_fmt_addr(d);

			leaf_region_facts(ipa, level, t->ipa_limit);
			leaf->ipa = ipa - ipa % sz;
			leaf->pa = addr - addr % sz;
			leaf->size = sz;
			leaf->block = sz;
			leaf->attrs = s2_fmt_attrs(d);
			return S2_OK;
		}
		ipa += to_region_end(ipa, level); /* a hole (or a corrupt table) */
	}
	return S2_ENOENT;
}

int s2_dump_next(const struct s2_table *t, uint64_t *cursor, struct s2_run *run)
{
	struct s2_run next;

	if (!table_ok(t) || cursor == NULL || run == NULL)
		return S2_EINVAL;
	if (next_leaf(t, *cursor, run) != S2_OK)
		return S2_ENOENT;
	/*@ loop invariant run->ipa + run->size <= t->ipa_limit && run->ipa + run->size > *cursor;
	    loop invariant 0 < run->size && run->pa < S2_FMT_OA_LIMIT;
	    loop invariant run->size <= S2_IPA_LIMIT_MAX;
	    loop assigns run->size, next;
	    loop variant t->ipa_limit - (run->ipa + run->size);
	*/
	while (next_leaf(t, run->ipa + run->size, &next) == S2_OK) {
		if (next.ipa != run->ipa + run->size || next.pa != run->pa + run->size ||
		    next.block != run->block || next.attrs != run->attrs)
			break;
		run->size += next.size;
	}
	*cursor = run->ipa + run->size;
	return S2_OK;
}

long s2_dump(const struct s2_table *t, s2_visitor_fn visit, void *ctx)
{
	uint64_t cursor = 0;
	struct s2_run run;
	long runs = 0;
	int rc;

	if (!table_ok(t) || visit == NULL)
		return S2_EINVAL;
	while ((rc = s2_dump_next(t, &cursor, &run)) == S2_OK) {
		visit(ctx, &run);
		runs++;
	}
	return rc == S2_ENOENT ? runs : rc;
}

uint32_t s2_table_frames(const struct s2_table *t)
{
	return t != NULL && t->live && t->tables > 0 ? (uint32_t)t->tables : 0;
}
