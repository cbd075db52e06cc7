/*
 * Architecture-neutral stage-2 page-table engine.
 *
 * Layout: 4 levels, 512 entries per 4 KiB table; level l resolves IPA bits
 * [47 - 9l : 39 - 9l].  Blocks are allowed at level 1 (1 GiB) and level 2
 * (2 MiB); level 3 holds 4 KiB pages.  Table memory is reached only through
 * the pool's frame array (frame numbers), descriptors only through the
 * format hooks of arch/<arch>/stage2_hooks.h.
 *
 * Invariant kept between calls: every table except the root holds at least
 * one valid entry, and every table frame is referenced by exactly one entry
 * (a tree).  map() relies on the first to undo a failed attempt: the tables
 * it created and could not fill are exactly the empty ones in its range.
 */
#include "mm/stage2.h"
#include "stage2_hooks.h"

#define S2_TOP_LEVEL  0u
#define S2_LAST_LEVEL 3u
#define S2_INDEX_LIMIT 512u

/* Bytes covered by one entry at this level. */
static uint64_t level_size(unsigned level)
{
	switch (level) {
	case 0:
		return 0x8000000000ull; /* 512 GiB */
	case 1:
		return S2_BLOCK_1G;
	case 2:
		return S2_BLOCK_2M;
	default:
		return S2_PAGE_SIZE;
	}
}

/* Index of the entry covering ipa in a table at this level. */
static unsigned level_index(uint64_t ipa, unsigned level)
{
	return (unsigned)(ipa / level_size(level) % S2_INDEX_LIMIT);
}

static uint64_t frame_pa(const struct s2_table *t, uint32_t frame)
{
	return t->pool->base_pa + (uint64_t)frame * PT_FRAME_SIZE;
}

/* 2^bits for bits <= 63. */
static uint64_t pow2(unsigned bits)
{
	return (uint64_t)1 << bits;
}

/* A usable pool: frames present, sizes sane, every frame addressable by the
 * format's descriptors. */
static bool pool_ok(const struct pt_pool *pool)
{
	if (pool == NULL || pool->frames == NULL)
		return false;
	if (pool->nframes == 0 || pool->nframes > PT_POOL_MAX_FRAMES)
		return false;
	if (pool->base_pa % PT_FRAME_SIZE != 0)
		return false;
	if (pool->base_pa >= pow2(S2_FMT_MAX_PA_BITS))
		return false;
	return (uint64_t)pool->nframes * PT_FRAME_SIZE <= pow2(S2_FMT_MAX_PA_BITS) - pool->base_pa;
}

static bool table_ok(const struct s2_table *t)
{
	return t != NULL && t->live && pool_ok(t->pool) && t->root < t->pool->nframes &&
	       t->ipa_bits >= S2_MIN_IPA_BITS && t->ipa_bits <= S2_MAX_IPA_BITS &&
	       t->ipa_bits <= S2_FMT_MAX_IPA_BITS && t->pa_bits >= 32u &&
	       t->pa_bits <= S2_FMT_MAX_PA_BITS;
}

/*
 * Frame number of the next-level table named by descriptor d at this level.
 * Returns S2_OK, S2_ENOENT if d is not a valid table descriptor, or
 * S2_ECORRUPT if it points outside the pool.
 */
static int desc_child(const struct s2_table *t, uint64_t d, unsigned level, uint32_t *child)
{
	uint64_t pa;

	if (!s2_fmt_is_valid(d) || !s2_fmt_is_table(d, level))
		return S2_ENOENT;
	pa = s2_fmt_addr(d);
	if (pa < t->pool->base_pa || (pa - t->pool->base_pa) / PT_FRAME_SIZE >= t->pool->nframes)
		return S2_ECORRUPT;
	*child = (uint32_t)((pa - t->pool->base_pa) / PT_FRAME_SIZE);
	return S2_OK;
}

static void zero_frame(struct s2_table *t, uint32_t frame)
{
	for (unsigned i = 0; i < S2_INDEX_LIMIT; i++)
		t->pool->frames[frame][i] = 0;
}

