/*
 * Cross-VM properties of the stage-2 engine (issue 4): proof harnesses,
 * units stage2-iso-a64 and stage2-iso-npt (mk/stage2.mk).  They read
 * mm/stage2.c for the contracts of s2_map, s2_unmap, s2_create and
 * s2_destroy, which the units stage2-a64 and stage2-npt prove (map_within,
 * map_others, unmap_shrink, unmap_others, create_others, create_fail_kept,
 * destroy_only_own).  Nothing
 * here is compiled into the hypervisor.
 *
 * The engine proves of every map and unmap on table t that the frames and
 * ghost records of every other table over the arena stay as they were
 * (s2_others_kept, mm/stage2_logic.h), and of s2_create the same for every
 * table but the new one (s2_pool_others_kept: the new root is a frame no
 * table held), or for every table when it fails.  From that, here: another
 * VM's table o keeps its tree invariant and every translation, and the two
 * stay isolated (no physical page reachable through both); a new table
 * maps nothing, so it and o are isolated; destroying t frees only t's
 * frames (destroy_only_own), so o is kept.  The argument about o, from
 * s2_table_kept below, is written once in specs/stage2/table_kept.inc and
 * included by both harnesses.  Disjointness of the two tables' frames
 * follows from s2_wf of both by lemma s2_wf_disjoint (specs/stage2/tree.c).
 */
#include "mm/stage2.h"
#include "stage2_hooks.h"
#include "mm/stage2_logic.h"
#include "specs/stage2/isolation.acsl"

/*
 * What the engine's s2_others_kept on t says of o: o's frames are foreign
 * to t (o's root differs from t's), so they are kept (proof only).
 */
/*@ requires s2_two_vms(t, o);
    requires t->pool->frames == o->pool->frames;
    assigns \nothing;
    ensures \forall integer f; 0 <= f < o->pool->nframes && pt_g.owner[f] == o->root + 1 ==>
              s2_foreign(t, f);
    exits \false;
*/
static void foreign_facts(const struct s2_table *t, const struct s2_table *o)
{
	(void)t;
	(void)o;
}

/*
 * Mapping into t (unmap false) or unmapping from t (unmap true) keeps
 * another VM's table o: its tree invariant, its root and every translation.
 * Both keep t and o isolated: an unmap only takes translations away
 * (unmap_shrink), and a map adds only translations into [pa, pa + size),
 * which it must be given as a range o cannot reach.  One harness for both
 * calls, so that the argument about them is written once.
 */
/*@ requires pre_vms: s2_two_vms(t, o);
    requires pre_iso: s2_isolated(t, o);
    requires pre_fresh: !unmap ==>
               \forall integer q; pa <= q < pa + size ==> !s2_maps_page(o, q / 4096);
    assigns t->tables, *(&t->pool->frames[0][0] + (0 .. t->pool->nframes * PT_ENTRIES - 1)), pt_g;
    ensures other_wf: s2_wf(o) && o->root == \old(o->root);
    ensures other_tr: \forall integer x; 0 <= x ==> s2_tr(o, x) == \old(s2_tr(o, x));
    ensures own_wf: s2_ok(t) && s2_wf(t) && t->root == \old(t->root);
    ensures isolated: s2_isolated(t, o);
    ensures own_kept: !unmap && \result != S2_OK ==>
              \forall integer x; 0 <= x ==> s2_tr(t, x) == \old(s2_tr(t, x));
    ensures own_pages: \forall integer p; s2_maps_page(t, p) ==> \old(s2_maps_page(t, p)) ||
              (!unmap && \exists integer q; pa <= q < pa + size && p == q / 4096);
    ensures own_unmapped: unmap && \result == S2_OK ==>
              \forall integer x; ipa <= x < ipa + size ==> s2_tr(t, x) == -1;
    ensures own_rest: unmap ==> \forall integer x; 0 <= x < t->ipa_limit && !(ipa <= x < ipa + size) ==>
              s2_tr(t, x) == \old(s2_tr(t, x));
    exits \false;
*/
int s2_change_beside(struct s2_table *t, struct s2_table *o, bool unmap, uint64_t ipa,
		     uint64_t pa, uint64_t size, uint32_t attrs)
{
	int rc;

	foreign_facts(t, o);
	if (unmap)
		rc = s2_unmap(t, ipa, size);
	else
		rc = s2_map(t, ipa, pa, size, attrs);
	/*@ assert o_kept: s2_table_kept{Pre, Here}(o); */
#include "specs/stage2/table_kept.inc"
	/*@ assert o_pages: \forall integer p; s2_maps_page(o, p) ==> \at(s2_maps_page(o, p), Pre); */
	/*@ assert t_pages_unmap: unmap ==> \forall integer p; s2_maps_page(t, p) ==>
	      \at(s2_maps_page(t, p), Pre);
	*/
	/*@ assert t_pages_map: !unmap ==> \forall integer p; s2_maps_page(t, p) ==>
	      \at(s2_maps_page(t, p), Pre) ||
	      (\exists integer q; pa <= q < pa + size && p == q / 4096);
	*/
	return rc;
}

