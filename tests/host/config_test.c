/*
 * Host unit tests of the config validator (vm/config.c).
 *
 * Blobs are built here byte by byte from the layout in docs/config.md, with
 * zlib's crc32 as an independent CRC reference. Each malformed case starts
 * from a good blob, changes one thing, re-seals the CRC (unless the CRC is
 * the point), and checks both the status code and the words of the message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "vm/config.h"

static int failures;
static int checks;

#define CHECK(cond)                                                                         \
	do {                                                                                \
		checks++;                                                                   \
		if (!(cond)) {                                                              \
			failures++;                                                         \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
		}                                                                           \
	} while (0)

/* ---- Blob builder ------------------------------------------------------- */

struct blob {
	uint8_t b[CONFIG_MAX_BLOB_SIZE + 64];
	size_t len;
};

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}
static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint8_t *rec(struct blob *b, unsigned i) { return b->b + 64 + 256 * i; }

/* Recompute the CRC the way docs/config.md says: [0,12) then [16,len), zlib CRC-32. */
static void seal(struct blob *b)
{
	uLong c = crc32(0, Z_NULL, 0);
	c = crc32(c, b->b, 12);
	c = crc32(c, b->b + 16, (uInt)(b->len - 16));
	put32(b->b + 12, (uint32_t)c);
}

static void set_vm(struct blob *b, unsigned i, const char *name, uint32_t mib, unsigned cpu)
{
	uint8_t *r = rec(b, i);
	char image[64];

	memset(r, 0, 256);
	memcpy(r, name, strlen(name));
	snprintf(image, sizeof(image), "\\tessera\\%s.bin", name);
	memcpy(r + 32, image, strlen(image));
	put64(r + 96, 0x80);                    /* entry */
	put64(r + 104, 0x1234);                 /* arg */
	put64(r + 112, 1ull << cpu);            /* cpus */
	put32(r + 120, CONFIG_FLAG_AUTOSTART);
	put32(r + 124, CONFIG_DEV_CONSOLE);
	put32(r + 128, 1);                      /* ram_count */
	put64(r + 136, 0x40000000);
	put32(r + 144, mib);
}

/* A good blob with @n VMs: vmK on CPU K+1, 16 MiB each. */
static void good(struct blob *b, unsigned n)
{
	memset(b, 0, sizeof(*b));
	b->len = 64 + 256 * n;
	put32(b->b + 0, CONFIG_MAGIC);
	put16(b->b + 4, 1);
	put16(b->b + 6, CONFIG_ARCH_AARCH64);
	put32(b->b + 8, (uint32_t)b->len);
	put16(b->b + 16, 64);
	put16(b->b + 18, 256);
	put16(b->b + 20, (uint16_t)n);
	for (unsigned i = 0; i < n; i++) {
		char name[8];
		snprintf(name, sizeof(name), "vm%u", i);
		set_vm(b, i, name, 16, i + 1);
	}
	seal(b);
}

static struct tessera_config cfg;
static struct config_error err;

static int parse(struct blob *b) { return config_parse(b->b, b->len, &cfg, &err); }

/* The message is one line, NUL-terminated at len, and contains every @words entry. */
static int msg_has(const char *const *words)
{
	if (err.len >= CONFIG_ERR_MAX || err.msg[err.len] != 0 || strlen(err.msg) != err.len)
		return 0;
	if (strchr(err.msg, '\n') != NULL || strncmp(err.msg, "config: ", 8) != 0)
		return 0;
	for (; *words != NULL; words++)
		if (strstr(err.msg, *words) == NULL)
			return 0;
	return 1;
}

#define EXPECT(b, code, ...)                                                              \
	do {                                                                              \
		const char *const w_[] = {__VA_ARGS__, NULL};                             \
		int rc_ = parse(b);                                                       \
		CHECK(rc_ == (code));                                                     \
		CHECK(msg_has(w_));                                                       \
		if (rc_ != (code) || !msg_has(w_))                                        \
			fprintf(stderr, "  got %d: %s\n", rc_, err.msg);                 \
	} while (0)

