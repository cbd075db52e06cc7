#include "mm/bitalloc_check.h"

#define WORD_BITS 16u

static unsigned popcount16(uint16_t w)
{
	unsigned n = 0;

	for (; w != 0; w &= (uint16_t)(w - 1))
		n++;
	return n;
}

bool bitalloc_check(const struct bitalloc *a, struct bitalloc_report *r)
{
	uint64_t c, parent;
	unsigned slot;
	bool parent_bit;

	r->words_checked = a->nwords;
	r->bad_edges = 0;
	r->first_bad = 0;
	r->leaf_free = 0;
	/* Word c's parent is word (c - 1) / 16, bit (c - 1) % 16 (see mm/bitalloc.h). */
	for (c = 1; c < a->nwords; c++) {
		parent = (c - 1) / WORD_BITS;
		slot = (unsigned)((c - 1) % WORD_BITS);
		parent_bit = (a->words[parent] >> slot) & 1u;
		if (parent_bit != (a->words[c] != 0)) {
			if (r->bad_edges == 0)
				r->first_bad = c;
			r->bad_edges++;
		}
	}
	for (c = a->leaf; c < a->nwords; c++)
		r->leaf_free += popcount16(a->words[c]);
	return r->bad_edges == 0 && r->leaf_free == a->nfree;
}