/*
 * Creating a table t from a pool over the arena keeps another VM's table o:
 * its tree invariant, its root and every translation, whatever s2_create
 * returns (create_others: only t's new root, a frame no table held, and
 * stale records of t's owner id change; create_fail_kept: a failure
 * changes no frame and no record).  On success the new table and o are two
 * VMs' tables over the arena (s2_two_vms), isolated since t maps nothing.
 */
/*@ requires pre_other: s2_ok(o) && s2_wf(o);
    requires pre_pool: pool != \null && s2_pool_arg(pool) &&
               pool->frames == o->pool->frames && pool->nframes == o->pool->nframes;
    requires pre_sep: \valid(t) && \separated(t, o) && \separated(t, o->pool) &&
               \separated(t, pool) && \separated(t, pool->frames + (0 .. pool->nframes - 1));
    assigns *t, *(&pool->frames[0][0] + (0 .. pool->nframes * PT_ENTRIES - 1)), pt_g;
    ensures other_wf: s2_ok(o) && s2_wf(o) && o->root == \old(o->root);
    ensures other_tr: \forall integer x; 0 <= x ==> s2_tr(o, x) == \old(s2_tr(o, x));
    ensures two_vms: \result == S2_OK ==> s2_two_vms(t, o);
    ensures isolated: \result == S2_OK ==> s2_isolated(t, o);
    exits \false;
*/
int s2_create_beside(struct s2_table *t, struct pt_pool *pool, struct s2_table *o, uint16_t vmid,
		     unsigned ipa_bits, unsigned pa_bits, uint32_t cfg)
{
	int rc = s2_create(t, pool, vmid, ipa_bits, pa_bits, cfg);

	/*@ assert o_fields: o->pool == \at(o->pool, Pre) && o->root == \at(o->root, Pre) &&
	      pool->frames == pt_arena && o->pool->frames == pool->frames &&
	      o->pool->nframes == pool->nframes;
	*/
	/*@ assert new_root: rc == S2_OK ==> t->root != o->root; */
	/*@ assert o_kept_ok: rc == S2_OK ==> s2_table_kept{Pre, Here}(o); */
	/*@ assert o_kept_fail: rc != S2_OK ==> s2_table_kept{Pre, Here}(o); */
	/*@ assert o_kept: s2_table_kept{Pre, Here}(o); */
#include "specs/stage2/table_kept.inc"
	/*@ assert t_wf: rc == S2_OK ==> s2_ok(t) && s2_wf(t); */
	/*@ assert two_ok: rc == S2_OK ==> s2_ok(o) && t->root != o->root &&
	      t->pool->nframes == o->pool->nframes;
	*/
	/*@ assert two_sep: rc == S2_OK ==> \separated(t, o) && \separated(&t->tables, o->pool) &&
	      \separated(o, t->pool->frames + (0 .. t->pool->nframes - 1)) &&
	      \separated(o->pool, t->pool->frames + (0 .. t->pool->nframes - 1));
	*/
	/*@ assert t_pages: rc == S2_OK ==> \forall integer p; !s2_maps_page(t, p); */
	return rc;
}

/*
 * Destroying table t keeps another VM's table o: its tree invariant, its
 * root and every translation (destroy_only_own: s2_destroy frees only
 * frames that t held, and writes no frame and no other record).
 */
/*@ requires pre_vms: s2_two_vms(t, o);
    requires pre_sep: \separated(t, o->pool);
    assigns *t, pt_g.owner[0 .. PT_POOL_MAX_FRAMES - 1];
    ensures other_wf: s2_ok(o) && s2_wf(o) && o->root == \old(o->root);
    ensures other_tr: \forall integer x; 0 <= x ==> s2_tr(o, x) == \old(s2_tr(o, x));
    exits \false;
*/
int s2_destroy_beside(struct s2_table *t, struct s2_table *o)
{
	int rc = s2_destroy(t);

	/*@ assert o_fields: o->pool == \at(o->pool, Pre) && o->root == \at(o->root, Pre) &&
	      o->pool->frames == \at(o->pool->frames, Pre) && o->pool->nframes == \at(o->pool->nframes, Pre);
	*/
	/*@ assert o_kept: s2_table_kept{Pre, Here}(o); */
#include "specs/stage2/table_kept.inc"
	/*@ assert o_ok: s2_ok(o); */
	return rc;
}