/* ---- Tests -------------------------------------------------------------- */

static void test_good(void)
{
	struct blob b;

	good(&b, 3);
	CHECK(parse(&b) == CONFIG_OK);
	CHECK(strcmp(err.msg, "config: OK") == 0);
	CHECK(cfg.vm_count == 3 && cfg.arch == CONFIG_ARCH_AARCH64);
	CHECK(strcmp(cfg.vms[2].name, "vm2") == 0);
	CHECK(strcmp(cfg.vms[1].image, "\\tessera\\vm1.bin") == 0);
	CHECK(cfg.vms[0].ram_count == 1 && cfg.vms[0].ram[0].size == 16u << 20);
	CHECK(cfg.vms[0].ram[0].size_mib == 16 && cfg.vms[0].ram[0].base_ipa == 0x40000000);
	CHECK(cfg.vms[0].entry_offset == 0x80 && cfg.vms[0].guest_arg == 0x1234);
	CHECK(cfg.vms[2].cpu_mask == 8);
	CHECK(cfg.vms[0].flags == CONFIG_FLAG_AUTOSTART && cfg.vms[0].devices == CONFIG_DEV_CONSOLE);
	CHECK(config_find_vm(&cfg, "vm1", 3) == 1);
	CHECK(config_find_vm(&cfg, "vm", 2) == -1);
	CHECK(config_find_vm(&cfg, "vm10", 4) == -1);
	CHECK(config_find_vm(&cfg, "", 0) == -1);
	CHECK(config_ram_pages(&cfg, 0) == 16 * 256);
	CHECK(config_ram_pages(&cfg, 3) == 0);

	/* All 8 VMs, two extra RAM regions, 64-bit values survive the copy. */
	good(&b, 8);
	put32(rec(&b, 7) + 128, 3);
	put64(rec(&b, 7) + 152, 0x100000000ull);
	put32(rec(&b, 7) + 160, 2);
	put64(rec(&b, 7) + 168, 0x80000000ull);
	put32(rec(&b, 7) + 176, 1024);
	put64(rec(&b, 7) + 104, 0xfedcba9876543210ull);
	seal(&b);
	CHECK(parse(&b) == CONFIG_OK);
	CHECK(cfg.vm_count == 8 && cfg.vms[7].ram_count == 3);
	CHECK(cfg.vms[7].ram[1].base_ipa == 0x100000000ull && cfg.vms[7].ram[1].size == 2u << 20);
	CHECK(cfg.vms[7].ram[2].size == 1ull << 30);
	CHECK(cfg.vms[7].guest_arg == 0xfedcba9876543210ull);
	CHECK(config_ram_pages(&cfg, 7) == (16 + 2 + 1024) * 256);
}

