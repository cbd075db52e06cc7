/*
 * Tessera VM configuration: validator and parser of the config blob.
 * Format and error messages: docs/config.md. Contracts: vm/config.h.
 *
 * Style of this file: the blob is untrusted bytes. Every read goes through
 * rd16/rd32/rd64 at an offset inside a range whose length was checked first;
 * arithmetic on blob values is ordered so it cannot wrap (sizes are bounded
 * before they are multiplied or added). Error text is built with the small
 * bounded err_* helpers below instead of printf.
 */
#include "vm/config.h"

/* ---- Bounded error text -------------------------------------------------- */

/*@ predicate err_inv(struct config_error *e) = config_err_ok(e); */

/*@ requires \valid(e);
    assigns e->msg[0], e->len;
    ensures config_err_ok(e) && e->len == 0;
    exits \false;
*/
static void err_reset(struct config_error *e)
{
	e->len = 0;
	e->msg[0] = 0;
}

/* Append @n bytes of @s, dropping what does not fit (the text stays NUL-terminated). */
/*@ requires \valid(e) && config_err_ok(e);
    requires \valid_read(s + (0 .. n - 1));
    requires \separated(e, s + (0 .. n - 1));
    assigns e->msg[0 .. CONFIG_ERR_MAX - 1], e->len;
    ensures config_err_ok(e);
    exits \false;
*/
static void err_put(struct config_error *e, const char *s, size_t n)
{
	/*@ loop invariant 0 <= i <= n && e->len < CONFIG_ERR_MAX;
	    loop assigns i, e->msg[0 .. CONFIG_ERR_MAX - 1], e->len;
	    loop variant n - i;
	*/
	for (size_t i = 0; i < n && e->len + 1 < CONFIG_ERR_MAX; i++) {
		e->msg[e->len] = s[i];
		e->len++;
	}
	e->msg[e->len] = 0;
}

/* Append a string literal (its length is known at compile time). */
#define ERR_LIT(e, lit) err_put((e), (lit), sizeof(lit) - 1)

/*@ requires \valid(e) && config_err_ok(e);
    assigns e->msg[0 .. CONFIG_ERR_MAX - 1], e->len;
    ensures config_err_ok(e);
    exits \false;
*/
static void err_char(struct config_error *e, char c)
{
	err_put(e, &c, 1);
}

/* Append @v in decimal. */
/*@ requires \valid(e) && config_err_ok(e);
    assigns e->msg[0 .. CONFIG_ERR_MAX - 1], e->len;
    ensures config_err_ok(e);
    exits \false;
*/
static void err_dec(struct config_error *e, uint64_t v)
{
	char buf[20]; /* UINT64_MAX has 20 digits */
	size_t n = 1;

	buf[19] = (char)('0' + v % 10);
	v /= 10;
	/*@ loop invariant 1 <= n <= 20;
	    loop assigns v, n, buf[0 .. 19];
	    loop variant v;
	*/
	while (v != 0 && n < 20) {
		buf[19 - n] = (char)('0' + v % 10);
		n++;
		v /= 10;
	}
	err_put(e, &buf[20 - n], n);
}

/*@ requires d < 16;
    assigns \nothing;
    exits \false;
*/
static char hex_digit(uint64_t d)
{
	return d < 10 ? (char)('0' + d) : (char)('a' + (d - 10));
}

/* Append @v as 0x followed by lower-case hex digits, no leading zeros. */
/*@ requires \valid(e) && config_err_ok(e);
    assigns e->msg[0 .. CONFIG_ERR_MAX - 1], e->len;
    ensures config_err_ok(e);
    exits \false;
*/
static void err_hex(struct config_error *e, uint64_t v)
{
	char buf[16]; /* UINT64_MAX has 16 hex digits */
	size_t n = 1;

	buf[15] = hex_digit(v % 16);
	v /= 16;
	/*@ loop invariant 1 <= n <= 16;
	    loop assigns v, n, buf[0 .. 15];
	    loop variant v;
	*/
	while (v != 0 && n < 16) {
		buf[15 - n] = hex_digit(v % 16);
		n++;
		v /= 16;
	}
	ERR_LIT(e, "0x");
	err_put(e, &buf[16 - n], n);
}

/* Append PRE, @v in decimal or hex, then POST: one call for the common message shape. */
/*@ requires \valid(e) && config_err_ok(e);
    requires \valid_read(pre + (0 .. pre_len - 1));
    requires \valid_read(post + (0 .. post_len - 1));
    requires \separated(e, pre + (0 .. pre_len - 1));
    requires \separated(e, post + (0 .. post_len - 1));
    assigns e->msg[0 .. CONFIG_ERR_MAX - 1], e->len;
    exits \false;
    ensures config_err_ok(e);
*/
static void err_val(struct config_error *e, const char *pre, size_t pre_len, uint64_t v, bool hex,
		    const char *post, size_t post_len)
{
	err_put(e, pre, pre_len);
	if (hex)
		err_hex(e, v);
	else
		err_dec(e, v);
	err_put(e, post, post_len);
}

#define ERR_DEC(e, pre, v, post) err_val((e), (pre), sizeof(pre) - 1, (v), false, (post), sizeof(post) - 1)
#define ERR_HEX(e, pre, v, post) err_val((e), (pre), sizeof(pre) - 1, (v), true, (post), sizeof(post) - 1)

/* Append a NUL-terminated name of at most @max bytes (cut at @max). */
/*@ requires \valid(e) && config_err_ok(e);
    requires \valid_read(s + (0 .. max - 1));
    requires \separated(e, s + (0 .. max - 1));
    assigns e->msg[0 .. CONFIG_ERR_MAX - 1], e->len;
    ensures config_err_ok(e);
    exits \false;
*/
static void err_str(struct config_error *e, const char *s, size_t max)
{
	size_t n = 0;

	/*@ loop invariant 0 <= n <= max;
	    loop assigns n;
	    loop variant max - n;
	*/
	while (n < max && s[n] != 0)
		n++;
	err_put(e, s, n);
}