static bool frame_empty(const struct s2_table *t, uint32_t frame)
{
	for (unsigned i = 0; i < S2_INDEX_LIMIT; i++)
		if (s2_fmt_is_valid(t->pool->frames[frame][i]))
			return false;
	return true;
}

/* Take a zeroed frame from the pool for a new table. */
static int alloc_table(struct s2_table *t, uint32_t *frame)
{
	uint32_t f;

	if (pt_pool_alloc(t->pool, &f) != 0)
		return S2_ENOMEM;
	if (f >= t->pool->nframes)
		return S2_ECORRUPT; /* the backend broke its contract */
	zero_frame(t, f);
	t->tables++;
	*frame = f;
	return S2_OK;
}

static void free_table(struct s2_table *t, uint32_t frame)
{
	pt_pool_free(t->pool, frame);
	t->tables--;
}

/*
 * The table below entry idx of table frame at this level: the existing one,
 * or a new empty one linked in if the entry is invalid.  Returns S2_EEXIST if
 * the entry is a block/page, S2_ENOMEM or S2_ECORRUPT.
 */
static int get_child(struct s2_table *t, uint32_t frame, unsigned idx, unsigned level,
		     uint32_t *child)
{
	uint64_t d = t->pool->frames[frame][idx];
	uint32_t c;
	int rc;

	if (s2_fmt_is_valid(d)) {
		rc = desc_child(t, d, level, child);
		return rc == S2_ENOENT ? S2_EEXIST : rc;
	}
	rc = alloc_table(t, &c);
	if (rc != S2_OK)
		return rc;
	/* The zeroed table must be visible before the entry that links it. */
	s2_arch_publish();
	t->pool->frames[frame][idx] = s2_fmt_table(frame_pa(t, c));
	*child = c;
	return S2_OK;
}

/* Whether a block of this level may map the next chunk of a mapping. */
static bool block_fits(const struct s2_table *t, unsigned level, uint64_t ipa, uint64_t pa,
		       uint64_t size, uint32_t flags)
{
	uint64_t sz = level_size(level);

	if (flags & S2_NO_BLOCKS)
		return false;
	if (level == 1u && (t->cfg & S2_CFG_NO_1G))
		return false;
	if (level != 1u && level != 2u)
		return false;
	return ipa % sz == 0 && pa % sz == 0 && size >= sz;
}

/* Bytes from ipa to the end of the region of its entry at this level. */
static uint64_t to_region_end(uint64_t ipa, unsigned level)
{
	return level_size(level) - ipa % level_size(level);
}

/* S2_OK if no page of [ipa, ipa + size) is mapped, else S2_EEXIST (or
 * S2_ECORRUPT).  Skips whole unmapped regions at the highest level. */
static int range_unmapped(const struct s2_table *t, uint64_t ipa, uint64_t size)
{
	while (size > 0) {
		uint32_t f = t->root;
		unsigned level = S2_TOP_LEVEL;
		uint64_t step;

		for (;;) {
			uint64_t d = t->pool->frames[f][level_index(ipa, level)];
			int rc;

			if (!s2_fmt_is_valid(d)) {
				step = to_region_end(ipa, level);
				break;
			}
			rc = desc_child(t, d, level, &f);
			if (rc == S2_ENOENT)
				return S2_EEXIST; /* a block or page */
			if (rc != S2_OK)
				return rc;
			level++;
		}
		if (step >= size)
			return S2_OK;
		ipa += step;
		size -= step;
	}
	return S2_OK;
}

/*
 * One pass over a mapping.  With commit false, only creates the tables the
 * mapping needs (the translation does not change); with commit true, writes
 * the leaves into the tables the first pass created.  Both passes take the
 * same block/page decisions because the first writes no leaf.
 */