static void test_header(void)
{
	struct blob b;

	good(&b, 1);
	b.len = 12;
	EXPECT(&b, CONFIG_E_TRUNCATED, "truncated", "12 bytes", "header needs 64");
	b.len = 0;
	CHECK(config_parse(NULL, 0, &cfg, &err) == CONFIG_E_TRUNCATED);

	good(&b, 2);
	b.len -= 1;
	EXPECT(&b, CONFIG_E_TRUNCATED, "truncated", "575 bytes", "total_size says 576");

	good(&b, 1);
	b.len += 4;
	EXPECT(&b, CONFIG_E_SIZE, "trailing");

	good(&b, 1);
	put32(b.b, 0x12345678);
	seal(&b);
	EXPECT(&b, CONFIG_E_MAGIC, "bad magic 0x12345678", "expected 0x47464354");

	good(&b, 1);
	put16(b.b + 4, 2);
	seal(&b);
	EXPECT(&b, CONFIG_E_VERSION, "version 2");

	good(&b, 1);
	put16(b.b + 6, 7);
	seal(&b);
	EXPECT(&b, CONFIG_E_ARCH, "architecture 7");

	good(&b, 1);
	put16(b.b + 18, 300);
	seal(&b);
	EXPECT(&b, CONFIG_E_SIZE, "record_size 300", "expected 256");

	good(&b, 1);
	put16(b.b + 16, 32);
	seal(&b);
	EXPECT(&b, CONFIG_E_SIZE, "header_size 32");

	good(&b, 1);
	put16(b.b + 20, 0);
	seal(&b);
	EXPECT(&b, CONFIG_E_COUNT, "vm_count 0");

	good(&b, 1);
	put16(b.b + 20, 9);
	seal(&b);
	EXPECT(&b, CONFIG_E_COUNT, "vm_count 9", "maximum 8");

	good(&b, 1);
	put16(b.b + 20, 60000);
	seal(&b);
	EXPECT(&b, CONFIG_E_COUNT, "vm_count 60000");

	good(&b, 1);
	put32(b.b + 8, 576);
	seal(&b);
	EXPECT(&b, CONFIG_E_SIZE, "total_size 576", "needs 320");

	/* CRC: any flipped bit outside the CRC field is caught; a wrong CRC field too. */
	good(&b, 2);
	b.b[64 + 256 + 200] ^= 0x10;
	EXPECT(&b, CONFIG_E_CRC, "bad CRC32");
	good(&b, 2);
	b.b[13] ^= 1;
	EXPECT(&b, CONFIG_E_CRC, "bad CRC32", "computed");
	good(&b, 2);
	b.b[9] ^= 0x80; /* total_size: checked before the CRC, but covered by it */
	CHECK(parse(&b) == CONFIG_E_SIZE);

	good(&b, 1);
	b.b[40] = 1;
	seal(&b);
	EXPECT(&b, CONFIG_E_RESERVED, "reserved header byte 40");
}

static void test_names(void)
{
	struct blob b;

	good(&b, 2);
	memset(rec(&b, 1), 0, 32);
	seal(&b);
	EXPECT(&b, CONFIG_E_NAME, "vm #1", "name is empty");

	good(&b, 2);
	memset(rec(&b, 1), 'a', 32);
	seal(&b);
	EXPECT(&b, CONFIG_E_NAME, "vm #1", "name not NUL-terminated");

	good(&b, 2);
	rec(&b, 0)[1] = ' ';
	seal(&b);
	EXPECT(&b, CONFIG_E_NAME, "vm #0", "name byte 1 is 0x20");

	good(&b, 2);
	rec(&b, 0)[0] = 0x07;
	seal(&b);
	EXPECT(&b, CONFIG_E_NAME, "vm #0", "name byte 0 is 0x7");

	good(&b, 2);
	rec(&b, 0)[0] = 0xc3;
	seal(&b);
	EXPECT(&b, CONFIG_E_NAME, "name byte 0 is 0xc3");

	good(&b, 2);
	rec(&b, 0)[10] = 'x'; /* after the NUL of "vm0" */
	seal(&b);
	EXPECT(&b, CONFIG_E_NAME, "padding byte 10");

	good(&b, 3);
	memcpy(rec(&b, 2), "vm0", 3);
	seal(&b);
	EXPECT(&b, CONFIG_E_NAME, "vm #2", "\"vm0\" is already used by vm #0");

	/* Longest name: 31 bytes. */
	good(&b, 1);
	memset(rec(&b, 0), 'n', 31);
	seal(&b);
	CHECK(parse(&b) == CONFIG_OK && strlen(cfg.vms[0].name) == 31);

	good(&b, 1);
	memset(rec(&b, 0) + 32, 0, 64);
	seal(&b);
	EXPECT(&b, CONFIG_E_IMAGE, "vm \"vm0\"", "image is empty");

	good(&b, 1);
	memset(rec(&b, 0) + 32, 'i', 64);
	seal(&b);
	EXPECT(&b, CONFIG_E_IMAGE, "vm \"vm0\"", "image not NUL-terminated within 64");

	good(&b, 1);
	rec(&b, 0)[33] = 0x7f;
	seal(&b);
	EXPECT(&b, CONFIG_E_IMAGE, "vm \"vm0\"", "image byte 1 is 0x7f");
}

