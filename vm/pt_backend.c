/*
 * The hypervisor's backend of the stage-2 table pool: table pages are single
 * pages from the page allocator, recorded as the VM's table pages.  They are
 * not zeroed here: the engine zeroes every table it takes, and the trusted
 * contract of pt_pool_alloc (mm/pt_pool.h) says it writes only *frame.
 * Physical and virtual addresses coincide (identity map), so frame f is the
 * page at pool->base_pa + f * 4096.
 */
#include "mm/phys.h"
#include "mm/pt_pool.h"
#include "vm/vm.h"

static struct phys_mem *pool_phys;

void vm_pt_backend_init(struct phys_mem *phys)
{
	pool_phys = phys;
}

static struct phys_owner pool_owner(const struct pt_pool *pool)
{
	const struct vm *vm = pool->ctx;
	struct phys_owner o = { PHYS_VM_TABLES, (uint8_t)vm->id };

	return o;
}

int pt_pool_alloc(struct pt_pool *pool, uint32_t *frame)
{
	uint64_t pa, f;

	if (pool_phys == NULL ||
	    phys_alloc(pool_phys, 1, 0, pool_owner(pool), "stage-2 table", &pa) != PHYS_OK)
		return -1;
	f = (pa - pool->base_pa) / PT_FRAME_SIZE;
	if (pa < pool->base_pa || f >= pool->nframes) {
		phys_free(pool_phys, pa, pool_owner(pool));
		return -1;
	}
	*frame = (uint32_t)f;
	return 0;
}

void pt_pool_free(struct pt_pool *pool, uint32_t frame)
{
	phys_free(pool_phys, pool->base_pa + (uint64_t)frame * PT_FRAME_SIZE, pool_owner(pool));
}