static int map_pass(struct s2_table *t, uint64_t ipa, uint64_t pa, uint64_t size,
		    uint32_t attrs, bool commit)
{
	uint32_t flags = attrs & S2_NO_BLOCKS;
	uint32_t perm = attrs & S2_ATTR_MASK;

	while (size > 0) {
		uint32_t f = t->root;
		unsigned level = S2_TOP_LEVEL;
		uint64_t step;

		for (;;) {
			unsigned idx = level_index(ipa, level);
			uint64_t d = t->pool->frames[f][idx];
			int rc;

			if (level == S2_LAST_LEVEL ||
			    (!s2_fmt_is_valid(d) && block_fits(t, level, ipa, pa, size, flags))) {
				if (s2_fmt_is_valid(d))
					return S2_EEXIST;
				if (commit)
					t->pool->frames[f][idx] = s2_fmt_leaf(pa, level, perm);
				step = level_size(level);
				break;
			}
			rc = get_child(t, f, idx, level, &f);
			if (rc != S2_OK)
				return rc;
			level++;
		}
		ipa += step;
		pa += step;
		size -= step;
	}
	return S2_OK;
}

/*
 * Walk [ipa, ipa + size): with clear, invalidate every leaf the range covers
 * entirely (after the boundary splits, that is every leaf in it); release
 * every table on the way that is empty when the walk leaves it.  With clear
 * false this only prunes empty tables (undoing a failed map).
 */
static void clear_pass(struct s2_table *t, uint64_t ipa, uint64_t size, bool clear)
{
	while (size > 0) {
		uint32_t path[S2_LEVELS];
		unsigned idx[S2_LEVELS];
		uint32_t f = t->root;
		unsigned level = S2_TOP_LEVEL;
		uint64_t step;

		for (;;) {
			uint64_t d;
			uint32_t child;

			idx[level] = level_index(ipa, level);
			path[level] = f;
			d = t->pool->frames[f][idx[level]];
			step = to_region_end(ipa, level);
			if (!s2_fmt_is_valid(d))
				break;
			if (desc_child(t, d, level, &child) == S2_OK) {
				f = child;
				level++;
				continue;
			}
			if (clear && s2_fmt_is_table(d, level) == false &&
			    ipa % level_size(level) == 0 && size >= level_size(level)) {
				t->pool->frames[f][idx[level]] = 0;
				s2_arch_tlb_invalidate_ipa(t->vmid, ipa);
			}
			break;
		}
		if (step > size)
			step = size;
		ipa += step;
		size -= step;
		/* Release the tables on the path that this walk leaves empty. */
		while (level > S2_TOP_LEVEL) {
			if (size != 0 && ipa % level_size(level - 1u) != 0)
				break; /* the next chunk is still inside this table */
			if (!frame_empty(t, path[level]))
				break;
			t->pool->frames[path[level - 1u]][idx[level - 1u]] = 0;
			s2_arch_tlb_invalidate_ipa(t->vmid, ipa - step);
			/* No walker may still hold the table when the pool reuses it. */
			s2_arch_tlb_complete(t->vmid);
			free_table(t, path[level]);
			level--;
		}
	}
}

/*
 * Replace the block descriptor d at entry idx of table frame (level 1 or 2)
 * by a table of 512 next-level leaves with the same output and attributes,
 * break-before-make: invalidate, flush, then link the new table.
 */
static int split_block(struct s2_table *t, uint32_t frame, unsigned idx, unsigned level,
		       uint64_t block_ipa, uint64_t d, uint32_t *child)
{
	uint64_t sub = level_size(level + 1u);
	uint64_t base = s2_fmt_addr(d) / level_size(level) * level_size(level);
	uint32_t attrs = s2_fmt_attrs(d);
	uint32_t c;
	int rc = alloc_table(t, &c);

	if (rc != S2_OK)
		return rc;
	for (unsigned i = 0; i < S2_INDEX_LIMIT; i++)
		t->pool->frames[c][i] = s2_fmt_leaf(base + i * sub, level + 1u, attrs);
	s2_arch_publish();
	t->pool->frames[frame][idx] = 0;
	s2_arch_publish();
	s2_arch_tlb_invalidate_ipa(t->vmid, block_ipa);
	s2_arch_tlb_complete(t->vmid);
	t->pool->frames[frame][idx] = s2_fmt_table(frame_pa(t, c));
	s2_arch_publish();
	*child = c;
	return S2_OK;
}

