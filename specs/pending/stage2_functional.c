/*
 * Pending stage-2 properties (issue 4): stated here, NOT yet proved.
 *
 * `make prove-pending-stage2` (also run by `make prove-pending`) feeds this
 * file to WP together with mm/stage2.c; Frama-C merges these contracts into
 * the engine's own, and WP reports the named properties below as unproved.
 * They are kept out of `make prove`, which proves everything it contains.
 *
 * Proved since (make prove, contracts in mm/stage2.c / mm/stage2.h): the
 * frame condition (assigns) of s2_unmap, and the special case of
 * pend_map_fail / pend_unmap_fail for argument errors (map_einval,
 * map_erange, unmap_einval, unmap_erange: S2_EINVAL and S2_ERANGE leave
 * t->tables and s2_tr unchanged).
 *
 * Why the rest is not proved: under the current trusted base they are not
 * merely hard but FALSE.  pt_pool_alloc's contract (mm/pt_pool.h) does not
 * say that the frame it returns is unused: a backend that hands out a frame
 * still linked into t (say t->root) satisfies it, and then s2_map zeroes that
 * frame while building its tables and still returns S2_OK: the mappings
 * elsewhere in t are gone (pend_map_frame fails; pend_map_range and
 * pend_map_tree can fail too; split_block's allocation does the same to the
 * s2_unmap properties).  Proving them
 * needs, in this order:
 *  1. a ghost ownership model of the pool: a logic predicate "frame f is
 *     free in the pool", pt_pool_alloc returning a free frame and making it
 *     used, pt_pool_free requiring a used frame (a change to the trusted
 *     backend contract, to be decided and listed in specs/TRUSTED.md);
 *  2. the tree invariant s2_tree below, plus "every frame reachable from t
 *     is used in the pool", kept by every descriptor write (get_child,
 *     set_leaf, split_block, clear_descend, release_level), which also rules
 *     out a frame being read at two levels of one walk;
 *  3. then the per-step translation facts: get_child and map_step with
 *     commit false keep s2_tr, map_step with commit true makes
 *     s2_tr(x) = (pa + x - ipa) * 16 + perm on [ipa, ipa + step) and keeps it
 *     elsewhere, carried through map_pass's loop invariant (one "unchanged
 *     below this level" fact per level, notes/proofs.md);
 *  4. for pend_map_fail also "every table but the root holds a valid entry"
 *     (the invariant in the header comment of mm/stage2.c, not part of
 *     s2_ok), so that clear_pass(t, ipa, size, false) releases exactly the
 *     tables the failed pass created and t->tables returns to its old value.
 *
 * Steps 1 and 2 are in progress on the git branch s2-wf (not merged: a few
 * assigns goals still time out there); what it proves and what is open is in
 * specs/pending/stage2_wf_status.md.
 */
#include "mm/stage2.h"
#include "stage2_hooks.h"
#include "mm/stage2_logic.h"

/*@ // Table descriptor e of a table at this level names frame g of the pool.
    predicate s2_links{L}(struct s2_table *t, integer e, integer level, integer g) =
      s2_fmt_valid(e) && s2_fmt_table_p(e, level) && s2_cok(t, e) == 1 && s2_cf(t, e) == g;

    // Frames reachable at each level (non-recursive, one predicate per level).
    predicate s2_reach0{L}(struct s2_table *t, integer f) = f == t->root;
    predicate s2_reach1{L}(struct s2_table *t, integer f) =
      \exists integer i; 0 <= i < 512 && s2_links(t, t->pool->frames[t->root][i], 0, f);
    predicate s2_reach2{L}(struct s2_table *t, integer f) =
      \exists integer g, i; s2_reach1(t, g) && 0 <= i < 512 &&
                            s2_links(t, t->pool->frames[g][i], 1, f);
    predicate s2_reach3{L}(struct s2_table *t, integer f) =
      \exists integer g, i; s2_reach2(t, g) && 0 <= i < 512 &&
                            s2_links(t, t->pool->frames[g][i], 2, f);
    predicate s2_reach{L}(struct s2_table *t, integer level, integer f) =
      (level == 0 && s2_reach0(t, f)) || (level == 1 && s2_reach1(t, f)) ||
      (level == 2 && s2_reach2(t, f)) || (level == 3 && s2_reach3(t, f));

    // The tables form a tree: every reachable frame is reached at one level
    // through one entry only, and no table descriptor points at the root.
    predicate s2_tree{L}(struct s2_table *t) =
      (\forall integer l1, l2, f; s2_reach(t, l1, f) && s2_reach(t, l2, f) ==> l1 == l2) &&
      (\forall integer l, g1, i1, g2, i2, f;
         0 <= l < 3 && s2_reach(t, l, g1) && s2_reach(t, l, g2) && 0 <= i1 < 512 && 0 <= i2 < 512 &&
         s2_links(t, t->pool->frames[g1][i1], l, f) && s2_links(t, t->pool->frames[g2][i2], l, f)
         ==> g1 == g2 && i1 == i2) &&
      (\forall integer l, f; s2_reach(t, l, f) ==> 0 <= f < t->pool->nframes);

    // Two VMs' tables share no frame.
    predicate s2_disjoint{L}(struct s2_table *a, struct s2_table *b) =
      \forall integer la, lb, f; s2_reach(a, la, f) ==> !s2_reach(b, lb, f);

    // Ghost shadow for vm/: physical page p is reachable through table t.
    predicate s2_maps_page{L}(struct s2_table *t, integer p) =
      \exists integer x; 0 <= x < t->ipa_limit && s2_tr(t, x) >= 0 && s2_tr(t, x) / 16 / 4096 == p;

    // Isolation: no physical page reachable through two VMs' tables.
    predicate s2_isolated{L}(struct s2_table *a, struct s2_table *b) =
      \forall integer p; !(s2_maps_page(a, p) && s2_maps_page(b, p));
*/

