/*
 * memtest - fills all of the VM's RAM outside its own image with a pattern
 * that depends on the address and on the guest argument, verifies it, then
 * re-verifies forever so that anything else writing to this RAM (another VM,
 * the hypervisor, a DMA) shows up as a FAIL line.
 *
 * Output:
 *   memtest: testing 0x<lo>-0x<hi> (image 0x<a>-0x<b> skipped), seed 0x<arg>
 *   memtest: OK <RAM MiB> MiB checksum=0x<16 hex digits>
 *   memtest: pass <n> OK                                     (n = 1, 2, ...)
 *            (a pass after the first re-verifies for at least PASS_MIN_TICKS,
 *            so that a small RAM does not flood the console)
 *   memtest: FAIL at 0x<ipa> expected 0x<..> got 0x<..>      (at most
 *            MAX_FAIL_LINES per pass, then "memtest: pass <n> FAILED <k> words")
 */
#include "guest.h"

#define MAX_FAIL_LINES   8
#define PATTERN_MULT     0x9E3779B97F4A7C15ULL /* odd: the pattern is a bijection of the address */
#define MIB_SHIFT        20
#define PASS_MIN_DIVISOR 4   /* passes after the first last >= 1/4 s */

/* A RAM range [start, end) the test owns; both ends 8-byte aligned. */
struct range {
	uint64_t start, end;
};

/* Distinct addresses get distinct values, so aliased mappings are caught. */
static inline uint64_t pattern(uint64_t addr, uint64_t seed)
{
	return (addr ^ seed) * PATTERN_MULT;
}

static void fill(struct range r, uint64_t seed)
{
	for (uint64_t a = r.start; a < r.end; a += 8)
		*(volatile uint64_t *)a = pattern(a, seed);
}

static void report_fail(uint64_t addr, uint64_t expected, uint64_t got)
{
	put_str("memtest: FAIL at ");
	put_hex(addr);
	put_str(" expected ");
	put_hex_width(expected, 16);
	put_str(" got ");
	put_hex_width(got, 16);
	put_char('\n');
}

/*
 * Check @r against the pattern, folding what was read into *@checksum.
 * Returns the number of words that differ; prints the first few while
 * *@lines_left allows.
 */
static uint64_t verify(struct range r, uint64_t seed, uint64_t *checksum,
		       unsigned *lines_left)
{
	uint64_t bad = 0;
	uint64_t sum = *checksum;

	for (uint64_t a = r.start; a < r.end; a += 8) {
		uint64_t got = *(volatile uint64_t *)a;
		uint64_t expected = pattern(a, seed);

		sum = ((sum << 5) | (sum >> 59)) ^ got;
		if (got != expected) {
			bad++;
			if (*lines_left > 0) {
				(*lines_left)--;
				report_fail(a, expected, got);
			}
		}
	}
	*checksum = sum;
	return bad;
}

/* One verification pass over both ranges; returns the number of bad words. */
static uint64_t verify_all(const struct range r[2], uint64_t seed, uint64_t *checksum)
{
	unsigned lines_left = MAX_FAIL_LINES;
	uint64_t bad;

	*checksum = 0;
	bad = verify(r[0], seed, checksum, &lines_left);
	bad += verify(r[1], seed, checksum, &lines_left);
	return bad;
}

/* The virtual counter: readable at EL1 (Arm ARM, "The Generic Timer"). */
static uint64_t counter_now(void)
{
	uint64_t ticks;

	asm volatile("isb; mrs %0, cntvct_el0" : "=r"(ticks) : : "memory");
	return ticks;
}

static uint64_t counter_frequency(void)
{
	uint64_t hz;

	asm volatile("mrs %0, cntfrq_el0" : "=r"(hz));
	return hz;
}

/*
 * One pass after the first: verify repeatedly until a failure is seen or a
 * quarter of a second has passed (at least once; a zero CNTFRQ_EL0 just
 * means once).  Returns the bad words of the last verification.
 */
static uint64_t verify_pass(const struct range r[2], uint64_t seed, uint64_t *checksum)
{
	uint64_t min_ticks = counter_frequency() / PASS_MIN_DIVISOR;
	uint64_t start = counter_now();
	uint64_t bad;

	do {
		bad = verify_all(r, seed, checksum);
	} while (bad == 0 && counter_now() - start < min_ticks);
	return bad;
}

/*
 * Find the RAM base and size: TESSERA_MEM_INFO must agree with the entry
 * registers.  On disagreement the entry registers are used, after saying so.
 */
static void ram_from_hypervisor(uint64_t *base, uint64_t *size)
{
	struct smccc_res res = hvc_call(TESSERA_MEM_INFO, 0, 0, 0);

	if (res.x0 != 0) {
		put_str("memtest: MISMATCH mem_info failed with ");
		put_hex(res.x0);
		put_str(", using x2/x3 from entry\n");
		return;
	}
	if (res.x1 != *base || res.x2 != *size) {
		put_str("memtest: MISMATCH mem_info base=");
		put_hex(res.x1);
		put_str(" size=");
		put_hex(res.x2);
		put_str(" but entry x2=");
		put_hex(*base);
		put_str(" x3=");
		put_hex(*size);
		put_str(", using x2/x3\n");
	}
}

/*
 * Split RAM into the parts below and above the image.  Returns false (after
 * printing why) when the image is not inside RAM or RAM is malformed.
 */
static bool ranges_outside_image(uint64_t base, uint64_t size, struct range r[2])
{
	uint64_t end = base + size;
	uint64_t img_lo = image_start();
	uint64_t img_hi = (image_end() + 7) & ~7ULL;

	if (size == 0 || end < base || (base & 7) != 0 || (size & 7) != 0 ||
	    img_lo < base || img_hi > end) {
		put_str("memtest: ERROR image ");
		put_hex(img_lo);
		put_char('-');
		put_hex(img_hi);
		put_str(" is not inside RAM ");
		put_hex(base);
		put_char('+');
		put_hex(size);
		put_char('\n');
		return false;
	}
	r[0] = (struct range){ base, img_lo };
	r[1] = (struct range){ img_hi, end };
	return true;
}

void guest_main(uint64_t arg, uint64_t ram_base, uint64_t ram_size)
{
	struct range r[2];
	uint64_t checksum, bad;

	ram_from_hypervisor(&ram_base, &ram_size);
	if (!ranges_outside_image(ram_base, ram_size, r))
		halt_forever();

	put_str("memtest: testing ");
	put_hex(ram_base);
	put_char('-');
	put_hex(ram_base + ram_size);
	put_str(" (image ");
	put_hex(r[0].end);
	put_char('-');
	put_hex(r[1].start);
	put_str(" skipped), seed ");
	put_hex(arg);
	put_char('\n');

	fill(r[0], arg);
	fill(r[1], arg);
	bad = verify_all(r, arg, &checksum);
	if (bad == 0) {
		put_str("memtest: OK ");
		put_dec(ram_size >> MIB_SHIFT);
		put_str(" MiB checksum=");
		put_hex_width(checksum, 16);
		put_char('\n');
	} else {
		put_str("memtest: pass 0 FAILED ");
		put_dec(bad);
		put_str(" words\n");
	}

	for (uint64_t pass = 1;; pass++) {
		bad = verify_pass(r, arg, &checksum);
		put_str("memtest: pass ");
		put_dec(pass);
		if (bad == 0) {
			put_str(" OK\n");
		} else {
			put_str(" FAILED ");
			put_dec(bad);
			put_str(" words\n");
		}
	}
}
