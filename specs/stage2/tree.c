/*
 * Proof unit stage2-tree (make prove-stage2-tree, both formats): the
 * engine's invariant s2_wf (mm/stage2_logic.h), which s2_create establishes
 * and every function writing descriptors keeps (units stage2-a64 and
 * stage2-npt), implies the walk-level properties of specs/stage2/tree.acsl.
 * Lemmas only, in a unit of their own so that the engine's goals do not carry
 * them as hypotheses.  Nothing here is compiled into the hypervisor.
 */
#include "mm/stage2.h"
#include "stage2_hooks.h"
#include "mm/stage2_logic.h"
#include "specs/stage2/tree.acsl"

/*@ // A frame a walk reaches at some level is t's table of that level: a
    // table descriptor in t's table of one level links t's table one below.
    lemma s2_link_owned{L}: \forall struct s2_table *t, integer g, i, l, f;
      s2_wf(t) && s2_owns(t, g, l) && 0 <= i < 512 &&
      s2_links(t, t->pool->frames[g][i], l, f) ==> s2_owns(t, f, l + 1);
    lemma s2_reach1_owned{L}: \forall struct s2_table *t, integer f;
      s2_wf(t) && s2_reach1(t, f) ==> s2_owns(t, f, 1);
    lemma s2_reach2_owned{L}: \forall struct s2_table *t, integer f;
      s2_wf(t) && s2_reach2(t, f) ==> s2_owns(t, f, 2);
    lemma s2_reach3_owned{L}: \forall struct s2_table *t, integer f;
      s2_wf(t) && s2_reach3(t, f) ==> s2_owns(t, f, 3);
    lemma s2_reach_owned{L}: \forall struct s2_table *t, integer l, f;
      s2_wf(t) && s2_reach(t, l, f) ==> s2_owns(t, f, l);

    // The tree property (issue 4: no table frame reachable from two entries),
    // one conjunct at a time.
    lemma s2_wf_one_level{L}: \forall struct s2_table *t, integer l1, l2, f;
      s2_wf(t) && s2_reach(t, l1, f) && s2_reach(t, l2, f) ==> l1 == l2;
    lemma s2_wf_one_entry{L}: \forall struct s2_table *t, integer l, g1, i1, g2, i2, f;
      s2_wf(t) && 0 <= l < 3 && s2_reach(t, l, g1) && s2_reach(t, l, g2) &&
      0 <= i1 < 512 && 0 <= i2 < 512 &&
      s2_links(t, t->pool->frames[g1][i1], l, f) && s2_links(t, t->pool->frames[g2][i2], l, f)
      ==> g1 == g2 && i1 == i2;
    lemma s2_wf_in_pool{L}: \forall struct s2_table *t, integer l, f;
      s2_wf(t) && s2_reach(t, l, f) ==> 0 <= f < t->pool->nframes;
    lemma s2_wf_tree{L}: \forall struct s2_table *t; s2_wf(t) ==> s2_tree(t);

    // Two live tables over the modelled arena share no frame (issue 4: no table
    // frame reachable from two VMs): each frame records one owner.
    lemma s2_wf_disjoint{L}: \forall struct s2_table *a, *b;
      s2_wf(a) && s2_wf(b) && a->root != b->root ==> s2_disjoint(a, b);
*/