/* Start a message about VM @index: `config: vm "NAME": ` or `config: vm #3: `. */
/*@ requires \valid(e) && config_err_ok(e);
    requires name == \null || \valid_read(name + (0 .. CONFIG_NAME_MAX - 1));
    requires name == \null || \separated(e, name + (0 .. CONFIG_NAME_MAX - 1));
    assigns e->msg[0 .. CONFIG_ERR_MAX - 1], e->len;
    ensures config_err_ok(e);
    exits \false;
*/
static void err_vm(struct config_error *e, uint32_t index, const char *name)
{
	err_reset(e);
	ERR_LIT(e, "config: vm ");
	if (name != NULL) {
		err_char(e, '"');
		err_str(e, name, CONFIG_NAME_MAX);
		err_char(e, '"');
	} else {
		ERR_DEC(e, "#", index, "");
	}
	ERR_LIT(e, ": ");
}

/* Start a message that concerns the whole blob: `config: `. */
/*@ requires \valid(e);
    assigns e->msg[0 .. CONFIG_ERR_MAX - 1], e->len;
    ensures config_err_ok(e);
    exits \false;
*/
static void err_blob(struct config_error *e)
{
	err_reset(e);
	ERR_LIT(e, "config: ");
}

/* The field name of RAM region @k: ram_mib / ram_base for region 0, extra_ram[K].mib / .base after. */
/*@ requires \valid(e) && config_err_ok(e);
    assigns e->msg[0 .. CONFIG_ERR_MAX - 1], e->len;
    ensures config_err_ok(e);
    exits \false;
*/
static void err_ram_field(struct config_error *e, uint32_t k, bool base)
{
	if (k == 0) {
		if (base)
			ERR_LIT(e, "ram_base ");
		else
			ERR_LIT(e, "ram_mib ");
		return;
	}
	if (base)
		ERR_DEC(e, "extra_ram[", (uint64_t)k - 1, "].base ");
	else
		ERR_DEC(e, "extra_ram[", (uint64_t)k - 1, "].mib ");
}

/*@ requires \valid(e) && config_err_ok(e);
    assigns e->msg[0 .. CONFIG_ERR_MAX - 1], e->len;
    ensures config_err_ok(e);
    exits \false;
*/
static void err_arch(struct config_error *e, uint32_t arch)
{
	if (arch == CONFIG_ARCH_AARCH64) {
		ERR_LIT(e, "aarch64");
	} else if (arch == CONFIG_ARCH_X86_64) {
		ERR_LIT(e, "x86_64");
	} else {
		ERR_DEC(e, "architecture ", arch, "");
	}
}

const char *config_arch_name(uint32_t arch)
{
	if (arch == CONFIG_ARCH_AARCH64)
		return "aarch64";
	if (arch == CONFIG_ARCH_X86_64)
		return "x86_64";
	return "unknown";
}

/* ---- Little-endian reads ----------------------------------------------- */

/*@ logic integer le16_at(uint8_t *p, integer o) = p[o] + 256 * p[o + 1]; */

/*@ requires \valid_read(p + (0 .. 1));
    assigns \nothing;
    ensures \result == p[0] + 256 * p[1];
    exits \false;
*/
static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[1] * 256u + p[0]);
}

/*@ requires \valid_read(p + (0 .. 3));
    assigns \nothing;
    ensures \result == p[0] + 256 * p[1] + 65536 * p[2] + 16777216 * p[3];
    exits \false;
*/
static uint32_t rd32(const uint8_t *p)
{
	return (((uint32_t)p[3] * 256u + p[2]) * 256u + p[1]) * 256u + p[0];
}

/*@ requires \valid_read(p + (0 .. 7));
    assigns \nothing;
    exits \false;
*/
static uint64_t rd64(const uint8_t *p)
{
	return (uint64_t)rd32(p + 4) * 0x100000000ull + rd32(p);
}

/* ---- CRC-32 -------------------------------------------------------------- */

#define CRC32_POLY 0xEDB88320u /* IEEE 802.3, bit-reversed */

/* Feed @n bytes into a running (pre-inverted) CRC, bit by bit: no table. */
/*@ requires \valid_read(p + (0 .. n - 1));
    assigns \nothing;
    exits \false;
*/
static uint32_t crc32_update(uint32_t crc, const uint8_t *p, size_t n)
{
	/*@ loop invariant 0 <= i <= n;
	    loop assigns i, crc;
	    loop variant n - i;
	*/
	for (size_t i = 0; i < n; i++) {
		crc ^= p[i];
		/*@ loop invariant 0 <= b <= 8;
		    loop assigns b, crc;
		    loop variant 8 - b;
		*/
		for (int b = 0; b < 8; b++) {
			if ((crc & 1u) != 0)
				crc = (crc >> 1) ^ CRC32_POLY;
			else
				crc >>= 1;
		}
	}
	return crc;
}

uint32_t config_crc32(const uint8_t *blob, size_t len)
{
	uint32_t crc = 0xFFFFFFFFu;

	crc = crc32_update(crc, blob, CONFIG_OFF_CRC32);
	crc = crc32_update(crc, blob + CONFIG_OFF_HEADER_SIZE, len - CONFIG_OFF_HEADER_SIZE);
	return ~crc;
}

/* ---- Small checks --------------------------------------------------------- */

