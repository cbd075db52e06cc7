/*
 * Table-page pool: where the stage-2 engine gets and returns the 4 KiB
 * frames that hold its translation tables.
 *
 * The pool is a contiguous array of frames; a frame is named by its index
 * (frame number) in that array, so verified code never casts physical
 * addresses to pointers.  The hypervisor backs the pool with the arena of its
 * page allocator (identity mapped: base_pa == (uintptr_t)frames); host tests
 * back it with a static array and any page-aligned fake base_pa.
 *
 * pt_pool_alloc/pt_pool_free are provided by the backend.  Their contracts
 * are part of the trusted base (specs/TRUSTED.md, section "stage-2").
 */
#ifndef TESSERA_MM_PT_POOL_H
#define TESSERA_MM_PT_POOL_H

#include <stdint.h>

#define PT_ENTRIES     512u
#define PT_FRAME_SHIFT 12u
#define PT_FRAME_SIZE  4096u

/* Largest pool the engine accepts: frame numbers fit in 31 bits with room. */
#define PT_POOL_MAX_FRAMES 0x10000000u

typedef uint64_t pt_frame_t[PT_ENTRIES];

struct pt_pool {
	pt_frame_t *frames; /* frame f is frames[f] */
	uint32_t nframes;   /* number of frames in the arena */
	uint64_t base_pa;   /* physical address of frames[0], page aligned */
	void *ctx;          /* backend state; the engine never reads it */
};

/*@ predicate pt_pool_ok(struct pt_pool *p) =
      \valid(p) && 0 < p->nframes <= PT_POOL_MAX_FRAMES &&
      \valid(p->frames + (0 .. p->nframes - 1)) &&
      p->base_pa % PT_FRAME_SIZE == 0 &&
      p->base_pa + (integer)p->nframes * PT_FRAME_SIZE <= 0x10000000000000;
*/

/*
 * Ghost ownership model (proof only: compilers see comments, the hypervisor
 * and the host tests carry none of it).  For the one frame array pt_arena
 * that the proofs describe (every pool whose frames are pt_arena: the
 * hypervisor gives each VM a pool struct of its own over the same arena),
 * the stage-2 engine records in pt_g, beside every descriptor write, which
 * frames hold tables: for each such frame the owning table (its root frame
 * number + 1; 0 means no table holds it), the level of the table and the
 * entry (parent frame, index) that links it.  The engine sets a frame's
 * record when it links a new table and clears it when it gives the frame back
 * with pt_pool_free (mm/stage2.c); the tree invariant s2_wf
 * (mm/stage2_logic.h) is stated on it.
 *
 * The backend's side is one trusted promise: pt_pool_alloc on a pool over
 * pt_arena never hands out a frame that a table, of any pool over the arena,
 * still holds (owner != 0).  True of a real pool, which gives out only frames
 * not taken or given back since: the hypervisor's pools take single pages
 * from the one page allocator.
 */
/*@ ghost struct pt_ghost {
      uint32_t owner[PT_POOL_MAX_FRAMES];
      uint8_t level[PT_POOL_MAX_FRAMES];
      uint32_t parent[PT_POOL_MAX_FRAMES];
      uint16_t pidx[PT_POOL_MAX_FRAMES];
    };
*/
/*@ ghost extern struct pt_ghost pt_g; */
/*@ ghost extern pt_frame_t *pt_arena; */

/*
 * Take one free frame out of the pool.  Returns 0 and stores its number in
 * *frame, or returns -1 when the pool is exhausted.  The frame's content is
 * unspecified (the engine zeroes it).  The engine checks the frame number
 * against nframes itself.
 */
/*@ requires pt_pool_ok(pool) && \valid(frame) && \separated(frame, pool);
    assigns *frame;
    ensures \result == 0 || \result == -1;
    ensures pt_alloc_unheld: \result == 0 && pool->frames == pt_arena && *frame < pool->nframes ==>
              pt_g.owner[*frame] == 0;
    exits \false;
*/
int pt_pool_alloc(struct pt_pool *pool, uint32_t *frame);

/* Give a frame obtained from pt_pool_alloc back to the pool. */
/*@ requires pt_pool_ok(pool) && frame < pool->nframes;
    assigns \nothing;
    exits \false;
*/
void pt_pool_free(struct pt_pool *pool, uint32_t frame);

#endif
