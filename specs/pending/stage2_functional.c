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
 * Proved since (seventh session, mm/stage2.c): what a successful map does,
 * map_range and map_frame in s2_map's contract (formerly pend_map_range and
 * pend_map_frame): every IPA of the range translates to pa onwards with
 * exactly the requested attributes, every other IPA below the IPA limit as
 * before.  The pieces: the first pass keeps every translation (tr_kept of
 * alloc_table, link_table, new_child, prepare_step, map_pass); new_child keeps
 * the walk above its level (at_kept, s2_at in mm/stage2_logic.h) and returns
 * the table its entry links; set_leaf changes exactly the translations of the
 * walks through its entry; commit_leaf shows those are the IPAs of the
 * entry's region (at_unique_facts: a table's record names one parent entry)
 * and that they read back as pa + offset with exactly perm (leaf_facts,
 * s2_fmt_leaf_attr_facts in each format); commit_step and map_pass carry
 * it over the range.
 *
 * Proved since (eighth session, mm/stage2.c): a map that fails with
 * S2_EEXIST or S2_ENOMEM changes no translation (map_kept: unlink_table, the
 * reverse of link_table, keeps every walk, so clear_pass(clear=false) does);
 * a failed unmap changes no translation (unmap_fail, formerly
 * pend_unmap_fail: replace_block swaps a block for a table of leaves that
 * read back the same, split_read_facts; split_block refuses, S2_ECORRUPT, a
 * block whose attributes the engine cannot express, which it never writes).
 * The committing pass of s2_map now reports any failure as S2_ECORRUPT, so
 * pend_map_fail is left with: that pass cannot fail (3 below), and
 * t->tables returns to its old value (4 below).
 *
 * What is left (specs/pending/stage2_wf_status.md):
 *  3. (proved since 2026-12-07, night; mm/stage2.c) the committing pass
 *     cannot fail, so every failed map leaves every translation as it was
 *     (map_kept in s2_map's contract now covers every error code).  Stated
 *     per IPA, so that no step sequence is modelled: s2_ready_at(t, x, lo,
 *     hi, dpa, e, nb) says the walk of x is linked down to its first
 *     invalid entry and, at level 1 or 2, that entry's region lies in
 *     [lo, hi) and a block of the mapping fits there.  The first pass
 *     (prepare_step) leaves every IPA of its step ready (first_new,
 *     leaf_ready_facts) and writes no entry an earlier IPA's walk reads
 *     (first_same, first_write_facts: the entry it links covers the step's
 *     own region; new_child / link_table / set_leaf keep the whole walk of
 *     an IPA that does not read the written entry, walk_same), so map_pass
 *     ensures first_ready.  The committing pass is now its own step,
 *     commit_step, which only follows links and never allocates; a ready
 *     IPA is s2_walk_ready (s2_ready_facts), so its step writes its leaf
 *     (commit_ready), and the later IPAs stay ready from the next step on
 *     (commit_keep: a region that covers a later IPA's invalid entry starts
 *     after the step, step_apart_facts).  map_pass ensures commit_ok.
 *  4. pend_map_fail (what is left of it): after a failed first pass
 *     "every table but the root holds a valid entry" (the invariant in the
 *     header comment of mm/stage2.c, not part of s2_ok) so that clear_pass
 *     releases exactly the tables the failed pass created and t->tables
 *     returns to its old value.
 *
 * Proved since (tenth session, mm/stage2.c): an unmap changes no IPA
 * outside its range (unmap_frame in s2_unmap's contract, formerly
 * pend_unmap_frame; unconditional, since a failed unmap changes nothing).
 * clear_leaf writes an invalid descriptor through set_leaf (tr_clear,
 * tr_other) on the level region of an aligned ipa (entry_region_facts);
 * clear_descend records its walk with walk_path (reads only; its recorded
 * tables are s2_at(t, k, ipa), idx[k] the entry index of ipa), and
 * path_facts / path_join derive s2_path from s2_wf afterwards, so no loop
 * invariant ties the walk to ipa and the path chain at once; clear_pass,
 * unmap_tail and s2_unmap carry tr_rest.
 *
 * Proved since (2026-12-07, afternoon): what a successful unmap does
 * (unmap_range in s2_unmap's contract, formerly pend_unmap_range): every
 * IPA of the range is unmapped.  s2_wf now also says that a level-0 table
 * holds no leaf (s2_frame_ok).  split_at(addr) leaves no block crossing addr
 * (s2_cut) and only splits blocks (s2_refines, which keeps s2_cut of the
 * other boundary); cut_lo_facts / cut_hi_facts turn the two cuts into
 * s2_inside (every block a walk of the range ends at lies in it); the
 * clearing pass only removes blocks (s2_shrinks), clear_descend clears the
 * region of its step (end_entry_facts: an invalid entry unmaps its region;
 * a leaf lies inside the range, so it is cleared), and inside_shrink_facts
 * carries s2_inside to the next step.
 *
 * Proved since (ninth session): the cross-VM statements (formerly
 * pend_iso_disjoint, pend_iso_isolated; now specs/stage2/isolation.c, units
 * stage2-iso-a64 and stage2-iso-npt).  s2_map and s2_unmap on t leave the
 * frames and ghost records of every other table alone (s2_others_kept,
 * mm/stage2_logic.h, proved for every function that writes), so another
 * VM's table keeps s2_wf and every translation; s2_map changes a
 * translation only to the new one (map_within, whatever it returns), so a
 * map whose physical range the other VM cannot reach keeps the two
 * isolated, and s2_unmap only takes translations away (unmap_shrink).
 *
 * Proved since (2026-12-07, evening): "never through a table when the
 * allocator owns the page for the hypervisor" (specs/stage2/guest_ram.c,
 * units stage2-ram-a64 and stage2-ram-npt): the allocator's ghost owner
 * map (specs/bitalloc/owners.c) meets the ghost shadow through s2_backed
 * (every page a table reaches is held for its VM), which taking pages,
 * mapping them, giving them back after a failed map and unmapping keep
 * for both VMs' tables.
 */
#include "mm/stage2.h"
#include "stage2_hooks.h"
#include "mm/stage2_logic.h"
#include "specs/stage2/tree.acsl"

/*@ requires pend_map_wf: s2_ok(t) && s2_wf(t);
    ensures pend_map_fail: \result != S2_OK ==> t->tables == \old(t->tables);
*/
int s2_map(struct s2_table *t, uint64_t ipa, uint64_t pa, uint64_t size, uint32_t attrs);