/* Make addr a leaf boundary: split every block that contains addr without
 * starting at it.  The translation does not change. */
static int split_at(struct s2_table *t, uint64_t addr)
{
	uint32_t f = t->root;

	for (unsigned level = S2_TOP_LEVEL; level < S2_LAST_LEVEL; level++) {
		unsigned idx = level_index(addr, level);
		uint64_t d = t->pool->frames[f][idx];
		uint64_t sz = level_size(level);
		int rc;

		if (!s2_fmt_is_valid(d))
			return S2_OK;
		rc = desc_child(t, d, level, &f);
		if (rc == S2_OK)
			continue;
		if (rc != S2_ENOENT)
			return rc;
		if (addr % sz == 0)
			return S2_OK; /* the block starts at addr */
		rc = split_block(t, f, idx, level, addr - addr % sz, d, &f);
		if (rc != S2_OK)
			return rc;
	}
	return S2_OK;
}

/* Check a page-aligned range against a 2^bits address space. */
static int check_range(uint64_t addr, uint64_t size, unsigned bits)
{
	uint64_t limit = pow2(bits);

	if (addr % S2_PAGE_SIZE != 0 || size % S2_PAGE_SIZE != 0 || size == 0)
		return S2_EINVAL;
	if (addr >= limit || size > limit - addr)
		return S2_ERANGE;
	return S2_OK;
}

int s2_create(struct s2_table *t, struct pt_pool *pool, uint16_t vmid,
	      unsigned ipa_bits, unsigned pa_bits, uint32_t cfg)
{
	uint32_t root;

	if (t == NULL)
		return S2_EINVAL;
	t->live = false;
	if (!pool_ok(pool) || cfg & ~S2_CFG_NO_1G)
		return S2_EINVAL;
	if (ipa_bits < S2_MIN_IPA_BITS || ipa_bits > S2_MAX_IPA_BITS ||
	    ipa_bits > S2_FMT_MAX_IPA_BITS)
		return S2_EINVAL;
	if (pa_bits < 32u || pa_bits > S2_FMT_MAX_PA_BITS)
		return S2_EINVAL;
	t->pool = pool;
	t->vmid = vmid;
	t->ipa_bits = (uint8_t)ipa_bits;
	t->pa_bits = (uint8_t)pa_bits;
	t->cfg = cfg;
	t->tables = 0;
	if (alloc_table(t, &root) != S2_OK)
		return S2_ENOMEM;
	t->root = root;
	t->live = true;
	return S2_OK;
}

/* Return the subtree below table frame (at this level) to the pool. */
static void free_subtree(struct s2_table *t, uint32_t frame, unsigned level)
{
	if (level < S2_LAST_LEVEL) {
		for (unsigned i = 0; i < S2_INDEX_LIMIT; i++) {
			uint32_t child;

			if (desc_child(t, t->pool->frames[frame][i], level, &child) == S2_OK)
				free_subtree(t, child, level + 1u);
		}
	}
	free_table(t, frame);
}

int s2_destroy(struct s2_table *t)
{
	if (!table_ok(t))
		return S2_EINVAL;
	free_subtree(t, t->root, S2_TOP_LEVEL);
	t->live = false;
	return S2_OK;
}

int s2_map(struct s2_table *t, uint64_t ipa, uint64_t pa, uint64_t size, uint32_t attrs)
{
	int rc;

	if (!table_ok(t))
		return S2_EINVAL;
	if (attrs & ~(S2_ATTR_MASK | S2_NO_BLOCKS) || !s2_fmt_attrs_ok(attrs & S2_ATTR_MASK))
		return S2_EINVAL;
	rc = check_range(ipa, size, t->ipa_bits);
	if (rc == S2_OK)
		rc = check_range(pa, size, t->pa_bits);
	if (rc == S2_OK)
		rc = range_unmapped(t, ipa, size);
	if (rc != S2_OK)
		return rc;
	rc = map_pass(t, ipa, pa, size, attrs, false);
	if (rc != S2_OK) {
		clear_pass(t, ipa, size, false); /* release the tables just created */
		return rc;
	}
	rc = map_pass(t, ipa, pa, size, attrs, true);
	s2_arch_publish();
	return rc;
}

