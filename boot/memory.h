/*
 * The hypervisor's physical memory: the page allocator built from the
 * firmware memory map at hand-over, and the console commands over it.
 * Only the console CPU allocates or frees.
 */
#ifndef TESSERA_BOOT_MEMORY_H
#define TESSERA_BOOT_MEMORY_H

#include "mm/phys.h"

extern struct phys_mem hv_phys;

/* Build hv_phys from the hand-over memory map; false (after printing why) if impossible. */
bool memory_init(void);

/* Owner description for the console: "hypervisor", "vm NAME". */
void memory_owner_name(struct phys_owner owner, char *buf, size_t size);

#endif