static void test_ram(void)
{
	struct blob b;

	good(&b, 2);
	put32(rec(&b, 1) + 144, 0);
	seal(&b);
	EXPECT(&b, CONFIG_E_RAM, "vm \"vm1\": ram_mib 0 must be > 0");

	good(&b, 1);
	put32(rec(&b, 0) + 144, 3);
	seal(&b);
	EXPECT(&b, CONFIG_E_RAM, "ram_mib 3", "multiple of 2");

	good(&b, 1);
	put32(rec(&b, 0) + 144, 0xfffffffe);
	seal(&b);
	EXPECT(&b, CONFIG_E_RAM, "ram_mib 4294967294", "maximum");

	good(&b, 1);
	put64(rec(&b, 0) + 136, 0x40001000);
	seal(&b);
	EXPECT(&b, CONFIG_E_IPA, "ram_base 0x40001000", "2 MiB aligned");

	good(&b, 1);
	put64(rec(&b, 0) + 136, 0xffffffffffe00000ull);
	seal(&b);
	EXPECT(&b, CONFIG_E_IPA, "ram_base 0xffffffffffe00000", "48-bit IPA");

	good(&b, 1);
	put64(rec(&b, 0) + 136, (1ull << 48) - (16u << 20));
	seal(&b);
	CHECK(parse(&b) == CONFIG_OK); /* ends exactly at 2^48 */
	put64(rec(&b, 0) + 136, (1ull << 48) - (14u << 20));
	seal(&b);
	EXPECT(&b, CONFIG_E_IPA, "48-bit");

	/* Console UART at 0x09000000: RAM over it is refused only if the device is on. */
	good(&b, 1);
	put64(rec(&b, 0) + 136, 0x08000000);
	put32(rec(&b, 0) + 144, 32);
	seal(&b);
	EXPECT(&b, CONFIG_E_IPA, "ram_base 0x8000000", "console UART");
	put32(rec(&b, 0) + 124, 0);
	seal(&b);
	CHECK(parse(&b) == CONFIG_OK);
	good(&b, 1);
	put64(rec(&b, 0) + 136, 0x08e00000);
	put32(rec(&b, 0) + 144, 2); /* ends at 0x09000000: touches, no overlap */
	seal(&b);
	CHECK(parse(&b) == CONFIG_OK);

	/* Extra regions. */
	good(&b, 1);
	put32(rec(&b, 0) + 128, 2);
	put64(rec(&b, 0) + 152, 0x40200000); /* inside ram_base 0x40000000 + 16 MiB */
	put32(rec(&b, 0) + 160, 2);
	seal(&b);
	EXPECT(&b, CONFIG_E_IPA, "extra_ram[0].base 0x40200000", "overlaps ram_base 0x40000000");
	put64(rec(&b, 0) + 152, 0x41000000); /* right after: fine */
	seal(&b);
	CHECK(parse(&b) == CONFIG_OK);
	put32(rec(&b, 0) + 128, 3);
	put64(rec(&b, 0) + 168, 0x3fe00000); /* ends inside region 0: overlap */
	put32(rec(&b, 0) + 176, 4);
	seal(&b);
	EXPECT(&b, CONFIG_E_IPA, "extra_ram[1].base 0x3fe00000", "overlaps ram_base");
	put64(rec(&b, 0) + 168, 0x41000000); /* same as extra_ram[0] */
	seal(&b);
	EXPECT(&b, CONFIG_E_IPA, "extra_ram[1].base 0x41000000", "overlaps extra_ram[0]");
	put64(rec(&b, 0) + 168, 0x50000000);
	put32(rec(&b, 0) + 176, 0);
	seal(&b);
	EXPECT(&b, CONFIG_E_RAM, "extra_ram[1].mib 0 must be > 0");

	good(&b, 1);
	put32(rec(&b, 0) + 128, 0);
	seal(&b);
	EXPECT(&b, CONFIG_E_COUNT, "ram_count 0");
	put32(rec(&b, 0) + 128, 5);
	seal(&b);
	EXPECT(&b, CONFIG_E_COUNT, "ram_count 5");

	good(&b, 1);
	put32(rec(&b, 0) + 160, 2); /* unused region 1 not zero */
	seal(&b);
	EXPECT(&b, CONFIG_E_RESERVED, "unused RAM region 1");

	good(&b, 1);
	put32(rec(&b, 0) + 148, 1);
	seal(&b);
	EXPECT(&b, CONFIG_E_RESERVED, "reserved word of RAM region 0");

	good(&b, 1);
	rec(&b, 0)[255] = 1;
	seal(&b);
	EXPECT(&b, CONFIG_E_RESERVED, "vm \"vm0\"", "reserved");
}

