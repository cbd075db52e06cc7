/*
 * Guest RAM ownership meets stage 2 (issue 4): proof harnesses, units
 * stage2-ram-a64 and stage2-ram-npt (mk/stage2.mk).  Nothing here is
 * compiled into the hypervisor.
 *
 * The page allocator's ghost owner map (specs/bitalloc/owners.c, unit
 * bitalloc-owners) names who holds each page; the stage-2 engine's ghost
 * shadow (s2_maps_page, specs/stage2/isolation.acsl) names the pages a table
 * reaches.  A VM's table is "backed" when every page it reaches is held for
 * that VM (s2_backed).  The harnesses below do what vm/vm.c does with RAM,
 * through the proved contracts only: take pages for the VM and map them
 * (ram_give, as take_ram + map_ram), or unmap and give pages back to the
 * allocator (ram_reclaim; with no pages, a plain unmap).  They keep the VM's table
 * backed and every other VM's table backed, so no table reaches a page the
 * allocator holds for the hypervisor (backed_excludes) and no page is
 * reachable through two VMs (backed_isolated); pages given back are free
 * and reached by no table.  vm/vm.c itself keeps owners in mm/phys.c's
 * records, which are host-tested, not proved: the harnesses are the
 * argument, not the code.
 *
 * Each allocator call is followed by specs/stage2/walks_kept.inc, which
 * shows both tables' walks unchanged by it.
 */
#include "specs/bitalloc/owners.h"
#include "mm/stage2.h"
#include "stage2_hooks.h"
#include "mm/stage2_logic.h"
#include "specs/stage2/isolation.acsl"

/* From specs/stage2/isolation.c (contract proved in units stage2-iso-*). */
int s2_change_beside(struct s2_table *t, struct s2_table *o, bool unmap, uint64_t ipa,
		     uint64_t pa, uint64_t size, uint32_t attrs);

/*@ // The allocator, its owner map and the two tables: all apart, and the
    // allocator's pages all have physical page numbers.
    predicate ram_world{L}(struct bitalloc *a, uint8_t *owner, integer pfn0,
                           struct s2_table *t, struct s2_table *o) =
      inv(a) && owned_used(a, owner) && s2_two_vms(t, o) &&
      0 <= pfn0 && (pfn0 + cap(a)) * 4096 <= 0xffffffffffffffff &&
      \valid(owner + (0 .. cap(a) - 1)) &&
      \separated(owner + (0 .. cap(a) - 1), a, a->words + (0 .. a->nwords - 1)) &&
      \separated(a, t, o, t->pool, o->pool) &&
      \separated(a->words + (0 .. a->nwords - 1), t, o, t->pool, o->pool) &&
      \separated(owner + (0 .. cap(a) - 1), t, o, t->pool, o->pool) &&
      \separated(a, t->pool->frames + (0 .. t->pool->nframes - 1)) &&
      \separated(a->words + (0 .. a->nwords - 1), t->pool->frames + (0 .. t->pool->nframes - 1)) &&
      \separated(owner + (0 .. cap(a) - 1), t->pool->frames + (0 .. t->pool->nframes - 1));
*/

/*
 * A table backed by `who` reaches no page the allocator holds for anyone
 * else: the hypervisor's own pages, another VM's (proof only).
 */
/*@ requires s2_backed(t, owner, cap, pfn0, who);
    requires pfn0 <= p < pfn0 + cap && owner[p - pfn0] != who;
    assigns \nothing;
    ensures !s2_maps_page(t, p);
    exits \false;
*/
void backed_excludes(struct s2_table *t, uint8_t *owner, uint64_t cap, uint64_t pfn0,
		     uint8_t who, uint64_t p)
{
	(void)t;
	(void)owner;
	(void)cap;
	(void)pfn0;
	(void)who;
	(void)p;
}

/*
 * A table backed by `who` (not 0) reaches no page that nobody holds (proof
 * only): what owned_alloc hands out is unreached.
 */
/*@ requires s2_backed(t, owner, cap, pfn0, who) && who != 0;
    assigns \nothing;
    ensures \forall integer q; 0 <= q < cap && owner[q] == 0 ==> !s2_maps_page(t, pfn0 + q);
    exits \false;
*/
void backed_unheld(struct s2_table *t, uint8_t *owner, uint64_t cap, uint64_t pfn0, uint8_t who)
{
	(void)t;
	(void)owner;
	(void)cap;
	(void)pfn0;
	(void)who;
}

