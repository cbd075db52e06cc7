/*
 * Pending stage-2 properties (issue 4): stated here, NOT yet proved.
 *
 * `make prove-pending-stage2` (also run by `make prove-pending`) feeds this
 * file to WP together with mm/stage2.c; Frama-C merges these contracts into
 * the engine's own, and WP reports the named properties below as unproved.
 * They are kept out of `make prove`, which proves everything it contains.
 *
 * Proved since (make prove, contracts in mm/stage2.c / mm/stage2.h /
 * mm/stage2_logic.h): the frame condition (assigns) of s2_unmap; the special
 * case of pend_map_fail / pend_unmap_fail for argument errors (map_einval,
 * map_erange, unmap_einval, unmap_erange: S2_EINVAL and S2_ERANGE leave
 * t->tables and s2_tr unchanged); and, with the ghost ownership model of the
 * pool (mm/pt_pool.h), the tree property and table disjointness between VMs:
 * s2_map and s2_unmap keep s2_wf (mm/stage2_logic.h), and the lemmas
 * s2_wf_tree and s2_wf_disjoint derive s2_tree and s2_disjoint from it.
 *
 * Proved since (seventh session, mm/stage2.c): the first pass keeps every
 * translation (tr_kept of alloc_table, link_table, get_child, map_step,
 * map_pass with commit false); get_child keeps the walk above its level
 * (at_kept, with s2_at in mm/stage2_logic.h) and returns the table its entry
 * links (child); set_leaf's tr_leaf / tr_other: after the write, an IPA
 * whose walk reached (frame, idx) translates through the new leaf, every
 * other IPA as before.
 *
 * What is left, in this order (specs/pending/stage2_wf_status.md):
 *  3. join them for the committing pass.  map_step's loop invariant:
 *     every x below 2^48 with ipa's indices above this level has
 *     s2_at(t, level, x) == f (kept through get_child by at_kept and child,
 *     and prefix_facts below); then its region [ipa, ipa + step) is exactly
 *     the IPAs whose walk reaches (f, idx) (at_unique_facts: a walk that
 *     reaches f came through f's one parent entry), so set_leaf's tr_leaf
 *     and leaf_facts / s2_fmt_leaf_attr_facts give
 *     s2_tr(x) = (pa + x - ipa) * 16 + perm there and tr_other keeps it
 *     elsewhere; map_pass accumulates that over its loop (invariant: mapped
 *     on [ipa0, ipa), unchanged outside).  s2_map must pass
 *     s2_fmt_attrs_okp(perm) down (s2_fmt_attrs_ok ensures it);
 *  4. for pend_map_fail also "every table but the root holds a valid entry"
 *     (the invariant in the header comment of mm/stage2.c, not part of
 *     s2_ok), so that clear_pass(t, ipa, size, false) releases exactly the
 *     tables the failed pass created and t->tables returns to its old value;
 *  5. for the cross-VM statements: s2_map on t leaves the frames and ghost
 *     records of every other table alone (its writes go to t's frames and to
 *     frames the pool handed out), so that the other table keeps s2_wf and
 *     its translation.
 */
#include "mm/stage2.h"
#include "stage2_hooks.h"
#include "mm/stage2_logic.h"
#include "specs/stage2/tree.acsl"

/*
 * Facts for step 3 (the committing pass).  Written and proved inside
 * mm/stage2.c in the session of 2026-11-23 (at_unique_facts and prefix_facts
 * for the AArch64 format, leaf_facts for both), then moved here so that the
 * engine holds no unused function; prove-pending-stage2 does not re-prove
 * them (it reports the pend_* properties only).  Move them back into
 * mm/stage2.c beside the s2_at facts when map_step uses them.
 *  - at_unique_facts: two walks that reach the same table came through the
 *    same entry one level up (the record names one parent entry);
 *  - prefix_facts: IPAs below 2^48 with the same index at every level down
 *    to l lie in the same level-l region, and conversely;
 *  - leaf_facts: a leaf written for pa is valid, not a table descriptor,
 *    and reads back as pa.
 * The attribute read-back (s2_fmt_attrs_l(s2_fmt_leaf_l(pa, l, perm)) ==
 * perm when s2_fmt_attrs_okp(perm)) is a format fact:
 * s2_fmt_leaf_attr_facts in arch/aarch64/stage2_format.h and
 * arch/x86_64/npt_format.h, proved by make prove.
 */
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
	/* In mm/stage2.c this called at_owned_facts(t) (a walk reaches only t's tables). */
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

/*@
    // Ghost shadow for vm/: physical page p is reachable through table t.
    predicate s2_maps_page{L}(struct s2_table *t, integer p) =
      \exists integer x; 0 <= x < t->ipa_limit && s2_tr(t, x) >= 0 && s2_tr(t, x) / 16 / 4096 == p;

    // Isolation: no physical page reachable through two VMs' tables.
    predicate s2_isolated{L}(struct s2_table *a, struct s2_table *b) =
      \forall integer p; !(s2_maps_page(a, p) && s2_maps_page(b, p));
*/

/*@ requires pend_map_wf: s2_ok(t) && s2_wf(t);
    ensures pend_map_range: \result == S2_OK ==>
      \forall integer x; ipa <= x < ipa + size ==>
        s2_tr(t, x) == (pa + (x - ipa)) * 16 + attrs % S2_NO_BLOCKS;
    ensures pend_map_frame: \result == S2_OK ==>
      \forall integer x; 0 <= x < t->ipa_limit && !(ipa <= x < ipa + size) ==>
        s2_tr(t, x) == \at(s2_tr(t, x), Pre);
    ensures pend_map_fail: \result != S2_OK ==> t->tables == \old(t->tables) &&
      \forall integer x; 0 <= x < t->ipa_limit ==> s2_tr(t, x) == \at(s2_tr(t, x), Pre);
*/
int s2_map(struct s2_table *t, uint64_t ipa, uint64_t pa, uint64_t size, uint32_t attrs);

/*@ requires pend_unmap_wf: s2_ok(t) && s2_wf(t);
    ensures pend_unmap_range: \result == S2_OK ==>
      \forall integer x; ipa <= x < ipa + size ==> s2_tr(t, x) == -1;
    ensures pend_unmap_frame: \result == S2_OK ==>
      \forall integer x; 0 <= x < t->ipa_limit && !(ipa <= x < ipa + size) ==>
        s2_tr(t, x) == \at(s2_tr(t, x), Pre);
    ensures pend_unmap_fail: \result != S2_OK ==>
      \forall integer x; 0 <= x < t->ipa_limit ==> s2_tr(t, x) == \at(s2_tr(t, x), Pre);
*/
int s2_unmap(struct s2_table *t, uint64_t ipa, uint64_t size);

/*
 * Cross-VM properties, stated for vm/: mapping into one VM keeps its tables
 * disjoint from another VM's and keeps the two isolated, given that the new
 * output range is not reachable through the other VM.  (The allocator side,
 * "never through a table when the allocator owns the page for the
 * hypervisor", needs the allocator's ownership predicate from mm/bitalloc.)
 */
/*@ requires pend_iso_pre: s2_ok(t) && s2_ok(other) && s2_wf(t) && s2_wf(other) &&
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