static void test_entry_cpus_flags(void)
{
	struct blob b;

	good(&b, 1);
	put64(rec(&b, 0) + 96, 16u << 20);
	seal(&b);
	EXPECT(&b, CONFIG_E_ENTRY, "entry_offset 0x1000000", "outside RAM");
	put64(rec(&b, 0) + 96, (16u << 20) - 4);
	seal(&b);
	CHECK(parse(&b) == CONFIG_OK);
	put64(rec(&b, 0) + 96, 2);
	seal(&b);
	EXPECT(&b, CONFIG_E_ENTRY, "entry_offset 0x2", "4-byte aligned");
	put16(b.b + 6, CONFIG_ARCH_X86_64); /* x86 code may start anywhere */
	seal(&b);
	CHECK(parse(&b) == CONFIG_OK && cfg.arch == CONFIG_ARCH_X86_64);

	good(&b, 1);
	put64(rec(&b, 0) + 112, 0);
	seal(&b);
	EXPECT(&b, CONFIG_E_CPU, "vm \"vm0\"", "cpus is empty");

	good(&b, 1);
	put64(rec(&b, 0) + 112, 3);
	seal(&b);
	EXPECT(&b, CONFIG_E_CPU, "CPU 0");

	good(&b, 3);
	put64(rec(&b, 2) + 112, (1ull << 2) | (1ull << 40));
	seal(&b);
	EXPECT(&b, CONFIG_E_CPU, "vm \"vm2\"", "CPU 2 is already given to vm \"vm1\"");

	good(&b, 2);
	put64(rec(&b, 0) + 112, 1ull << 63);
	put64(rec(&b, 1) + 112, (1ull << 63) | 4);
	seal(&b);
	EXPECT(&b, CONFIG_E_CPU, "CPU 63");

	good(&b, 1);
	put32(rec(&b, 0) + 120, 0x5);
	seal(&b);
	EXPECT(&b, CONFIG_E_FLAGS, "flags 0x5", "unknown bits 0x4");

	good(&b, 1);
	put32(rec(&b, 0) + 124, 0x80000001);
	seal(&b);
	EXPECT(&b, CONFIG_E_FLAGS, "devices 0x80000001", "unknown bits 0x80000000");
}

static struct config_platform plat(uint32_t cpus, uint64_t free_pages)
{
	struct config_platform p;

	memset(&p, 0, sizeof(p));
	p.arch = CONFIG_ARCH_AARCH64;
	p.cpu_count = cpus;
	p.free_pages = free_pages;
	p.ipa_bits = 40;
	for (unsigned i = 0; i < CONFIG_MAX_VMS; i++)
		p.image_size[i] = 4096;
	return p;
}

