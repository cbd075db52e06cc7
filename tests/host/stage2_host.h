/* Host backing for the stage-2 engine tests: an array pool and no-op hooks
 * that count their calls. */
#ifndef TESSERA_TESTS_STAGE2_HOST_H
#define TESSERA_TESTS_STAGE2_HOST_H

#include <stdint.h>
#include "mm/pt_pool.h"

struct host_pool {
	struct pt_pool pool;
	uint32_t *free_list; /* stack of free frame numbers */
	uint32_t nfree;
	uint8_t *in_use;     /* per frame: handed out and not returned */
	uint32_t fail_after; /* allocations left before failing; UINT32_MAX: never */
	uint64_t allocs, frees;
};

void host_pool_init(struct host_pool *hp, uint32_t nframes, uint64_t base_pa);
void host_pool_fini(struct host_pool *hp);
uint32_t host_pool_used(const struct host_pool *hp);

extern uint64_t host_tlb_invalidations, host_tlb_completes, host_publishes;

#endif