/* Tables backed by two owners share no page (proof only). */
/*@ requires s2_backed(t, owner, cap, pfn0, who) && s2_backed(o, owner, cap, pfn0, ow);
    requires who != ow;
    assigns \nothing;
    ensures s2_isolated(t, o);
    exits \false;
*/
void backed_isolated(struct s2_table *t, struct s2_table *o, uint8_t *owner, uint64_t cap,
		     uint64_t pfn0, uint8_t who, uint8_t ow)
{
	(void)t;
	(void)o;
	(void)owner;
	(void)cap;
	(void)pfn0;
	(void)who;
	(void)ow;
}

/*
 * Give back to the allocator pages [base, base + pages) that VM `who` holds
 * and that neither table reaches (a map that failed with the translation
 * unchanged).  Both tables stay backed: t's pages and o's are as before, and
 * only pages no table reaches changed owner.
 */
/*@ requires ram_world(a, owner, pfn0, t, o);
    requires who != 0 && ow != who;
    requires s2_backed(t, owner, cap(a), pfn0, who) && s2_backed(o, owner, cap(a), pfn0, ow);
    requires base + pages <= cap(a);
    requires \forall integer q; base <= q < base + pages ==>
               owner[q] == who && !s2_maps_page(t, pfn0 + q) && !s2_maps_page(o, pfn0 + q);
    assigns a->words[0 .. a->nwords - 1], a->nfree, owner[0 .. cap(a) - 1];
    ensures ram_world(a, owner, pfn0, t, o);
    ensures own_backed: s2_backed(t, owner, cap(a), pfn0, who);
    ensures other_backed: s2_backed(o, owner, cap(a), pfn0, ow);
    ensures isolated: s2_isolated(t, o);
    ensures returned: \forall integer q; base <= q < base + pages ==> owner[q] == 0 && free(a, q) &&
              !s2_maps_page(t, pfn0 + q) && !s2_maps_page(o, pfn0 + q);
    exits \false;
*/
static void ram_return(struct bitalloc *a, uint8_t *owner, uint64_t pfn0, struct s2_table *t,
		       uint8_t who, struct s2_table *o, uint8_t ow, uint64_t base, uint64_t pages)
{
	(void)owned_free(a, owner, who, base, pages);
#include "specs/stage2/walks_kept.inc"
	/*@ assert end_vms: s2_two_vms(t, o); */
	/*@ assert end_alloc: inv(a) && owned_used(a, owner); */
	/*@ assert end_backed: s2_backed(t, owner, cap(a), pfn0, who) &&
	      s2_backed(o, owner, cap(a), pfn0, ow);
	*/
	backed_isolated(t, o, owner, bitalloc_capacity(a), pfn0, who, ow);
}

/*
 * Give VM `who` (table t) `pages` new pages of RAM at ipa: take them from
 * the allocator for who, map them, and give them back when the map fails
 * (a failed map changes no translation, whatever its error: map_kept).
 * Another VM `ow` (table o) keeps its pages and stays isolated from t.
 */
