#include "mm/phys.h"

uint32_t phys_depth_for(uint64_t pages)
{
	uint32_t d;

	for (d = BITALLOC_MIN_DEPTH; d <= BITALLOC_MAX_DEPTH; d++)
		if (BITALLOC_CAPACITY(d) >= pages)
			return d;
	return 0;
}

int phys_init(struct phys_mem *pm, uint64_t base_pa, uint32_t depth, uint16_t *storage,
	      size_t storage_words)
{
	if (base_pa % PHYS_PAGE_SIZE != 0)
		return PHYS_EINVAL;
	if (!bitalloc_init(&pm->alloc, depth, storage, storage_words))
		return PHYS_EINVAL;
	pm->base_pa = base_pa;
	pm->managed_pages = 0;
	pm->nrecords = 0;
	return PHYS_OK;
}

/* Convert a page-aligned physical range to page indexes; false if it leaves the span. */
static bool range_to_pages(const struct phys_mem *pm, uint64_t pa, uint64_t bytes,
			   uint64_t *first, uint64_t *count)
{
	uint64_t cap = bitalloc_capacity(&pm->alloc);

	if (pa % PHYS_PAGE_SIZE != 0 || bytes % PHYS_PAGE_SIZE != 0 || pa < pm->base_pa)
		return false;
	*first = (pa - pm->base_pa) / PHYS_PAGE_SIZE;
	*count = bytes / PHYS_PAGE_SIZE;
	return *first <= cap && *count <= cap - *first;
}

int phys_add_free(struct phys_mem *pm, uint64_t pa, uint64_t bytes)
{
	uint64_t first, count, p;

	if (!range_to_pages(pm, pa, bytes, &first, &count))
		return PHYS_EINVAL;
	/* Adding a page twice would corrupt the accounting: refuse overlaps. */
	for (p = first; p < first + count; p++)
		if (bitalloc_test(&pm->alloc, p))
			return PHYS_EINVAL;
	if (!bitalloc_insert(&pm->alloc, first, first + count))
		return PHYS_EINVAL;
	pm->managed_pages += count;
	return PHYS_OK;
}

/* Index of the first record whose page is >= @page. */
static uint32_t record_slot(const struct phys_mem *pm, uint64_t page)
{
	uint32_t lo = 0, hi = pm->nrecords, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (pm->records[mid].page < page)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void record_insert(struct phys_mem *pm, uint64_t page, uint64_t pages,
			  struct phys_owner owner, const char *label)
{
	uint32_t slot = record_slot(pm, page), i;

	for (i = pm->nrecords; i > slot; i--)
		pm->records[i] = pm->records[i - 1];
	pm->records[slot].page = page;
	pm->records[slot].pages = pages;
	pm->records[slot].owner = owner;
	pm->records[slot].label = label;
	pm->nrecords++;
}

int phys_alloc(struct phys_mem *pm, uint64_t pages, unsigned align_log2,
	       struct phys_owner owner, const char *label, uint64_t *pa)
{
	uint64_t page;

	if (pages == 0 || align_log2 >= 64)
		return PHYS_EINVAL;
	if (pm->nrecords == PHYS_MAX_RECORDS)
		return PHYS_EFULL;
	if (!bitalloc_alloc_contiguous(&pm->alloc, pages, align_log2, &page))
		return PHYS_ENOMEM;
	record_insert(pm, page, pages, owner, label);
	*pa = pm->base_pa + page * PHYS_PAGE_SIZE;
	return PHYS_OK;
}

int phys_alloc_at(struct phys_mem *pm, uint64_t pa, uint64_t pages,
		  struct phys_owner owner, const char *label)
{
	uint64_t first, count;

	if (pages == 0 || pages > UINT64_MAX / PHYS_PAGE_SIZE ||
	    !range_to_pages(pm, pa, pages * PHYS_PAGE_SIZE, &first, &count))
		return PHYS_EINVAL;
	if (pm->nrecords == PHYS_MAX_RECORDS)
		return PHYS_EFULL;
	if (!bitalloc_alloc_at(&pm->alloc, first, count))
		return PHYS_ENOMEM;
	record_insert(pm, first, count, owner, label);
	return PHYS_OK;
}

int phys_free(struct phys_mem *pm, uint64_t pa, struct phys_owner owner)
{
	uint64_t page;
	uint32_t slot, i;
	struct phys_record *r;

	if (pa < pm->base_pa || pa % PHYS_PAGE_SIZE != 0)
		return PHYS_EINVAL;
	page = (pa - pm->base_pa) / PHYS_PAGE_SIZE;
	slot = record_slot(pm, page);
	if (slot == pm->nrecords)
		return PHYS_ENOENT;
	r = &pm->records[slot];
	if (r->page != page || !phys_owner_eq(r->owner, owner))
		return PHYS_ENOENT;
	if (!bitalloc_dealloc_contiguous(&pm->alloc, r->page, r->pages))
		return PHYS_EINVAL; /* the bitmap disagrees with the record: keep both as they are */
	for (i = slot; i + 1 < pm->nrecords; i++)
		pm->records[i] = pm->records[i + 1];
	pm->nrecords--;
	return PHYS_OK;
}

bool phys_lookup(const struct phys_mem *pm, uint64_t pa, const struct phys_record **rec)
{
	uint64_t page;
	uint32_t slot;

	if (pa < pm->base_pa)
		return false;
	page = (pa - pm->base_pa) / PHYS_PAGE_SIZE;
	slot = record_slot(pm, page + 1);
	if (slot == 0)
		return false;
	slot--;
	if (page - pm->records[slot].page >= pm->records[slot].pages)
		return false;
	*rec = &pm->records[slot];
	return true;
}

uint64_t phys_pages_owned(const struct phys_mem *pm, struct phys_owner owner)
{
	uint64_t n = 0;
	uint32_t i;

	for (i = 0; i < pm->nrecords; i++)
		if (phys_owner_eq(pm->records[i].owner, owner))
			n += pm->records[i].pages;
	return n;
}

uint64_t phys_free_pages(const struct phys_mem *pm)
{
	return bitalloc_free_count(&pm->alloc);
}