int s2_unmap(struct s2_table *t, uint64_t ipa, uint64_t size)
{
	uint64_t end;
	int rc;

	if (!table_ok(t))
		return S2_EINVAL;
	rc = check_range(ipa, size, t->ipa_bits);
	if (rc != S2_OK)
		return rc;
	end = ipa + size;
	rc = split_at(t, ipa);
	if (rc == S2_OK && end < pow2(t->ipa_bits))
		rc = split_at(t, end);
	if (rc != S2_OK)
		return rc;
	clear_pass(t, ipa, size, true);
	s2_arch_tlb_complete(t->vmid);
	return S2_OK;
}

int s2_translate(const struct s2_table *t, uint64_t ipa, uint64_t *pa, uint32_t *attrs)
{
	uint32_t f;

	if (!table_ok(t) || pa == NULL || attrs == NULL)
		return S2_EINVAL;
	if (ipa >= pow2(t->ipa_bits))
		return S2_ERANGE;
	f = t->root;
	for (unsigned level = S2_TOP_LEVEL; level <= S2_LAST_LEVEL; level++) {
		uint64_t d = t->pool->frames[f][level_index(ipa, level)];
		uint64_t sz = level_size(level);
		int rc;

		if (!s2_fmt_is_valid(d))
			return S2_ENOENT;
		rc = desc_child(t, d, level, &f);
		if (rc == S2_OK)
			continue;
		if (rc != S2_ENOENT)
			return rc;
		*pa = s2_fmt_addr(d) / sz * sz + ipa % sz;
		*attrs = s2_fmt_attrs(d);
		return S2_OK;
	}
	return S2_ECORRUPT; /* unreachable: level 3 entries are never tables */
}

/* Merging state of s2_dump. */
struct dump_state {
	s2_visitor_fn visit;
	void *ctx;
	struct s2_run run; /* pending run; size 0 when none */
	long runs;
};

static void dump_leaf(struct dump_state *st, uint64_t ipa, uint64_t pa, uint64_t block,
		      uint32_t attrs)
{
	struct s2_run *r = &st->run;

	if (r->size != 0 && r->ipa + r->size == ipa && r->pa + r->size == pa &&
	    r->block == block && r->attrs == attrs) {
		r->size += block;
		return;
	}
	if (r->size != 0) {
		st->visit(st->ctx, r);
		st->runs++;
	}
	r->ipa = ipa;
	r->pa = pa;
	r->size = block;
	r->block = block;
	r->attrs = attrs;
}

static void dump_table(const struct s2_table *t, struct dump_state *st, uint32_t frame,
		       unsigned level, uint64_t base)
{
	uint64_t sz = level_size(level);

	for (unsigned i = 0; i < S2_INDEX_LIMIT; i++) {
		uint64_t d = t->pool->frames[frame][i];
		uint32_t child;

		if (!s2_fmt_is_valid(d))
			continue;
		if (desc_child(t, d, level, &child) == S2_OK) {
			if (level < S2_LAST_LEVEL)
				dump_table(t, st, child, level + 1u, base + i * sz);
			continue;
		}
		if (s2_fmt_is_table(d, level))
			continue; /* corrupt descriptor: skip it */
		dump_leaf(st, base + i * sz, s2_fmt_addr(d) / sz * sz, sz, s2_fmt_attrs(d));
	}
}

long s2_dump(const struct s2_table *t, s2_visitor_fn visit, void *ctx)
{
	struct dump_state st = { .visit = visit, .ctx = ctx, .runs = 0 };

	if (!table_ok(t) || visit == NULL)
		return S2_EINVAL;
	dump_table(t, &st, t->root, S2_TOP_LEVEL, 0);
	if (st.run.size != 0) {
		visit(ctx, &st.run);
		st.runs++;
	}
	return st.runs;
}

uint32_t s2_table_frames(const struct s2_table *t)
{
	return t != NULL && t->live ? t->tables : 0;
}