/*@ requires ram_world(a, owner, pfn0, t, o);
    requires who != 0 && ow != 0 && ow != who;
    requires s2_backed(t, owner, cap(a), pfn0, who) && s2_backed(o, owner, cap(a), pfn0, ow);
    requires \valid(base) && \separated(base, a, a->words + (0 .. a->nwords - 1),
                                        owner + (0 .. cap(a) - 1), t, o, t->pool, o->pool,
                                        t->pool->frames + (0 .. t->pool->nframes - 1));
    assigns a->words[0 .. a->nwords - 1], a->nfree, *base, owner[0 .. cap(a) - 1],
            t->tables, *(&t->pool->frames[0][0] + (0 .. t->pool->nframes * PT_ENTRIES - 1)), pt_g;
    ensures ram_world(a, owner, pfn0, t, o);
    ensures own_backed: s2_backed(t, owner, cap(a), pfn0, who);
    ensures other_backed: s2_backed(o, owner, cap(a), pfn0, ow);
    ensures isolated: s2_isolated(t, o);
    exits \false;
*/
int ram_give(struct bitalloc *a, uint8_t *owner, uint64_t pfn0, struct s2_table *t, uint8_t who,
	     struct s2_table *o, uint8_t ow, uint64_t ipa, uint64_t pages, unsigned align_log2,
	     uint32_t attrs, uint64_t *base)
{
	bool taken;
	int rc;

	backed_isolated(t, o, owner, bitalloc_capacity(a), pfn0, who, ow);
	backed_unheld(t, owner, bitalloc_capacity(a), pfn0, who);
	backed_unheld(o, owner, bitalloc_capacity(a), pfn0, ow);
	taken = owned_alloc(a, owner, who, pages, align_log2, base);
#include "specs/stage2/walks_kept.inc"
	if (!taken) {
		/*@ assert none_vms: s2_two_vms(t, o); */
		/*@ assert none_backed: s2_backed(t, owner, cap(a), pfn0, who) &&
		      s2_backed(o, owner, cap(a), pfn0, ow);
		*/
		return S2_ENOMEM;
	}
	/*@ assert new_free: \forall integer q; *base <= q < *base + pages ==>
	      \at(owner[q], Pre) == 0 && owner[q] == who;
	*/
	/*@ assert new_unreached_pre: \forall integer q; *base <= q < *base + pages ==>
	      !\at(s2_maps_page(t, pfn0 + q), Pre) && !\at(s2_maps_page(o, pfn0 + q), Pre);
	*/
	/*@ assert new_unreached: \forall integer q; *base <= q < *base + pages ==>
	      !s2_maps_page(t, pfn0 + q) && !s2_maps_page(o, pfn0 + q);
	*/
	/*@ assert new_pages: \forall integer q;
	      (pfn0 + *base) * 4096 <= q < (pfn0 + *base + pages) * 4096 ==>
	      pfn0 + *base <= q / 4096 < pfn0 + *base + pages;
	*/
	/*@ assert new_unreached_p: \forall integer p; pfn0 + *base <= p < pfn0 + *base + pages ==>
	      !s2_maps_page(t, p) && !s2_maps_page(o, p);
	*/
	/*@ assert fresh: \forall integer q;
	      (pfn0 + *base) * 4096 <= q < (pfn0 + *base + pages) * 4096 ==>
	      !s2_maps_page(o, q / 4096);
	*/
	/*@ assert still_backed: s2_backed(t, owner, cap(a), pfn0, who) &&
	      s2_backed(o, owner, cap(a), pfn0, ow);
	*/
	/*@ assert still_vms: s2_two_vms(t, o); */
	backed_isolated(t, o, owner, bitalloc_capacity(a), pfn0, who, ow);
Allocated:
	rc = s2_change_beside(t, o, false, ipa, (pfn0 + *base) * S2_PAGE_SIZE, pages * S2_PAGE_SIZE,
			      attrs);
	/*@ assert map_fields: o->ipa_limit == \at(o->ipa_limit, Allocated) &&
	      t->ipa_limit == \at(t->ipa_limit, Allocated);
	*/
	/*@ assert o_tr: \forall integer x; 0 <= x ==> s2_tr(o, x) == \at(s2_tr(o, x), Allocated); */
	/*@ assert o_pages: \forall integer p; s2_maps_page(o, p) <==> \at(s2_maps_page(o, p), Allocated); */
	if (rc != S2_OK) {
		/*@ assert t_tr: \forall integer x; 0 <= x ==> s2_tr(t, x) == \at(s2_tr(t, x), Allocated); */
		/*@ assert t_pages: \forall integer p;
		      s2_maps_page(t, p) <==> \at(s2_maps_page(t, p), Allocated);
		*/
		/*@ assert unreached: \forall integer q; *base <= q < *base + pages ==>
		      !s2_maps_page(t, pfn0 + q) && !s2_maps_page(o, pfn0 + q);
		*/
		/*@ assert fail_alloc: inv(a) && owned_used(a, owner); */
		/*@ assert fail_vms: s2_two_vms(t, o); */
		/*@ assert fail_world: ram_world(a, owner, pfn0, t, o); */
		ram_return(a, owner, pfn0, t, who, o, ow, *base, pages);
		return rc;
	}
	/*@ assert owner_kept: \forall integer q; 0 <= q < cap(a) ==> owner[q] == \at(owner[q], Allocated); */
	/*@ assert mapped_alloc: inv(a) && owned_used(a, owner); */
	/*@ assert mapped_vms: s2_two_vms(t, o); */
	/*@ assert t_new: \forall integer p; s2_maps_page(t, p) ==>
	      \at(s2_maps_page(t, p), Allocated) || (pfn0 + *base <= p < pfn0 + *base + pages);
	*/
	/*@ assert end_backed: s2_backed(t, owner, cap(a), pfn0, who) &&
	      s2_backed(o, owner, cap(a), pfn0, ow);
	*/
	return rc;
}

