/*
 * ACSL model of the stage-2 engine, shared by mm/stage2.c and the specs
 * (specs/pending/).  No C code: compilers see only comments.  Include after
 * "stage2_hooks.h", whose format header supplies the descriptor logic
 * (s2_fmt_valid, s2_fmt_table_p, s2_fmt_is_tbl, s2_fmt_addr_l, s2_fmt_attrs_l).
 *
 * Translation is one non-recursive logic function per level (s2_tr0 ..
 * s2_tr3), each reading its level's entry and calling the level below, with
 * the result encoded as an integer:
 *   -1            not mapped
 *   -2            a table descriptor points outside the pool (corrupt)
 *   pa * 16 + a   mapped to physical address pa with S2_* attributes a
 */
#ifndef TESSERA_MM_STAGE2_LOGIC_H
#define TESSERA_MM_STAGE2_LOGIC_H

#include "mm/stage2.h"

#define S2_IPA_LIMIT_MAX 0x1000000000000ull /* 2^S2_MAX_IPA_BITS */

/*@ // Bytes covered by one entry of a level-l table.
    logic integer s2_size(integer level) =
      level == 0 ? 0x8000000000 : level == 1 ? 0x40000000 : level == 2 ? 0x200000 : 0x1000;

    // 2^b for 32 <= b <= 52, spelt out so that no exponentiation is needed.
    logic integer s2_pow2(integer b) =
      b == 32 ? 0x100000000
      : b == 33 ? 0x200000000
      : b == 34 ? 0x400000000
      : b == 35 ? 0x800000000
      : b == 36 ? 0x1000000000
      : b == 37 ? 0x2000000000
      : b == 38 ? 0x4000000000
      : b == 39 ? 0x8000000000
      : b == 40 ? 0x10000000000
      : b == 41 ? 0x20000000000
      : b == 42 ? 0x40000000000
      : b == 43 ? 0x80000000000
      : b == 44 ? 0x100000000000
      : b == 45 ? 0x200000000000
      : b == 46 ? 0x400000000000
      : b == 47 ? 0x800000000000
      : b == 48 ? 0x1000000000000
      : b == 49 ? 0x2000000000000
      : b == 50 ? 0x4000000000000
      : b == 51 ? 0x8000000000000
      : 0x10000000000000;

    // A live table whose pool, root and limits the engine may use.
    predicate s2_ok(struct s2_table *t) =
      \valid(t) && t->live && s2_mem(t) &&
      0 < t->pool->nframes <= PT_POOL_MAX_FRAMES &&
      t->pool->base_pa % PT_FRAME_SIZE == 0 &&
      t->pool->base_pa + t->pool->nframes * PT_FRAME_SIZE <= S2_FMT_OA_LIMIT &&
      t->root < t->pool->nframes &&
      PT_FRAME_SIZE <= t->ipa_limit <= S2_IPA_LIMIT_MAX && t->ipa_limit % 0x40000000 == 0 &&
      PT_FRAME_SIZE <= t->pa_limit <= S2_FMT_OA_LIMIT && t->pa_limit % PT_FRAME_SIZE == 0;

    // The pool of t as the engine reads it (pointer, frame array, size, base)
    // is the same in states A and B: the engine writes only t->tables and
    // frame contents.  Stated by the helpers so that callers need not derive
    // it from the separation of t, its pool and the frames after each write.
    predicate s2_pool_kept{A, B}(struct s2_table *t) =
      \at(t->pool, A) == \at(t->pool, B) &&
      \at(t->pool->frames, A) == \at(t->pool->frames, B) &&
      \at(t->pool->nframes, A) == \at(t->pool->nframes, B) &&
      \at(t->pool->base_pa, A) == \at(t->pool->base_pa, B);

    // Entry of table frame f (at this level) that covers ipa.
    logic integer s2_ent{L}(struct s2_table *t, integer f, integer level, integer ipa) =
      t->pool->frames[f][ipa / s2_size(level) % 512];

    // Frame named by a table descriptor, and whether it lies in the pool.
    logic integer s2_cf{L}(struct s2_table *t, integer d) =
      (s2_fmt_addr_l(d) - t->pool->base_pa) / PT_FRAME_SIZE;
    logic integer s2_cok{L}(struct s2_table *t, integer d) =
      t->pool->base_pa <= s2_fmt_addr_l(d) ?
        ((s2_fmt_addr_l(d) - t->pool->base_pa) / PT_FRAME_SIZE < t->pool->nframes ? 1 : 0) : 0;

    // The descriptor s2_fmt_leaf writes.
    logic integer s2_fmt_leaf_l(integer pa, integer level, integer attrs) =
      s2_fmt_hi(attrs) + pa + s2_fmt_lo(level, attrs);

    // Translation through a leaf (block or page) descriptor d at this level.
    logic integer s2_leaf(integer d, integer level, integer ipa) =
      (s2_fmt_addr_l(d) / s2_size(level) * s2_size(level) + ipa % s2_size(level)) * 16
      + s2_fmt_attrs_l(d);

    // One step of the walk: invalid, table (continue with below), or leaf.
    logic integer s2_step{L}(struct s2_table *t, integer d, integer level, integer ipa,
                             integer below) =
      d % 2 != 1 ? -1 :
      s2_fmt_is_tbl(d, level) == 1 ? (s2_cok(t, d) == 1 ? below : -2) :
      s2_leaf(d, level, ipa);

    logic integer s2_tr3{L}(struct s2_table *t, integer f, integer ipa) =
      s2_step(t, s2_ent(t, f, 3, ipa), 3, ipa, -2);
    logic integer s2_tr2{L}(struct s2_table *t, integer f, integer ipa) =
      s2_step(t, s2_ent(t, f, 2, ipa), 2, ipa, s2_tr3(t, s2_cf(t, s2_ent(t, f, 2, ipa)), ipa));
    logic integer s2_tr1{L}(struct s2_table *t, integer f, integer ipa) =
      s2_step(t, s2_ent(t, f, 1, ipa), 1, ipa, s2_tr2(t, s2_cf(t, s2_ent(t, f, 1, ipa)), ipa));
    logic integer s2_tr0{L}(struct s2_table *t, integer f, integer ipa) =
      s2_step(t, s2_ent(t, f, 0, ipa), 0, ipa, s2_tr1(t, s2_cf(t, s2_ent(t, f, 0, ipa)), ipa));

    // The walk from table frame f at this level.
    logic integer s2_trl{L}(struct s2_table *t, integer level, integer f, integer ipa) =
      level == 0 ? s2_tr0(t, f, ipa) : level == 1 ? s2_tr1(t, f, ipa) :
      level == 2 ? s2_tr2(t, f, ipa) : s2_tr3(t, f, ipa);

    // The translation of ipa by table t.
    logic integer s2_tr{L}(struct s2_table *t, integer ipa) = s2_tr0(t, t->root, ipa);

    // The table the walk of ipa goes on to from table frame f at this level:
    // the frame its entry links, or -1 (the walk ends here, or f is -1).
    logic integer s2_next{L}(struct s2_table *t, integer f, integer level, integer ipa) =
      f < 0 ? -1 :
      s2_ent(t, f, level, ipa) % 2 == 1 && s2_fmt_is_tbl(s2_ent(t, f, level, ipa), level) == 1 &&
      s2_cok(t, s2_ent(t, f, level, ipa)) == 1 ? s2_cf(t, s2_ent(t, f, level, ipa)) : -1;

    // The table the walk of ipa reaches at levels 1, 2, 3 (-1: it ends above).
    logic integer s2_at1{L}(struct s2_table *t, integer ipa) = s2_next(t, t->root, 0, ipa);
    logic integer s2_at2{L}(struct s2_table *t, integer ipa) = s2_next(t, s2_at1(t, ipa), 1, ipa);
    logic integer s2_at3{L}(struct s2_table *t, integer ipa) = s2_next(t, s2_at2(t, ipa), 2, ipa);
    logic integer s2_at{L}(struct s2_table *t, integer level, integer ipa) =
      level == 0 ? t->root : level == 1 ? s2_at1(t, ipa) : level == 2 ? s2_at2(t, ipa) :
      s2_at3(t, ipa);

    // The walk of x reads entry idx of table frame at this level.
    predicate s2_reads{L}(struct s2_table *t, integer x, integer frame, integer level,
                          integer idx) =
      s2_at(t, level, x) == frame && x / s2_size(level) % 512 == idx;

    // From state A to state B the walk of x went through the same tables and
    // read the same entries at every level (what a write to an entry that the
    // walk does not read keeps).
    predicate s2_walk_same{A, B}(struct s2_table *t, integer x) =
      s2_at1{B}(t, x) == s2_at1{A}(t, x) && s2_at2{B}(t, x) == s2_at2{A}(t, x) &&
      s2_at3{B}(t, x) == s2_at3{A}(t, x) &&
      s2_ent{B}(t, \at(t->root, A), 0, x) == s2_ent{A}(t, \at(t->root, A), 0, x) &&
      (s2_at1{A}(t, x) >= 0 ==>
         s2_ent{B}(t, s2_at1{A}(t, x), 1, x) == s2_ent{A}(t, s2_at1{A}(t, x), 1, x)) &&
      (s2_at2{A}(t, x) >= 0 ==>
         s2_ent{B}(t, s2_at2{A}(t, x), 2, x) == s2_ent{A}(t, s2_at2{A}(t, x), 2, x)) &&
      (s2_at3{A}(t, x) >= 0 ==>
         s2_ent{B}(t, s2_at3{A}(t, x), 3, x) == s2_ent{A}(t, s2_at3{A}(t, x), 3, x));

    // The walk of a ends at a valid leaf of level 1 (a 1 GiB block) or of
    // level 2 (a 2 MiB block).
    predicate s2_leaf1{L}(struct s2_table *t, integer a) =
      0 <= s2_at1(t, a) && s2_fmt_valid(s2_ent(t, s2_at1(t, a), 1, a)) &&
      !s2_fmt_table_p(s2_ent(t, s2_at1(t, a), 1, a), 1);
    predicate s2_leaf2{L}(struct s2_table *t, integer a) =
      0 <= s2_at2(t, a) && s2_fmt_valid(s2_ent(t, s2_at2(t, a), 2, a)) &&
      !s2_fmt_table_p(s2_ent(t, s2_at2(t, a), 2, a), 2);

    // From state A to state B the blocks of t were only split or removed: a
    // walk that ends at a block in B ended at a block at least as large in A
    // (what unmap's splits and clears do; it keeps s2_cut and s2_inside).
    predicate s2_refines{A, B}(struct s2_table *t) =
      \forall integer a; 0 <= a ==>
        (s2_leaf1{B}(t, a) ==> s2_leaf1{A}(t, a)) &&
        (s2_leaf2{B}(t, a) ==> s2_leaf2{A}(t, a) || s2_leaf1{A}(t, a));

    // From state A to state B blocks of t were only removed (unmap's
    // clearing pass): a walk that ends at a block in B ended at it in A.
    predicate s2_shrinks{A, B}(struct s2_table *t) =
      \forall integer a; 0 <= a ==>
        (s2_leaf1{B}(t, a) ==> s2_leaf1{A}(t, a)) && (s2_leaf2{B}(t, a) ==> s2_leaf2{A}(t, a));

    // No block of t crosses address a: a block the walk of a ends at starts
    // at a (split_at makes it so).
    predicate s2_cut{L}(struct s2_table *t, integer a) =
      (s2_leaf1(t, a) ==> a % 0x40000000 == 0) && (s2_leaf2(t, a) ==> a % 0x200000 == 0);

    // Every block a walk of [a, e) ends at lies inside [a, e): what lets
    // unmap's clearing pass remove whole leaves only.
    predicate s2_inside{L}(struct s2_table *t, integer a, integer e) =
      \forall integer x; a <= x < e ==>
        (s2_leaf1(t, x) ==> a <= x / 0x40000000 * 0x40000000 &&
                            x / 0x40000000 * 0x40000000 + 0x40000000 <= e) &&
        (s2_leaf2(t, x) ==> a <= x / 0x200000 * 0x200000 &&
                            x / 0x200000 * 0x200000 + 0x200000 <= e);

    // Ownership model (mm/pt_pool.h): frame f holds t's table of this level.
    predicate s2_owns{L}(struct s2_table *t, integer f, integer level) =
      0 <= f < t->pool->nframes && pt_g.owner[f] == t->root + 1 && pt_g.level[f] == level;

    // Descriptor d is a valid table descriptor at this level.
    predicate s2_is_link(integer d, integer level) = s2_fmt_valid(d) && s2_fmt_table_p(d, level);

    // Every table descriptor in table frame f of t links a table of t one
    // level down whose record names this entry as its parent; a level-0
    // table holds table descriptors only (neither format has a level-0
    // block: VMSAv8-64 faults on one, NPT's PML4E.PS is reserved).
    predicate s2_frame_ok{L}(struct s2_table *t, integer f) =
      (\forall integer i; 0 <= i < 512 && s2_is_link(t->pool->frames[f][i], pt_g.level[f]) ==>
        s2_cok(t, t->pool->frames[f][i]) == 1 &&
        s2_owns(t, s2_cf(t, t->pool->frames[f][i]), pt_g.level[f] + 1) &&
        pt_g.parent[s2_cf(t, t->pool->frames[f][i])] == f &&
        pt_g.pidx[s2_cf(t, t->pool->frames[f][i])] == i) &&
      (pt_g.level[f] == 0 ==> \forall integer i; 0 <= i < 512 &&
        s2_fmt_valid(t->pool->frames[f][i]) ==> s2_fmt_table_p(t->pool->frames[f][i], 0));

    // The tables of t are a tree matching the ownership model: the root is
    // t's level-0 table, and every table descriptor in a table of t links a
    // table of t one level down that records exactly that entry as its
    // parent.  So no frame is linked from two entries (its record names
    // one), none from two tables (its owner names one), none at two levels,
    // the root from none, and no frame the pool may hand out from any.
    predicate s2_wf{L}(struct s2_table *t) =
      t->pool->frames == pt_arena && s2_owns(t, t->root, 0) &&
      (\forall integer f; 0 <= f < t->pool->nframes && pt_g.owner[f] == t->root + 1 ==>
         pt_g.level[f] <= 3) &&
      (\forall integer f; 0 <= f < t->pool->nframes && pt_g.owner[f] == t->root + 1 ==>
         s2_frame_ok(t, f));

    // Frame f holds a table of another table than t (another VM's): the
    // model names an owner, and not t.
    predicate s2_foreign{L}(struct s2_table *t, integer f) =
      pt_g.owner[f] != 0 && pt_g.owner[f] != t->root + 1;

    // From state A to state B, working on t, the engine left every other
    // table's frames and ghost records as they were and gave none of them a
    // frame: what lets one VM's map or unmap keep every other VM's tables
    // (s2_wf and translation, specs/stage2/isolation.c).
    predicate s2_others_kept{A, B}(struct s2_table *t) =
      \forall integer f; 0 <= f < \at(t->pool->nframes, A) &&
        (s2_foreign{A}(t, f) || s2_foreign{B}(t, f)) ==>
        \at(pt_g.owner[f], B) == \at(pt_g.owner[f], A) &&
        \at(pt_g.level[f], B) == \at(pt_g.level[f], A) &&
        \at(pt_g.parent[f], B) == \at(pt_g.parent[f], A) &&
        \at(pt_g.pidx[f], B) == \at(pt_g.pidx[f], A) &&
        \forall integer i; 0 <= i < 512 ==>
          \at(t->pool->frames[f][i], B) == \at(t->pool->frames[f][i], A);

    // s2_others_kept for a table whose root is not in place in state A
    // (s2_create), stated on its pool p and its owner id (root + 1): from A
    // to B the frames and ghost records of every table over p's frames but
    // id are as they were, and no frame was given to one.
    predicate s2_pool_others_kept{A, B}(struct pt_pool *p, integer id) =
      \forall integer f; 0 <= f < \at(p->nframes, A) &&
        ((\at(pt_g.owner[f], A) != 0 && \at(pt_g.owner[f], A) != id) ||
         (\at(pt_g.owner[f], B) != 0 && \at(pt_g.owner[f], B) != id)) ==>
        \at(pt_g.owner[f], B) == \at(pt_g.owner[f], A) &&
        \at(pt_g.level[f], B) == \at(pt_g.level[f], A) &&
        \at(pt_g.parent[f], B) == \at(pt_g.parent[f], A) &&
        \at(pt_g.pidx[f], B) == \at(pt_g.pidx[f], A) &&
        \forall integer i; 0 <= i < 512 ==>
          \at(p->frames[f][i], B) == \at(p->frames[f][i], A);

    // No table descriptor in a table of t links frame c.
    predicate s2_unlinked{L}(struct s2_table *t, integer c) =
      \forall integer f, i; 0 <= f < t->pool->nframes && pt_g.owner[f] == t->root + 1 &&
        0 <= i < 512 && s2_is_link(t->pool->frames[f][i], pt_g.level[f]) ==>
        s2_cf(t, t->pool->frames[f][i]) != c;

    // What the engine's public functions ask of a live table.
    predicate s2_live_wf{L}(struct s2_table *t) = t != \null && s2_ok(t) ==> s2_wf(t);
*/

#endif