/*@ requires pend_map_wf: s2_ok(t) && s2_tree(t);
    ensures pend_map_range: \result == S2_OK ==>
      \forall integer x; ipa <= x < ipa + size ==>
        s2_tr(t, x) == (pa + (x - ipa)) * 16 + attrs % S2_NO_BLOCKS;
    ensures pend_map_frame: \result == S2_OK ==>
      \forall integer x; 0 <= x < t->ipa_limit && !(ipa <= x < ipa + size) ==>
        s2_tr(t, x) == \at(s2_tr(t, x), Pre);
    ensures pend_map_fail: \result != S2_OK ==> t->tables == \old(t->tables) &&
      \forall integer x; 0 <= x < t->ipa_limit ==> s2_tr(t, x) == \at(s2_tr(t, x), Pre);
    ensures pend_map_tree: s2_tree(t);
*/
int s2_map(struct s2_table *t, uint64_t ipa, uint64_t pa, uint64_t size, uint32_t attrs);

/*@ requires pend_unmap_wf: s2_ok(t) && s2_tree(t);
    ensures pend_unmap_range: \result == S2_OK ==>
      \forall integer x; ipa <= x < ipa + size ==> s2_tr(t, x) == -1;
    ensures pend_unmap_frame: \result == S2_OK ==>
      \forall integer x; 0 <= x < t->ipa_limit && !(ipa <= x < ipa + size) ==>
        s2_tr(t, x) == \at(s2_tr(t, x), Pre);
    ensures pend_unmap_fail: \result != S2_OK ==>
      \forall integer x; 0 <= x < t->ipa_limit ==> s2_tr(t, x) == \at(s2_tr(t, x), Pre);
    ensures pend_unmap_tree: s2_tree(t);
*/
int s2_unmap(struct s2_table *t, uint64_t ipa, uint64_t size);

/*
 * Cross-VM properties, stated for vm/: mapping into one VM keeps its tables
 * disjoint from another VM's and keeps the two isolated, given that the new
 * output range is not reachable through the other VM.  (The allocator side,
 * "never through a table when the allocator owns the page for the
 * hypervisor", needs the allocator's ownership predicate from mm/bitalloc.)
 */
/*@ requires pend_iso_pre: s2_ok(t) && s2_ok(other) && s2_tree(t) && s2_tree(other) &&
             s2_disjoint(t, other) && s2_isolated(t, other) && t->pool == other->pool &&
             \separated(t, other) &&
             (\forall integer p; pa / 4096 <= p < (pa + size) / 4096 ==> !s2_maps_page(other, p));
    ensures pend_iso_disjoint: s2_disjoint(t, other);
    ensures pend_iso_isolated: s2_isolated(t, other);
*/
int s2_map_isolated(struct s2_table *t, struct s2_table *other, uint64_t ipa, uint64_t pa,
		    uint64_t size, uint32_t attrs);

/* The cross-VM statement applied to s2_map itself (no extra code). */
int s2_map_isolated(struct s2_table *t, struct s2_table *other, uint64_t ipa, uint64_t pa,
		    uint64_t size, uint32_t attrs)
{
	(void)other;
	return s2_map(t, ipa, pa, size, attrs);
}