/*
 * Take RAM back from VM `who`: unmap [ipa, ipa + size) from t, then give
 * pages [base, base + pages) back to the allocator.  The caller (vm/) knows
 * that only IPAs of that range reach those pages (it maps each RAM page at
 * one IPA: only_range).  With pages 0 this is a plain unmap that keeps the
 * pages with who.  After a success nobody holds the pages, the
 * allocator has them free and no table reaches them; after a failed unmap
 * nothing changed and the pages stay with who.
 */
/*@ requires ram_world(a, owner, pfn0, t, o);
    requires who != 0 && ow != who;
    requires s2_backed(t, owner, cap(a), pfn0, who) && s2_backed(o, owner, cap(a), pfn0, ow);
    requires s2_isolated(t, o);
    requires base + pages <= cap(a);
    requires held: \forall integer q; base <= q < base + pages ==> owner[q] == who;
    requires only_range: \forall integer x; 0 <= x < t->ipa_limit && s2_tr(t, x) >= 0 &&
               pfn0 + base <= s2_tr(t, x) / 16 / 4096 < pfn0 + base + pages ==> ipa <= x < ipa + size;
    assigns a->words[0 .. a->nwords - 1], a->nfree, owner[0 .. cap(a) - 1],
            t->tables, *(&t->pool->frames[0][0] + (0 .. t->pool->nframes * PT_ENTRIES - 1)), pt_g;
    ensures ram_world(a, owner, pfn0, t, o);
    ensures own_backed: s2_backed(t, owner, cap(a), pfn0, who);
    ensures other_backed: s2_backed(o, owner, cap(a), pfn0, ow);
    ensures isolated: s2_isolated(t, o);
    ensures reclaimed: \result == S2_OK ==> \forall integer q; base <= q < base + pages ==>
              owner[q] == 0 && free(a, q) && !s2_maps_page(t, pfn0 + q) && !s2_maps_page(o, pfn0 + q);
    exits \false;
*/
int ram_reclaim(struct bitalloc *a, uint8_t *owner, uint64_t pfn0, struct s2_table *t, uint8_t who,
		struct s2_table *o, uint8_t ow, uint64_t ipa, uint64_t size, uint64_t base,
		uint64_t pages)
{
	int rc;

	/*@ assert o_apart: \forall integer p; pfn0 + base <= p < pfn0 + base + pages ==>
	      !s2_maps_page(o, p);
	*/
	rc = s2_change_beside(t, o, true, ipa, 0, size, 0);
	/*@ assert unmap_fields: o->ipa_limit == \at(o->ipa_limit, Pre) &&
	      t->ipa_limit == \at(t->ipa_limit, Pre);
	*/
	/*@ assert o_tr: \forall integer x; 0 <= x ==> s2_tr(o, x) == \at(s2_tr(o, x), Pre); */
	/*@ assert o_pages: \forall integer p; s2_maps_page(o, p) <==> \at(s2_maps_page(o, p), Pre); */
	/*@ assert owner_kept: \forall integer q; 0 <= q < cap(a) ==> owner[q] == \at(owner[q], Pre); */
	/*@ assert unmap_alloc: inv(a) && owned_used(a, owner); */
	/*@ assert unmap_vms: s2_two_vms(t, o); */
	/*@ assert unmap_world: ram_world(a, owner, pfn0, t, o); */
	/*@ assert unmap_backed: s2_backed(t, owner, cap(a), pfn0, who) &&
	      s2_backed(o, owner, cap(a), pfn0, ow);
	*/
	if (rc != S2_OK)
		return rc;
	/*@ assert t_rest: \forall integer x; 0 <= x < t->ipa_limit && !(ipa <= x < ipa + size) ==>
	      s2_tr(t, x) == \at(s2_tr(t, x), Pre);
	*/
	/*@ assert t_gone: \forall integer p; pfn0 + base <= p < pfn0 + base + pages ==>
	      !s2_maps_page(t, p);
	*/
	/*@ assert unreached: \forall integer q; base <= q < base + pages ==>
	      owner[q] == who && !s2_maps_page(t, pfn0 + q) && !s2_maps_page(o, pfn0 + q);
	*/
	ram_return(a, owner, pfn0, t, who, o, ow, base, pages);
	return rc;
}
