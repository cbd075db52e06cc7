/* Host backing for the stage-2 engine tests (see stage2_host.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/host/stage2_host.h"

uint64_t host_tlb_invalidations, host_tlb_completes, host_publishes;

static void die(const char *msg)
{
	fprintf(stderr, "stage2 host pool: %s\n", msg);
	abort();
}

void host_pool_init(struct host_pool *hp, uint32_t nframes, uint64_t base_pa)
{
	memset(hp, 0, sizeof(*hp));
	hp->pool.frames = aligned_alloc(4096, (size_t)nframes * sizeof(pt_frame_t));
	hp->free_list = malloc((size_t)nframes * sizeof(uint32_t));
	hp->in_use = calloc(nframes, 1);
	if (!hp->pool.frames || !hp->free_list || !hp->in_use)
		die("out of host memory");
	/* Garbage in free frames: the engine must zero what it takes. */
	memset(hp->pool.frames, 0xa5, (size_t)nframes * sizeof(pt_frame_t));
	hp->pool.nframes = nframes;
	hp->pool.base_pa = base_pa;
	hp->pool.ctx = hp;
	for (uint32_t i = 0; i < nframes; i++)
		hp->free_list[i] = nframes - 1 - i; /* hand out low frames first */
	hp->nfree = nframes;
	hp->fail_after = UINT32_MAX;
}

void host_pool_fini(struct host_pool *hp)
{
	free(hp->pool.frames);
	free(hp->free_list);
	free(hp->in_use);
}

uint32_t host_pool_used(const struct host_pool *hp)
{
	return hp->pool.nframes - hp->nfree;
}

int pt_pool_alloc(struct pt_pool *pool, uint32_t *frame)
{
	struct host_pool *hp = pool->ctx;

	if (hp->nfree == 0 || hp->fail_after == 0)
		return -1;
	if (hp->fail_after != UINT32_MAX)
		hp->fail_after--;
	*frame = hp->free_list[--hp->nfree];
	if (hp->in_use[*frame])
		die("frame handed out twice");
	hp->in_use[*frame] = 1;
	hp->allocs++;
	return 0;
}

void pt_pool_free(struct pt_pool *pool, uint32_t frame)
{
	struct host_pool *hp = pool->ctx;

	if (frame >= pool->nframes || !hp->in_use[frame])
		die("free of a frame not in use");
	hp->in_use[frame] = 0;
	/* Poison: a walker still using the frame would read garbage. */
	memset(pool->frames[frame], 0x5a, sizeof(pt_frame_t));
	hp->free_list[hp->nfree++] = frame;
	hp->frees++;
}

void s2_arch_tlb_invalidate_ipa(uint16_t vmid, uint64_t ipa)
{
	(void)vmid;
	(void)ipa;
	host_tlb_invalidations++;
}

void s2_arch_tlb_complete(uint16_t vmid)
{
	(void)vmid;
	host_tlb_completes++;
}

void s2_arch_publish(void)
{
	host_publishes++;
}