static void test_platform(void)
{
	struct blob b;
	struct config_platform p;

	good(&b, 3); /* CPUs 1..3, 3 x 16 MiB = 12288 pages */
	CHECK(parse(&b) == CONFIG_OK);
	p = plat(4, 12288);
	CHECK(config_check_platform(&cfg, &p, &err) == CONFIG_OK);
	CHECK(strcmp(err.msg, "config: OK") == 0);

	p = plat(3, 12288);
	CHECK(config_check_platform(&cfg, &p, &err) == CONFIG_E_CPU);
	CHECK(strstr(err.msg, "vm \"vm2\": cpus: CPU 3 is not present") != NULL);

	p = plat(4, 12287);
	CHECK(config_check_platform(&cfg, &p, &err) == CONFIG_E_MEMORY);
	CHECK(strstr(err.msg, "12288 pages") != NULL && strstr(err.msg, "12287") != NULL);

	p = plat(4, 4095); /* even one VM does not fit */
	CHECK(config_check_platform(&cfg, &p, &err) == CONFIG_E_MEMORY);
	CHECK(strstr(err.msg, "vm \"vm0\": RAM needs 4096 pages") != NULL);
	CHECK(config_check_vm(&cfg, 1, &p, &err) == CONFIG_E_MEMORY);
	CHECK(strstr(err.msg, "vm \"vm1\"") != NULL);

	/* Non-autostart VMs do not count in the boot-time sum, only in their own check. */
	cfg.vms[2].flags = 0;
	p = plat(4, 8192);
	CHECK(config_check_platform(&cfg, &p, &err) == CONFIG_OK);
	CHECK(config_check_vm(&cfg, 2, &p, &err) == CONFIG_OK);
	cfg.vms[2].flags = CONFIG_FLAG_AUTOSTART;

	p = plat(4, 1u << 30);
	p.image_size[1] = CONFIG_IMAGE_MISSING;
	CHECK(config_check_platform(&cfg, &p, &err) == CONFIG_E_IMAGE_FILE);
	CHECK(strstr(err.msg, "vm \"vm1\": image \"\\tessera\\vm1.bin\" not found") != NULL);

	p = plat(4, 1u << 30);
	p.image_size[0] = (16u << 20) - 0x80; /* exactly RAM minus entry offset 0x80 */
	CHECK(config_check_platform(&cfg, &p, &err) == CONFIG_OK);
	p.image_size[0]++;
	CHECK(config_check_platform(&cfg, &p, &err) == CONFIG_E_IMAGE_FILE);
	CHECK(strstr(err.msg, "larger than RAM minus entry_offset") != NULL);
	p.image_size[0] = 0;
	CHECK(config_check_platform(&cfg, &p, &err) == CONFIG_E_IMAGE_FILE);

	p = plat(4, 1u << 30);
	p.ipa_bits = 30; /* RAM at 1 GiB does not fit in 30 bits */
	CHECK(config_check_platform(&cfg, &p, &err) == CONFIG_E_PLATFORM); /* < 32 is not sane */
	p.ipa_bits = 65;
	CHECK(config_check_platform(&cfg, &p, &err) == CONFIG_E_PLATFORM);
	p.ipa_bits = 32;
	CHECK(config_check_platform(&cfg, &p, &err) == CONFIG_OK);
	cfg.vms[1].ram[0].base_ipa = 0xfff00000ull - 0xe00000ull;
	CHECK(config_check_platform(&cfg, &p, &err) == CONFIG_E_IPA);
	CHECK(strstr(err.msg, "vm \"vm1\": ram_base") != NULL && strstr(err.msg, "32-bit") != NULL);
	cfg.vms[1].ram[0].base_ipa = 0x100000000ull - (16u << 20); /* ends exactly at 4 GiB */
	CHECK(config_check_platform(&cfg, &p, &err) == CONFIG_OK);
	p.ipa_bits = 64;
	CHECK(config_check_platform(&cfg, &p, &err) == CONFIG_OK);

	p = plat(0, 1u << 30);
	CHECK(config_check_platform(&cfg, &p, &err) == CONFIG_E_PLATFORM);

	p = plat(4, 1u << 30);
	p.arch = CONFIG_ARCH_X86_64;
	CHECK(config_check_platform(&cfg, &p, &err) == CONFIG_E_ARCH);
	CHECK(strstr(err.msg, "blob is for aarch64, this hypervisor is x86_64") != NULL);

	p = plat(4, 1u << 30);
	CHECK(config_check_vm(&cfg, 3, &p, &err) == CONFIG_E_NOVM);
	CHECK(config_check_vm(&cfg, UINT32_MAX, &p, &err) == CONFIG_E_NOVM);

	/* A struct that did not come from config_parse: no crash, an error. */
	memset(&cfg, 0xff, sizeof(cfg));
	CHECK(config_check_platform(&cfg, &p, &err) != CONFIG_OK);
	CHECK(config_check_vm(&cfg, 0, &p, &err) != CONFIG_OK);
	CHECK(config_find_vm(&cfg, "x", 1) == -1);
	cfg.vm_count = 1;
	cfg.arch = CONFIG_ARCH_AARCH64;
	CHECK(config_check_platform(&cfg, &p, &err) != CONFIG_OK);
	CHECK(err.len < CONFIG_ERR_MAX && err.msg[err.len] == 0);
}

