/*
 * The physical memory layer over the page allocator: converts page indexes
 * to physical addresses and records who owns every allocated range, so the
 * console can answer "whose page is this?" and a VM's memory can be returned
 * exactly.  Architecture-neutral; host-tested in tests/host/test_phys.c.
 *
 * Page index i is the 4 KiB page at base_pa + i * 4096.  Only pages handed
 * in with phys_add_free() are ever allocated; every other index stays
 * allocated in the bitmap forever (firmware, MMIO, holes).
 */
#ifndef TESSERA_MM_PHYS_H
#define TESSERA_MM_PHYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mm/bitalloc.h"

#define PHYS_PAGE_SIZE  4096u
#define PHYS_PAGE_SHIFT 12u
#define PHYS_MAX_RECORDS 1024u   /* live allocation records */

enum phys_kind {
	PHYS_HYPERVISOR = 1,  /* the hypervisor's own use (label says what) */
	PHYS_VM_RAM,          /* guest RAM of VM `vm` */
	PHYS_VM_TABLES,       /* stage-2 table pages of VM `vm` */
};

struct phys_owner {
	uint8_t kind;   /* enum phys_kind */
	uint8_t vm;     /* VM id for the VM kinds */
};

struct phys_record {
	uint64_t page;       /* first page index */
	uint64_t pages;
	struct phys_owner owner;
	const char *label;   /* static string, e.g. "allocator bitmap" */
};

struct phys_mem {
	struct bitalloc alloc;
	uint64_t base_pa;        /* physical address of page index 0 */
	uint64_t managed_pages;  /* pages ever added with phys_add_free */
	struct phys_record records[PHYS_MAX_RECORDS];  /* sorted by page */
	uint32_t nrecords;
};

/* Errors: every function returns PHYS_OK or one of these; nothing changes on error. */
#define PHYS_OK       0
#define PHYS_EINVAL  (-1)  /* bad argument: alignment, zero size, outside the span */
#define PHYS_ENOMEM  (-2)  /* no free run of that size */
#define PHYS_EFULL   (-3)  /* the record table is full */
#define PHYS_ENOENT  (-4)  /* no allocation record matches */

/* Smallest allocator depth whose capacity covers @pages pages (0 if none does). */
uint32_t phys_depth_for(uint64_t pages);

/* Set up over @storage_words words of bitmap storage; everything starts allocated. */
int phys_init(struct phys_mem *pm, uint64_t base_pa, uint32_t depth, uint16_t *storage,
	      size_t storage_words);

/* Hand the page-aligned range [pa, pa + bytes) to the allocator as free memory. */
int phys_add_free(struct phys_mem *pm, uint64_t pa, uint64_t bytes);

/* Allocate @pages contiguous pages at a multiple of 2^align_log2 pages, record the owner. */
int phys_alloc(struct phys_mem *pm, uint64_t pages, unsigned align_log2,
	       struct phys_owner owner, const char *label, uint64_t *pa);

/* Allocate exactly [pa, pa + pages * 4096) if it is all free. */
int phys_alloc_at(struct phys_mem *pm, uint64_t pa, uint64_t pages,
		  struct phys_owner owner, const char *label);

/* Free a whole recorded allocation starting at @pa; the owner must match. */
int phys_free(struct phys_mem *pm, uint64_t pa, struct phys_owner owner);

/* Owner of the page holding @pa: true with *rec set when it is allocated through us. */
bool phys_lookup(const struct phys_mem *pm, uint64_t pa, const struct phys_record **rec);

/* Pages currently allocated to owners matching @owner's kind and vm. */
uint64_t phys_pages_owned(const struct phys_mem *pm, struct phys_owner owner);

uint64_t phys_free_pages(const struct phys_mem *pm);

static inline uint64_t phys_record_pa(const struct phys_mem *pm, const struct phys_record *r)
{
	return pm->base_pa + r->page * PHYS_PAGE_SIZE;
}

static inline bool phys_owner_eq(struct phys_owner a, struct phys_owner b)
{
	return a.kind == b.kind && a.vm == b.vm;
}

#endif