/* A byte allowed in a VM name: it is typed on the console and prefixes output lines. */
/*@ assigns \nothing;
    ensures \result ==> 0 < c < 128;
    exits \false;
*/
static bool name_byte_ok(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

/* A byte allowed in an image path on the ESP: printable ASCII, no space. */
/*@ assigns \nothing;
    ensures \result ==> 0 < c < 128;
    exits \false;
*/
static bool image_byte_ok(uint8_t c)
{
	return c > ' ' && c < 0x7f;
}

/* Are @n bytes at @p all zero? Sets *@bad to the first non-zero one. */
/*@ requires \valid_read(p + (0 .. n - 1)) && \valid(bad);
    requires \separated(bad, p + (0 .. n - 1));
    assigns *bad;
    ensures \result ==> (\forall integer k; 0 <= k < n ==> p[k] == 0);
    ensures !\result ==> 0 <= *bad < n;
    exits \false;
*/
static bool all_zero(const uint8_t *p, size_t n, size_t *bad)
{
	/*@ loop invariant 0 <= i <= n;
	    loop invariant \forall integer k; 0 <= k < i ==> p[k] == 0;
	    loop assigns i, *bad;
	    loop variant n - i;
	*/
	for (size_t i = 0; i < n; i++) {
		if (p[i] != 0) {
			*bad = i;
			return false;
		}
	}
	return true;
}

/* Lowest set bit of a non-zero 64-bit word. */
/*@ assigns \nothing;
    ensures 0 <= \result < 64;
    exits \false;
*/
static uint32_t lowest_bit(uint64_t m)
{
	/*@ loop invariant 0 <= b <= 64;
	    loop assigns b;
	    loop variant 64 - b;
	*/
	for (uint32_t b = 0; b < 64; b++) {
		if (((m >> b) & 1u) != 0)
			return b;
	}
	return 0;
}

/* ---- One VM record -------------------------------------------------------- */

/* Which name-like field a text check is about. */
enum text_field { TEXT_NAME, TEXT_IMAGE };

/*@ requires \valid(e) && config_err_ok(e);
    assigns e->msg[0 .. CONFIG_ERR_MAX - 1], e->len;
    ensures config_err_ok(e);
    exits \false;
*/
static void err_text_field(struct config_error *e, enum text_field what)
{
	if (what == TEXT_NAME)
		ERR_LIT(e, "name");
	else
		ERR_LIT(e, "image");
}

/*
 * Check and copy a NUL-terminated, NUL-padded text field of @size bytes:
 * non-empty, terminated inside the field, allowed bytes only, zero padding.
 */
/*@ requires \valid(err) && config_err_ok(err);
    requires 2 <= size <= CONFIG_IMAGE_MAX;
    requires \valid_read(src + (0 .. size - 1));
    requires \valid(dst + (0 .. size - 1));
    requires \separated(dst + (0 .. size - 1), src + (0 .. size - 1), err);
    requires \separated(err, src + (0 .. size - 1));
    requires vm_name == \null || \valid_read(vm_name + (0 .. CONFIG_NAME_MAX - 1));
    requires vm_name == \null || \separated(err, vm_name + (0 .. CONFIG_NAME_MAX - 1));
    requires vm_name == \null || \separated(dst + (0 .. size - 1), vm_name + (0 .. CONFIG_NAME_MAX - 1));
    assigns dst[0 .. size - 1], *err;
    ensures config_err_ok(err);
    ensures \result == CONFIG_OK || \result == CONFIG_E_NAME || \result == CONFIG_E_IMAGE;
    ensures \result == CONFIG_OK ==> dst[0] != 0 && dst[size - 1] == 0;
    exits \false;
*/
static int parse_text(const uint8_t *src, size_t size, char *dst, enum text_field what,
		      uint32_t index, const char *vm_name, struct config_error *err)
{
	int code = what == TEXT_NAME ? CONFIG_E_NAME : CONFIG_E_IMAGE;
	size_t n = 0;
	size_t bad = 0;

	/*@ loop invariant 0 <= n <= size;
	    loop invariant \forall integer k; 0 <= k < n ==> dst[k] != 0;
	    loop assigns n, dst[0 .. size - 1];
	    loop variant size - n;
	*/
	while (n < size && src[n] != 0) {
		bool ok = what == TEXT_NAME ? name_byte_ok(src[n]) : image_byte_ok(src[n]);
		if (!ok) {
			err_vm(err, index, vm_name);
			err_text_field(err, what);
			ERR_DEC(err, " byte ", n, " is ");
			ERR_HEX(err, "", src[n], "");
			if (what == TEXT_NAME)
				ERR_LIT(err, ", allowed: A-Z a-z 0-9 . _ -");
			else
				ERR_LIT(err, ", allowed: printable ASCII without space");
			return code;
		}
		dst[n] = (char)src[n];
		n++;
	}
	if (n == 0) {
		err_vm(err, index, vm_name);
		err_text_field(err, what);
		ERR_LIT(err, " is empty");
		return code;
	}
	if (n == size) {
		err_vm(err, index, vm_name);
		err_text_field(err, what);
		ERR_DEC(err, " not NUL-terminated within ", size, " bytes");
		return code;
	}
	if (!all_zero(src + n, size - n, &bad)) {
		err_vm(err, index, vm_name);
		err_text_field(err, what);
		ERR_DEC(err, " padding byte ", n + bad, " after the NUL is not zero");
		return code;
	}
	/*@ loop invariant n <= k <= size;
	    loop invariant \forall integer j; 0 <= j < n ==> dst[j] != 0;
	    loop invariant \forall integer j; n <= j < k ==> dst[j] == 0;
	    loop assigns k, dst[n .. size - 1];
	    loop variant size - k;
	*/
	for (size_t k = n; k < size; k++)
		dst[k] = 0;
	return CONFIG_OK;
}

/* Does [base, base + size) meet [dev, dev + dev_size)? Sizes small enough not to wrap. */
/*@ requires base + size <= CONFIG_MAX_IPA;
    requires dev + dev_size <= CONFIG_MAX_IPA;
    assigns \nothing;
    ensures \result <==> !(base + size <= dev || dev + dev_size <= base);
    exits \false;
*/
static bool ranges_meet(uint64_t base, uint64_t size, uint64_t dev, uint32_t dev_size)
{
	return base < dev + (uint64_t)dev_size && dev < base + size;
}

/* Check and copy RAM region @k of a record (16 bytes at @p). */
/*@ requires \valid(err) && config_err_ok(err);
    requires \valid_read(p + (0 .. CONFIG_RAM_ENTRY_SIZE - 1));
    requires \valid(r) && \valid_read(name + (0 .. CONFIG_NAME_MAX - 1));
    requires \separated(r, err, p + (0 .. CONFIG_RAM_ENTRY_SIZE - 1), name + (0 .. CONFIG_NAME_MAX - 1));
    requires \separated(err, name + (0 .. CONFIG_NAME_MAX - 1), p + (0 .. CONFIG_RAM_ENTRY_SIZE - 1));
    assigns *r, *err;
    ensures config_err_ok(err);
    ensures \result <= 0;
    ensures \result == CONFIG_OK ==> config_ram_ok(r);
    exits \false;
*/
static int parse_ram(const uint8_t *p, uint32_t k, uint32_t devices, uint32_t index,
		     const char *name, struct config_ram *r, struct config_error *err)
{
	uint64_t base = rd64(p);
	uint32_t mib = rd32(p + 8);
	uint32_t pad = rd32(p + 12);

	if (pad != 0) {
		err_vm(err, index, name);
		ERR_DEC(err, "reserved word of RAM region ", k, " must be 0");
		return CONFIG_E_RESERVED;
	}
	if (mib == 0 || mib % CONFIG_RAM_ALIGN_MIB != 0 || mib > CONFIG_MAX_RAM_MIB) {
		err_vm(err, index, name);
		err_ram_field(err, k, false);
		ERR_DEC(err, "", mib, "");
		if (mib == 0)
			ERR_LIT(err, " must be > 0");
		else if (mib > CONFIG_MAX_RAM_MIB)
			ERR_LIT(err, " exceeds the maximum 1048576 (1 TiB)");
		else
			ERR_LIT(err, " is not a multiple of 2 (RAM comes in 2 MiB blocks)");
		return CONFIG_E_RAM;
	}
	if (base % CONFIG_RAM_ALIGN != 0) {
		err_vm(err, index, name);
		err_ram_field(err, k, true);
		ERR_HEX(err, "", base, " is not 2 MiB aligned");
		return CONFIG_E_IPA;
	}
	r->size_mib = mib;
	r->size = (uint64_t)mib * CONFIG_MIB;
	r->base_ipa = base;
	if (base > CONFIG_MAX_IPA - r->size) {
		err_vm(err, index, name);
		err_ram_field(err, k, true);
		ERR_HEX(err, "", base, "");
		ERR_DEC(err, " + ", mib, " MiB leaves the 48-bit IPA space");
		return CONFIG_E_IPA;
	}
	if ((devices & CONFIG_DEV_CONSOLE) != 0 &&
	    ranges_meet(base, r->size, CONFIG_CONSOLE_IPA, CONFIG_CONSOLE_SIZE)) {
		err_vm(err, index, name);
		err_ram_field(err, k, true);
		ERR_HEX(err, "", base, "");
		ERR_DEC(err, " + ", mib, " MiB overlaps the console UART at 0x9000000");
		return CONFIG_E_IPA;
	}
	return CONFIG_OK;
}

/* Do [a, a + sa) and [b, b + sb) overlap? Written without any addition that could wrap. */
/*@ assigns \nothing;
    exits \false;
*/
static bool overlap(uint64_t a, uint64_t sa, uint64_t b, uint64_t sb)
{
	if (a <= b)
		return b - a < sa;
	return a - b < sb;
}

/* Check that the RAM regions of @v do not overlap each other. */
/*@ requires \valid(err) && config_err_ok(err);
    requires \valid_read(v);
    requires n <= CONFIG_MAX_RAM;
    requires \separated(err, v);
    assigns *err;
    exits \false;
    ensures config_err_ok(err);
    ensures \result == CONFIG_OK || \result == CONFIG_E_IPA;
*/
static int check_ram_disjoint(const struct config_vm *v, uint32_t n, uint32_t index,
			      struct config_error *err)
{
	/*@ loop invariant 0 <= k <= n;
	    loop assigns k;
	    loop variant n - k;
	*/
	for (uint32_t k = 0; k < n; k++) {
		/*@ loop invariant 0 <= j <= k;
		    loop assigns j;
		    loop variant k - j;
		*/
		for (uint32_t j = 0; j < k; j++) {
			const struct config_ram *a = &v->ram[j];
			const struct config_ram *b = &v->ram[k];
			if (overlap(a->base_ipa, a->size, b->base_ipa, b->size)) {
				err_vm(err, index, v->name);
				err_ram_field(err, k, true);
				ERR_HEX(err, "", b->base_ipa, "");
				ERR_DEC(err, " + ", b->size_mib, " MiB overlaps ");
				if (j == 0)
					ERR_LIT(err, "ram_base ");
				else
					ERR_DEC(err, "extra_ram[", (uint64_t)j - 1, "] at ");
				ERR_HEX(err, "", a->base_ipa, "");
				return CONFIG_E_IPA;
			}
		}
	}
	return CONFIG_OK;
}

/* Validate record @index (CONFIG_RECORD_SIZE bytes at @rec) and copy it into @v. */
/*@ requires \valid(err) && config_err_ok(err);
    requires \valid_read(rec + (0 .. CONFIG_RECORD_SIZE - 1));
    requires \valid(v);
    requires arch == CONFIG_ARCH_AARCH64 || arch == CONFIG_ARCH_X86_64;
    requires \separated(v, err, rec + (0 .. CONFIG_RECORD_SIZE - 1));
    requires \separated(err, rec + (0 .. CONFIG_RECORD_SIZE - 1));
    assigns *v, *err;
    ensures config_err_ok(err);
    ensures \result <= 0;
    exits \false;
*/
static int parse_vm(const uint8_t *rec, uint32_t index, uint32_t arch, struct config_vm *v,
		    struct config_error *err)
{
	uint32_t nram;
	size_t bad = 0;
	int rc;

	rc = parse_text(rec + CONFIG_REC_NAME, CONFIG_NAME_MAX, v->name, TEXT_NAME, index, NULL,
			err);
	if (rc != CONFIG_OK)
		return rc;
	/* From here on the name is known good: messages use it. */
	rc = parse_text(rec + CONFIG_REC_IMAGE, CONFIG_IMAGE_MAX, v->image, TEXT_IMAGE, index,
			v->name, err);
	if (rc != CONFIG_OK)
		return rc;

	v->entry_offset = rd64(rec + CONFIG_REC_ENTRY);
	v->guest_arg = rd64(rec + CONFIG_REC_ARG);
	v->cpu_mask = rd64(rec + CONFIG_REC_CPUS);
	v->flags = rd32(rec + CONFIG_REC_FLAGS);
	v->devices = rd32(rec + CONFIG_REC_DEVICES);
	v->ram_count = rd32(rec + CONFIG_REC_RAM_COUNT);

	if (rd32(rec + CONFIG_REC_RESERVED0) != 0 ||
	    !all_zero(rec + CONFIG_REC_RESERVED1, CONFIG_RECORD_SIZE - CONFIG_REC_RESERVED1, &bad)) {
		err_vm(err, index, v->name);
		ERR_LIT(err, "reserved bytes of the record must be 0");
		return CONFIG_E_RESERVED;
	}
	if ((v->flags & ~CONFIG_FLAGS_KNOWN) != 0) {
		err_vm(err, index, v->name);
		ERR_HEX(err, "flags ", v->flags, " has unknown bits ");
		ERR_HEX(err, "", v->flags & ~CONFIG_FLAGS_KNOWN, "");
		return CONFIG_E_FLAGS;
	}
	if ((v->devices & ~CONFIG_DEVS_KNOWN) != 0) {
		err_vm(err, index, v->name);
		ERR_HEX(err, "devices ", v->devices, " has unknown bits ");
		ERR_HEX(err, "", v->devices & ~CONFIG_DEVS_KNOWN, "");
		return CONFIG_E_FLAGS;
	}
	if (v->ram_count == 0 || v->ram_count > CONFIG_MAX_RAM) {
		err_vm(err, index, v->name);
		ERR_DEC(err, "ram_count ", v->ram_count, " must be 1 to 4");
		return CONFIG_E_COUNT;
	}
	nram = v->ram_count; /* a local: the loop writes *v */
	/*@ loop invariant 0 <= k <= nram && nram <= CONFIG_MAX_RAM;
	    loop invariant config_err_ok(err);
	    loop assigns k, rc, v->ram[0 .. CONFIG_MAX_RAM - 1], *err;
	    loop variant nram - k;
	*/
	for (uint32_t k = 0; k < nram; k++) {
		rc = parse_ram(rec + CONFIG_REC_RAM + k * CONFIG_RAM_ENTRY_SIZE, k, v->devices,
			       index, v->name, &v->ram[k], err);
		if (rc != CONFIG_OK)
			return rc;
	}
	if (!all_zero(rec + CONFIG_REC_RAM + nram * CONFIG_RAM_ENTRY_SIZE,
		      (CONFIG_MAX_RAM - nram) * CONFIG_RAM_ENTRY_SIZE, &bad)) {
		err_vm(err, index, v->name);
		ERR_DEC(err, "unused RAM region ", nram + bad / CONFIG_RAM_ENTRY_SIZE,
			" must be all zero (ram_count ");
		ERR_DEC(err, "", nram, ")");
		return CONFIG_E_RESERVED;
	}
	rc = check_ram_disjoint(v, nram, index, err);
	if (rc != CONFIG_OK)
		return rc;
	if (v->entry_offset >= v->ram[0].size) {
		err_vm(err, index, v->name);
		ERR_HEX(err, "entry_offset ", v->entry_offset, " is outside RAM (ram_mib ");
		ERR_DEC(err, "", v->ram[0].size_mib, ")");
		return CONFIG_E_ENTRY;
	}
	if (arch == CONFIG_ARCH_AARCH64 && v->entry_offset % 4 != 0) {
		err_vm(err, index, v->name);
		ERR_HEX(err, "entry_offset ", v->entry_offset, " is not 4-byte aligned (AArch64 instructions)");
		return CONFIG_E_ENTRY;
	}
	if (v->cpu_mask == 0) {
		err_vm(err, index, v->name);
		ERR_LIT(err, "cpus is empty: a VM needs at least one dedicated CPU");
		return CONFIG_E_CPU;
	}
	if (v->cpu_mask % 2 != 0) {
		err_vm(err, index, v->name);
		ERR_LIT(err, "cpus includes CPU 0, which the hypervisor keeps for the console");
		return CONFIG_E_CPU;
	}
	return CONFIG_OK;
}

/* ---- Final check of a parsed record ---------------------------------------- */

/*@ requires \valid_read(r);
    assigns \nothing;
    exits \false;
    ensures \result ==> config_ram_ok(r);
*/
static bool ram_ok(const struct config_ram *r)
{
	return r->size_mib != 0 && r->size_mib <= CONFIG_MAX_RAM_MIB &&
	       r->size_mib % CONFIG_RAM_ALIGN_MIB == 0 &&
	       r->size == (uint64_t)r->size_mib * CONFIG_MIB && r->base_ipa % CONFIG_RAM_ALIGN == 0 &&
	       r->base_ipa <= CONFIG_MAX_IPA - r->size;
}

/*@ requires \valid_read(a) && \valid_read(b);
    requires config_ram_ok(a) && config_ram_ok(b);
    assigns \nothing;
    exits \false;
    ensures \result ==> config_ram_disjoint(a, b);
*/
static bool ram_disjoint(const struct config_ram *a, const struct config_ram *b)
{
	return a->base_ipa + a->size <= b->base_ipa || b->base_ipa + b->size <= a->base_ipa;
}

/* Does @v satisfy config_vm_ok()? */
/*@ requires \valid_read(v);
    assigns \nothing;
    exits \false;
    ensures \result ==> config_vm_ok(v);
*/
static bool vm_ok(const struct config_vm *v)
{
	if (v->ram_count == 0 || v->ram_count > CONFIG_MAX_RAM)
		return false;
	/*@ loop invariant 0 <= k <= v->ram_count;
	    loop invariant \forall integer j; 0 <= j < k ==> config_ram_ok(&v->ram[j]);
	    loop assigns k;
	    loop variant v->ram_count - k;
	*/
	for (uint32_t k = 0; k < v->ram_count; k++) {
		if (!ram_ok(&v->ram[k]))
			return false;
	}
	/*@ loop invariant 0 <= k <= v->ram_count;
	    loop invariant \forall integer a, b; 0 <= a < b < k ==>
	            config_ram_disjoint(&v->ram[a], &v->ram[b]);
	    loop assigns k;
	    loop variant v->ram_count - k;
	*/
	for (uint32_t k = 0; k < v->ram_count; k++) {
		/*@ loop invariant 0 <= j <= k;
		    loop invariant \forall integer a; 0 <= a < j ==>
		            config_ram_disjoint(&v->ram[a], &v->ram[k]);
		    loop assigns j;
		    loop variant k - j;
		*/
		for (uint32_t j = 0; j < k; j++) {
			if (!ram_disjoint(&v->ram[j], &v->ram[k]))
				return false;
		}
	}
	return v->entry_offset < v->ram[0].size && v->cpu_mask != 0 && v->cpu_mask % 2 == 0 &&
	       v->name[0] != 0 && v->name[CONFIG_NAME_MAX - 1] == 0 &&
	       v->image[0] != 0 && v->image[CONFIG_IMAGE_MAX - 1] == 0;
}

/* ---- Whole blob ----------------------------------------------------------- */

/* Do @a and @b have the same name? Names are NUL-padded, so equal names are equal arrays. */
/*@ requires \valid_read(a) && \valid_read(b);
    assigns \nothing;
    exits \false;
    ensures !\result ==> config_names_differ(a, b);
*/
static bool same_name(const struct config_vm *a, const struct config_vm *b)
{
	/*@ loop invariant 0 <= k <= CONFIG_NAME_MAX;
	    loop assigns k;
	    loop variant CONFIG_NAME_MAX - k;
	*/
	for (size_t k = 0; k < CONFIG_NAME_MAX; k++) {
		if (a->name[k] != b->name[k])
			return false;
	}
	return true;
}

/* Cross-VM checks: names unique, no CPU in two VMs. */
/*@ requires \valid(err) && config_err_ok(err) && \valid_read(cfg);
    requires 1 <= cfg->vm_count <= CONFIG_MAX_VMS;
    requires \separated(err, cfg);
    assigns *err;
    ensures config_err_ok(err);
    ensures \result <= 0;
    ensures cross_ok: \result == CONFIG_OK ==> config_cross_ok(cfg);
    exits \false;
*/
static int check_cross(const struct tessera_config *cfg, struct config_error *err)
{
	/*@ loop invariant 0 <= i <= cfg->vm_count;
	    loop invariant cross_outer: \forall integer a, b; 0 <= b < a < i ==> config_pair_ok(cfg, a, b);
	    loop invariant config_err_ok(err);
	    loop assigns i, *err;
	    loop variant cfg->vm_count - i;
	*/
	for (uint32_t i = 0; i < cfg->vm_count; i++) {
		/*@ loop invariant 0 <= j <= i;
		    loop invariant cross_inner: \forall integer b; 0 <= b < j ==> config_pair_ok(cfg, i, b);
		    loop invariant config_err_ok(err);
		    loop assigns j, *err;
		    loop variant i - j;
		*/
		for (uint32_t j = 0; j < i; j++) {
			const struct config_vm *a = &cfg->vms[j];
			const struct config_vm *b = &cfg->vms[i];
			uint64_t shared = b->cpu_mask & a->cpu_mask;

			if (same_name(b, a)) {
				err_vm(err, i, NULL);
				ERR_LIT(err, "name \"");
				err_str(err, b->name, CONFIG_NAME_MAX);
				ERR_DEC(err, "\" is already used by vm #", j, "");
				return CONFIG_E_NAME;
			}
			if (shared != 0) {
				err_vm(err, i, b->name);
				ERR_DEC(err, "cpus: CPU ", lowest_bit(shared), " is already given to vm \"");
				err_str(err, a->name, CONFIG_NAME_MAX);
				ERR_LIT(err, "\"");
				return CONFIG_E_CPU;
			}
		}
	}
	return CONFIG_OK;
}

/* Header checks that come before the size and CRC: magic, version, arch, layout sizes, counts. */
/*@ requires \valid(err);
    requires \valid_read(blob + (0 .. CONFIG_HEADER_SIZE - 1));
    requires \separated(err, blob + (0 .. CONFIG_HEADER_SIZE - 1));
    assigns *err;
    ensures config_err_ok(err);
    ensures \result <= 0;
    ensures \result == CONFIG_OK ==> 1 <= le16_at(blob, CONFIG_OFF_VM_COUNT) <= CONFIG_MAX_VMS;
    ensures \result == CONFIG_OK ==> (le16_at(blob, CONFIG_OFF_ARCH) == CONFIG_ARCH_AARCH64 ||
                                      le16_at(blob, CONFIG_OFF_ARCH) == CONFIG_ARCH_X86_64);
    exits \false;
*/
static int check_header(const uint8_t *blob, struct config_error *err)
{
	uint32_t magic = rd32(blob + CONFIG_OFF_MAGIC);
	uint16_t version = rd16(blob + CONFIG_OFF_VERSION);
	uint16_t arch = rd16(blob + CONFIG_OFF_ARCH);
	uint16_t header_size = rd16(blob + CONFIG_OFF_HEADER_SIZE);
	uint16_t record_size = rd16(blob + CONFIG_OFF_RECORD_SIZE);
	uint16_t count = rd16(blob + CONFIG_OFF_VM_COUNT);

	err_blob(err);
	if (magic != CONFIG_MAGIC) {
		ERR_HEX(err, "bad magic ", magic, " (expected ");
		ERR_HEX(err, "", CONFIG_MAGIC, ", \"TCFG\")");
		return CONFIG_E_MAGIC;
	}
	if (version != CONFIG_VERSION) {
		ERR_DEC(err, "unsupported format version ", version, " (this hypervisor reads version 1)");
		return CONFIG_E_VERSION;
	}
	if (arch != CONFIG_ARCH_AARCH64 && arch != CONFIG_ARCH_X86_64) {
		ERR_DEC(err, "unknown architecture ", arch, " (1 = aarch64, 2 = x86_64)");
		return CONFIG_E_ARCH;
	}
	if (header_size != CONFIG_HEADER_SIZE) {
		ERR_DEC(err, "header_size ", header_size, " (expected 64)");
		return CONFIG_E_SIZE;
	}
	if (record_size != CONFIG_RECORD_SIZE) {
		ERR_DEC(err, "record_size ", record_size, " (expected 256)");
		return CONFIG_E_SIZE;
	}
	if (count == 0 || count > CONFIG_MAX_VMS) {
		ERR_DEC(err, "vm_count ", count, "");
		if (count == 0)
			ERR_LIT(err, ": the blob describes no VM");
		else
			ERR_LIT(err, " exceeds the maximum 8");
		return CONFIG_E_COUNT;
	}
	return CONFIG_OK;
}

int config_parse(const uint8_t *blob, size_t len, struct tessera_config *out,
		 struct config_error *err)
{
	uint32_t total;
	uint32_t need;
	uint32_t crc;
	uint32_t count;
	uint32_t failed;
	size_t bad = 0;
	int rc;

	err_blob(err);
	if (len < CONFIG_HEADER_SIZE) {
		ERR_DEC(err, "blob truncated: ", len, " bytes, header needs 64");
		return CONFIG_E_TRUNCATED;
	}
	rc = check_header(blob, err);
	if (rc != CONFIG_OK)
		return rc;
	count = rd16(blob + CONFIG_OFF_VM_COUNT);
	need = CONFIG_HEADER_SIZE + count * CONFIG_RECORD_SIZE;
	total = rd32(blob + CONFIG_OFF_TOTAL_SIZE);
	if (total != need) {
		ERR_DEC(err, "total_size ", total, " but vm_count ");
		ERR_DEC(err, "", count, "");
		ERR_DEC(err, " needs ", need, "");
		return CONFIG_E_SIZE;
	}
	if (len < total) {
		ERR_DEC(err, "blob truncated: ", len, " bytes, total_size says ");
		ERR_DEC(err, "", total, "");
		return CONFIG_E_TRUNCATED;
	}
	if (len > total) {
		ERR_DEC(err, "blob is ", len, " bytes but total_size says ");
		ERR_DEC(err, "", total, " (trailing bytes)");
		return CONFIG_E_SIZE;
	}
	crc = config_crc32(blob, total);
	if (crc != rd32(blob + CONFIG_OFF_CRC32)) {
		ERR_HEX(err, "bad CRC32 ", rd32(blob + CONFIG_OFF_CRC32), " (computed ");
		ERR_HEX(err, "", crc, ")");
		return CONFIG_E_CRC;
	}
	if (!all_zero(blob + CONFIG_OFF_HDR_RESERVED, CONFIG_HEADER_SIZE - CONFIG_OFF_HDR_RESERVED,
		      &bad)) {
		ERR_DEC(err, "reserved header byte ", CONFIG_OFF_HDR_RESERVED + bad, " must be 0");
		return CONFIG_E_RESERVED;
	}

	out->arch = rd16(blob + CONFIG_OFF_ARCH);
	out->vm_count = count;
	/*@ loop invariant 0 <= i <= count;
	    loop invariant out->vm_count == count && 1 <= count <= CONFIG_MAX_VMS;
	    loop invariant out->arch == CONFIG_ARCH_AARCH64 || out->arch == CONFIG_ARCH_X86_64;
	    loop invariant config_err_ok(err);
	    loop assigns i, rc, out->vms[0 .. CONFIG_MAX_VMS - 1], *err;
	    loop variant count - i;
	*/
	for (uint32_t i = 0; i < count; i++) {
		rc = parse_vm(blob + CONFIG_HEADER_SIZE + i * CONFIG_RECORD_SIZE, i, out->arch,
			      &out->vms[i], err);
		if (rc != CONFIG_OK)
			return rc;
	}
	/*
	 * From here on the message stays "config: OK" unless a check fails, so
	 * nothing writes *err after config_ok(out) has been established.
	 */
	err_blob(err);
	ERR_LIT(err, "OK");
	rc = check_cross(out, err);
	if (rc != CONFIG_OK)
		return rc;
	/*@ assert out->vm_count == count && 1 <= count <= CONFIG_MAX_VMS; */
	/*@ assert out->arch == CONFIG_ARCH_AARCH64 || out->arch == CONFIG_ARCH_X86_64; */
	/*
	 * Re-check every parsed record as a whole. parse_vm() already refused
	 * anything that fails here; this pass is what the proof of config_ok()
	 * stands on, without having to carry it across the writes of later records.
	 */
	failed = count;
	/*@ loop invariant 0 <= i <= count;
	    loop invariant failed == count;
	    loop invariant \forall integer j; 0 <= j < i ==> config_vm_ok(&out->vms[j]);
	    loop assigns i, failed;
	    loop variant count - i;
	*/
	for (uint32_t i = 0; i < count; i++) {
		if (!vm_ok(&out->vms[i])) {
			failed = i;
			break;
		}
	}
	if (failed < count) {
		err_vm(err, failed, NULL);
		ERR_LIT(err, "internal error: parsed record fails its final check");
		return CONFIG_E_INTERNAL;
	}
	return CONFIG_OK;
}

/* ---- Platform checks ------------------------------------------------------ */

/* 4 KiB pages of the RAM regions of @v (0 for a region count out of range). */
/*@ requires \valid_read(v);
    assigns \nothing;
    ensures \result <= CONFIG_MAX_RAM * 4294967295 * CONFIG_PAGES_PER_MIB;
    exits \false;
*/
static uint64_t vm_pages(const struct config_vm *v)
{
	uint64_t pages = 0;

	if (v->ram_count > CONFIG_MAX_RAM)
		return 0;
	/*@ loop invariant 0 <= k <= v->ram_count;
	    loop invariant pages <= k * 4294967295 * CONFIG_PAGES_PER_MIB;
	    loop assigns k, pages;
	    loop variant v->ram_count - k;
	*/
	for (uint32_t k = 0; k < v->ram_count; k++)
		pages += (uint64_t)v->ram[k].size_mib * CONFIG_PAGES_PER_MIB;
	return pages;
}

uint64_t config_ram_pages(const struct tessera_config *cfg, uint32_t index)
{
	if (cfg->vm_count > CONFIG_MAX_VMS || index >= cfg->vm_count)
		return 0;
	return vm_pages(&cfg->vms[index]);
}

/*@ requires \valid(err) && \valid_read(plat);
    requires \separated(err, plat);
    assigns *err;
    ensures config_err_ok(err);
    ensures \result <= 0;
    ensures \result == CONFIG_OK ==> 32 <= plat->ipa_bits <= 64 && plat->cpu_count > 0;
    exits \false;
*/
static int check_plat_sane(const struct config_platform *plat, struct config_error *err)
{
	err_blob(err);
	if (plat->cpu_count == 0) {
		ERR_LIT(err, "platform reports no CPU");
		return CONFIG_E_PLATFORM;
	}
	if (plat->ipa_bits < 32 || plat->ipa_bits > 64) {
		ERR_DEC(err, "platform IPA size ", plat->ipa_bits, " bits is outside 32..64");
		return CONFIG_E_PLATFORM;
	}
	return CONFIG_OK;
}

/* The checks of config_check_vm() once the index and platform are known good. */
/*@ requires \valid(err) && \valid_read(v) && \valid_read(plat);
    requires 32 <= plat->ipa_bits <= 64 && plat->cpu_count > 0;
    requires index < CONFIG_MAX_VMS;
    requires \separated(err, v);
    requires \separated(err, plat);
    assigns *err;
    ensures config_err_ok(err);
    ensures \result <= 0;
    exits \false;
*/
static int check_vm_on(const struct config_vm *v, uint32_t index,
		       const struct config_platform *plat, struct config_error *err)
{
	uint64_t pages;
	uint64_t image;
	uint64_t room;

	err_blob(err);
	if (plat->cpu_count < CONFIG_MAX_CPUS && (v->cpu_mask >> plat->cpu_count) != 0) {
		err_vm(err, index, v->name);
		ERR_DEC(err, "cpus: CPU ", plat->cpu_count + lowest_bit(v->cpu_mask >> plat->cpu_count), " is not present (the platform has ");
		ERR_DEC(err, "", plat->cpu_count, " CPUs)");
		return CONFIG_E_CPU;
	}
	if (v->ram_count == 0 || v->ram_count > CONFIG_MAX_RAM) {
		err_vm(err, index, v->name);
		ERR_DEC(err, "ram_count ", v->ram_count, " must be 1 to 4");
		return CONFIG_E_COUNT;
	}
	/*@ loop invariant 0 <= k <= v->ram_count;
	    loop assigns k;
	    loop variant v->ram_count - k;
	*/
	for (uint32_t k = 0; k < v->ram_count; k++) {
		const struct config_ram *r = &v->ram[k];
		if (r->size == 0 || r->base_ipa > UINT64_MAX - r->size + 1) {
			err_vm(err, index, v->name);
			err_ram_field(err, k, true);
			ERR_HEX(err, "", r->base_ipa, "");
			ERR_HEX(err, " with size ", r->size, " is not a valid range");
			return CONFIG_E_RAM;
		}
		if (plat->ipa_bits < 64 && ((r->base_ipa + (r->size - 1)) >> plat->ipa_bits) != 0) {
			err_vm(err, index, v->name);
			err_ram_field(err, k, true);
			ERR_HEX(err, "", r->base_ipa, "");
			ERR_DEC(err, " + ", r->size_mib, " MiB leaves the ");
			ERR_DEC(err, "", plat->ipa_bits, "-bit guest IPA space of this platform");
			return CONFIG_E_IPA;
		}
	}
	pages = vm_pages(v);
	if (pages > plat->free_pages) {
		err_vm(err, index, v->name);
		ERR_DEC(err, "RAM needs ", pages, " pages (");
		ERR_DEC(err, "", pages / CONFIG_PAGES_PER_MIB, "");
		ERR_DEC(err, " MiB), only ", plat->free_pages, " are free");
		return CONFIG_E_MEMORY;
	}
	image = plat->image_size[index];
	if (image == CONFIG_IMAGE_MISSING) {
		err_vm(err, index, v->name);
		ERR_LIT(err, "image \"");
		err_str(err, v->image, CONFIG_IMAGE_MAX);
		ERR_LIT(err, "\" not found");
		return CONFIG_E_IMAGE_FILE;
	}
	if (image == 0) {
		err_vm(err, index, v->name);
		ERR_LIT(err, "image \"");
		err_str(err, v->image, CONFIG_IMAGE_MAX);
		ERR_LIT(err, "\" is empty");
		return CONFIG_E_IMAGE_FILE;
	}
	if (v->entry_offset >= v->ram[0].size) {
		err_vm(err, index, v->name);
		ERR_HEX(err, "entry_offset ", v->entry_offset, " is outside RAM");
		return CONFIG_E_ENTRY;
	}
	room = v->ram[0].size - v->entry_offset;
	if (image > room) {
		err_vm(err, index, v->name);
		ERR_LIT(err, "image \"");
		err_str(err, v->image, CONFIG_IMAGE_MAX);
		ERR_DEC(err, "\" is ", image, " bytes, larger than RAM minus entry_offset (");
		ERR_DEC(err, "", room, " bytes)");
		return CONFIG_E_IMAGE_FILE;
	}
	err_blob(err);
	ERR_LIT(err, "OK");
	return CONFIG_OK;
}

int config_check_vm(const struct tessera_config *cfg, uint32_t index,
		    const struct config_platform *plat, struct config_error *err)
{
	int rc;

	if (cfg->vm_count > CONFIG_MAX_VMS || index >= cfg->vm_count) {
		err_blob(err);
		ERR_DEC(err, "no VM with index ", index, "");
		return CONFIG_E_NOVM;
	}
	rc = check_plat_sane(plat, err);
	if (rc != CONFIG_OK)
		return rc;
	return check_vm_on(&cfg->vms[index], index, plat, err);
}

int config_check_platform(const struct tessera_config *cfg,
			  const struct config_platform *plat, struct config_error *err)
{
	uint64_t total = 0;
	int rc;

	if (cfg->arch != plat->arch) {
		err_blob(err);
		ERR_LIT(err, "architecture: the blob is for ");
		err_arch(err, cfg->arch);
		ERR_LIT(err, ", this hypervisor is ");
		err_arch(err, plat->arch);
		return CONFIG_E_ARCH;
	}
	if (cfg->vm_count == 0 || cfg->vm_count > CONFIG_MAX_VMS) {
		err_blob(err);
		ERR_DEC(err, "vm_count ", cfg->vm_count, " must be 1 to 8");
		return CONFIG_E_COUNT;
	}
	rc = check_plat_sane(plat, err);
	if (rc != CONFIG_OK)
		return rc;
	/*@ loop invariant 0 <= i <= cfg->vm_count;
	    loop invariant total <= i * (CONFIG_MAX_RAM * 4294967295 * CONFIG_PAGES_PER_MIB);
	    loop assigns i, rc, total, *err;
	    loop variant cfg->vm_count - i;
	*/
	for (uint32_t i = 0; i < cfg->vm_count; i++) {
		const struct config_vm *v = &cfg->vms[i];
		rc = check_vm_on(v, i, plat, err);
		if (rc != CONFIG_OK)
			return rc;
		/* Only autostart VMs take memory at boot; others are checked at `start`. */
		if ((v->flags & CONFIG_FLAG_AUTOSTART) != 0)
			total += vm_pages(v);
	}
	if (total > plat->free_pages) {
		err_blob(err);
		ERR_DEC(err, "the autostart VMs need ", total, " pages of RAM together, only ");
		ERR_DEC(err, "", plat->free_pages, " are free");
		return CONFIG_E_MEMORY;
	}
	err_blob(err);
	ERR_LIT(err, "OK");
	return CONFIG_OK;
}

int config_find_vm(const struct tessera_config *cfg, const char *name, size_t len)
{
	if (len == 0 || len >= CONFIG_NAME_MAX || cfg->vm_count > CONFIG_MAX_VMS)
		return -1;
	/*@ loop invariant 0 <= i <= cfg->vm_count;
	    loop assigns i;
	    loop variant cfg->vm_count - i;
	*/
	for (uint32_t i = 0; i < cfg->vm_count; i++) {
		const char *n = cfg->vms[i].name;
		size_t k = 0;

		/*@ loop invariant 0 <= k <= len;
		    loop assigns k;
		    loop variant len - k;
		*/
		while (k < len && n[k] == name[k])
			k++;
		if (k == len && n[len] == 0)
			return (int)i;
	}
	return -1;
}