/* Every prefix and every single-byte change of a good blob is handled (no crash, sane text). */
static void test_mutations(void)
{
	struct blob b, m;
	unsigned accepted = 0;

	good(&b, 2);
	for (size_t n = 0; n < b.len; n++) {
		CHECK(config_parse(b.b, n, &cfg, &err) == CONFIG_E_TRUNCATED);
	}
	for (size_t i = 0; i < b.len; i++) {
		for (unsigned v = 0; v < 256; v += 17) {
			m = b;
			m.b[i] = (uint8_t)v;
			seal(&m);
			int rc = parse(&m);
			if (err.len >= CONFIG_ERR_MAX || err.msg[err.len] != 0 || rc > 0)
				CHECK(0);
			accepted += rc == CONFIG_OK;
		}
	}
	CHECK(accepted > 0);
}

/* config_crc32 agrees with zlib on the documented byte ranges. */
static void test_crc(void)
{
	struct blob b;

	good(&b, 4);
	uLong c = crc32(crc32(crc32(0, Z_NULL, 0), b.b, 12), b.b + 16, (uInt)(b.len - 16));
	CHECK(config_crc32(b.b, b.len) == (uint32_t)c);
	for (size_t i = 0; i < b.len; i += 7)
		b.b[i] = (uint8_t)(i * 31 + 7);
	c = crc32(crc32(crc32(0, Z_NULL, 0), b.b, 12), b.b + 16, (uInt)(b.len - 16));
	CHECK(config_crc32(b.b, b.len) == (uint32_t)c);
	CHECK(config_crc32(b.b, 64) != config_crc32(b.b, 65));
}

/* A very long message is cut, stays terminated. */
static void test_long_message(void)
{
	struct blob b;

	good(&b, 2);
	memset(rec(&b, 0), 'a', 31);
	memset(rec(&b, 0) + 32, 'b', 63);
	memset(rec(&b, 1), 'a', 31);
	memset(rec(&b, 1) + 32, 'c', 63);
	seal(&b);
	CHECK(parse(&b) == CONFIG_E_NAME);
	CHECK(err.len < CONFIG_ERR_MAX && strlen(err.msg) == err.len);
}

int main(void)
{
	test_good();
	test_header();
	test_names();
	test_ram();
	test_entry_cpus_flags();
	test_platform();
	test_mutations();
	test_crc();
	test_long_message();
	if (failures != 0) {
		fprintf(stderr, "config-test: %d of %d checks FAILED\n", failures, checks);
		return 1;
	}
	printf("config-test: %d checks passed\n", checks);
	return 0;
}
