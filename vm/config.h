/*
 * Tessera VM configuration: the boot-time config blob and its validator.
 *
 * The blob is produced on the build host by tools/mkconfig from a TOML file
 * and read by the UEFI stage from the ESP (default \tessera\config.bin). Its
 * format is documented field by field in docs/config.md; the offsets below
 * are the single source of truth for this C side, tools/mkconfig mirrors them.
 *
 * The parser never casts the blob to a struct: every field is read
 * little-endian, byte by byte, at an offset proved to lie inside the blob.
 * It copies a validated blob into a fixed-size, host-order struct
 * tessera_config; nothing else in the hypervisor reads the blob.
 *
 * Validation happens in two steps:
 *   config_parse()          facts that depend only on the blob bytes;
 *   config_check_platform() facts known only at boot (CPUs present, free
 *                           memory, IPA size, image sizes); config_check_vm()
 *                           is the same check for one VM, used when the
 *                           console restarts a single VM (`start NAME`).
 * Every failure fills a struct config_error with one line of text naming the
 * VM (when there is one) and the field, e.g.
 *   config: vm "web": ram_mib 0 must be > 0
 *
 * Freestanding: only <stdint.h>, <stddef.h>, <stdbool.h>. The contracts are
 * proved with Frama-C WP (make prove-config): no runtime error for any blob
 * bytes of any length, plus the functional properties stated below.
 */
#ifndef TESSERA_VM_CONFIG_H
#define TESSERA_VM_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- Blob format, version 1 (docs/config.md) ---------------------------- */

#define CONFIG_MAGIC            0x47464354u  /* "TCFG" as little-endian bytes */
#define CONFIG_VERSION          1u
#define CONFIG_ARCH_AARCH64     1u
#define CONFIG_ARCH_X86_64      2u

/* Header: 64 bytes at offset 0. */
#define CONFIG_HEADER_SIZE      64u
#define CONFIG_OFF_MAGIC        0u   /* u32 CONFIG_MAGIC */
#define CONFIG_OFF_VERSION      4u   /* u16 CONFIG_VERSION */
#define CONFIG_OFF_ARCH         6u   /* u16 CONFIG_ARCH_* */
#define CONFIG_OFF_TOTAL_SIZE   8u   /* u32 size of the whole blob in bytes */
#define CONFIG_OFF_CRC32        12u  /* u32 CRC-32 of bytes [0,12) then [16,total) */
#define CONFIG_OFF_HEADER_SIZE  16u  /* u16 CONFIG_HEADER_SIZE: records start here */
#define CONFIG_OFF_RECORD_SIZE  18u  /* u16 CONFIG_RECORD_SIZE */
#define CONFIG_OFF_VM_COUNT     20u  /* u16 number of VM records */
#define CONFIG_OFF_HDR_RESERVED 22u  /* 42 bytes, must be zero */

/* VM record: CONFIG_RECORD_SIZE bytes each, right after the header. */
#define CONFIG_RECORD_SIZE      256u
#define CONFIG_NAME_MAX         32u  /* name bytes incl. the NUL */
#define CONFIG_IMAGE_MAX        64u  /* image path bytes incl. the NUL */
#define CONFIG_MAX_RAM          4u   /* RAM regions per VM */
#define CONFIG_REC_NAME         0u   /* char[32], NUL-terminated, NUL-padded */
#define CONFIG_REC_IMAGE        32u  /* char[64], NUL-terminated, NUL-padded */
#define CONFIG_REC_ENTRY        96u  /* u64 entry offset into RAM region 0 */
#define CONFIG_REC_ARG          104u /* u64 guest argument (x1 on AArch64) */
#define CONFIG_REC_CPUS         112u /* u64 physical CPU set, bit i = CPU i */
#define CONFIG_REC_FLAGS        120u /* u32 CONFIG_FLAG_* */
#define CONFIG_REC_DEVICES      124u /* u32 CONFIG_DEV_* */
#define CONFIG_REC_RAM_COUNT    128u /* u32 RAM regions used, 1..CONFIG_MAX_RAM */
#define CONFIG_REC_RESERVED0    132u /* u32 must be zero */
#define CONFIG_REC_RAM          136u /* CONFIG_MAX_RAM x 16 bytes, see below */
#define CONFIG_RAM_ENTRY_SIZE   16u  /* u64 base IPA, u32 size in MiB, u32 zero */
#define CONFIG_REC_RESERVED1    200u /* 56 bytes, must be zero */

#define CONFIG_MAX_VMS          8u
#define CONFIG_MAX_BLOB_SIZE    (CONFIG_HEADER_SIZE + CONFIG_MAX_VMS * CONFIG_RECORD_SIZE)

/* Flags. Unknown bits are rejected, so a new flag needs a new parser. */
#define CONFIG_FLAG_AUTOSTART   0x1u /* start the VM at boot */
#define CONFIG_FLAGS_KNOWN      0x1u

/* Emulated devices. */
#define CONFIG_DEV_CONSOLE      0x1u /* PL011 UART at CONFIG_CONSOLE_IPA */
#define CONFIG_DEVS_KNOWN       0x1u
#define CONFIG_CONSOLE_IPA      0x09000000u
#define CONFIG_CONSOLE_SIZE     0x1000u

/* RAM: sizes in MiB, multiples of 2 MiB (one stage-2 block), bases 2 MiB aligned. */
#define CONFIG_DEFAULT_RAM_BASE 0x40000000u
#define CONFIG_RAM_ALIGN        0x200000u            /* 2 MiB */
#define CONFIG_RAM_ALIGN_MIB    2u
#define CONFIG_MAX_RAM_MIB      0x100000u            /* 1 TiB per region */
#define CONFIG_MAX_IPA_BITS     48u                  /* blob-level bound */
#define CONFIG_MAX_IPA          0x1000000000000ull   /* 1 << CONFIG_MAX_IPA_BITS */
#define CONFIG_MIB              0x100000u
#define CONFIG_PAGE_SIZE        4096u
#define CONFIG_PAGES_PER_MIB    256u
#define CONFIG_MAX_CPUS         64u                  /* width of the CPU set */

/* Platform facts: config_platform.image_size[i] when VM i's image is absent. */
#define CONFIG_IMAGE_MISSING    UINT64_MAX

/* ---- Parsed, host-order configuration ----------------------------------- */

struct config_ram {
	uint64_t base_ipa;  /* 2 MiB aligned */
	uint64_t size;      /* bytes, a non-zero multiple of 2 MiB */
	uint32_t size_mib;  /* the same size in MiB */
};

struct config_vm {
	char name[CONFIG_NAME_MAX];    /* NUL-terminated, [A-Za-z0-9._-]{1,31} */
	char image[CONFIG_IMAGE_MAX];  /* NUL-terminated, printable, no spaces */
	uint32_t ram_count;            /* 1 .. CONFIG_MAX_RAM */
	struct config_ram ram[CONFIG_MAX_RAM]; /* ram[0] holds the entry point */
	uint64_t entry_offset;         /* < ram[0].size */
	uint64_t guest_arg;            /* x1 at guest entry */
	uint64_t cpu_mask;             /* non-empty, never CPU 0 */
	uint32_t devices;              /* CONFIG_DEV_* */
	uint32_t flags;                /* CONFIG_FLAG_* */
};

struct tessera_config {
	uint32_t arch;                 /* CONFIG_ARCH_* */
	uint32_t vm_count;             /* 1 .. CONFIG_MAX_VMS */
	struct config_vm vms[CONFIG_MAX_VMS];
};

/* What the UEFI stage knows at boot. */
struct config_platform {
	uint32_t arch;                 /* CONFIG_ARCH_* of this hypervisor build */
	uint32_t cpu_count;            /* physical CPUs 0 .. cpu_count-1 are present */
	uint64_t free_pages;           /* 4 KiB pages the allocator can give to guests */
	uint32_t ipa_bits;             /* guest IPA size, 32 .. 64 */
	uint64_t image_size[CONFIG_MAX_VMS]; /* bytes, or CONFIG_IMAGE_MISSING */
};

/* One line of error text, always NUL-terminated (cut short if too long). */
#define CONFIG_ERR_MAX 160u
struct config_error {
	char msg[CONFIG_ERR_MAX];
	uint32_t len;                  /* strlen(msg), < CONFIG_ERR_MAX */
};

/* Result codes: CONFIG_OK or one of the negative codes below. */
enum config_status {
	CONFIG_OK = 0,
	CONFIG_E_TRUNCATED = -1,    /* blob shorter than the header or total_size */
	CONFIG_E_MAGIC = -2,
	CONFIG_E_VERSION = -3,
	CONFIG_E_ARCH = -4,         /* unknown, or not this hypervisor's */
	CONFIG_E_SIZE = -5,         /* total_size / header_size / record_size / trailing bytes */
	CONFIG_E_CRC = -6,
	CONFIG_E_COUNT = -7,        /* vm_count zero or absurd, ram_count */
	CONFIG_E_RESERVED = -8,     /* reserved bytes not zero */
	CONFIG_E_NAME = -9,         /* empty, unterminated, bad byte, duplicate */
	CONFIG_E_IMAGE = -10,       /* image name: empty, unterminated, bad byte */
	CONFIG_E_RAM = -11,         /* size zero, unaligned, too big */
	CONFIG_E_IPA = -12,         /* unaligned, overlapping, outside the IPA size */
	CONFIG_E_ENTRY = -13,       /* outside RAM or misaligned */
	CONFIG_E_CPU = -14,         /* empty set, CPU 0, shared, missing */
	CONFIG_E_FLAGS = -15,       /* unknown flag or device bits */
	CONFIG_E_MEMORY = -16,      /* more RAM than free memory */
	CONFIG_E_IMAGE_FILE = -17,  /* image missing, or larger than RAM */
	CONFIG_E_PLATFORM = -18,    /* the platform description itself is unusable */
	CONFIG_E_NOVM = -19,        /* config_check_vm: no such VM index */
	CONFIG_E_INTERNAL = -20,    /* a parsed record failed the final check (never expected) */
};

/*@ predicate config_err_ok(struct config_error *e) =
        e->len < CONFIG_ERR_MAX && e->msg[e->len] == 0;

    predicate config_ram_ok(struct config_ram *r) =
        0 < r->size_mib <= CONFIG_MAX_RAM_MIB && r->size_mib % CONFIG_RAM_ALIGN_MIB == 0 &&
        r->size == r->size_mib * (integer)CONFIG_MIB &&
        r->base_ipa % CONFIG_RAM_ALIGN == 0 &&
        r->base_ipa + r->size <= CONFIG_MAX_IPA;

    predicate config_ram_disjoint(struct config_ram *a, struct config_ram *b) =
        a->base_ipa + a->size <= b->base_ipa || b->base_ipa + b->size <= a->base_ipa;

    // Written out for the CONFIG_MAX_RAM == 4 regions: no quantifier, which
    // keeps "the other VMs are unchanged" goals easy for the solvers.
    predicate config_ram_used_ok(struct config_vm *v, integer k) =
        k < v->ram_count ==> config_ram_ok(&v->ram[k]);
    predicate config_ram_pair_ok(struct config_vm *v, integer j, integer k) =
        k < v->ram_count ==> config_ram_disjoint(&v->ram[j], &v->ram[k]);

    predicate config_vm_ok(struct config_vm *v) =
        1 <= v->ram_count <= CONFIG_MAX_RAM &&
        config_ram_used_ok(v, 0) && config_ram_used_ok(v, 1) &&
        config_ram_used_ok(v, 2) && config_ram_used_ok(v, 3) &&
        config_ram_pair_ok(v, 0, 1) && config_ram_pair_ok(v, 0, 2) && config_ram_pair_ok(v, 0, 3) &&
        config_ram_pair_ok(v, 1, 2) && config_ram_pair_ok(v, 1, 3) && config_ram_pair_ok(v, 2, 3) &&
        v->entry_offset < v->ram[0].size &&
        v->cpu_mask != 0 && v->cpu_mask % 2 == 0 &&
        v->name[CONFIG_NAME_MAX - 1] == 0 && v->name[0] != 0 &&
        v->image[CONFIG_IMAGE_MAX - 1] == 0 && v->image[0] != 0;

    predicate config_names_differ(struct config_vm *a, struct config_vm *b) =
        \exists integer k; 0 <= k < CONFIG_NAME_MAX && a->name[k] != b->name[k];

    predicate config_pair_ok(struct tessera_config *c, integer i, integer j) =
        (c->vms[i].cpu_mask & c->vms[j].cpu_mask) == 0 &&
        config_names_differ(&c->vms[i], &c->vms[j]);

    predicate config_cross_ok(struct tessera_config *c) =
        \forall integer i, j; 0 <= j < i < c->vm_count ==> config_pair_ok(c, i, j);

    predicate config_ok(struct tessera_config *c) =
        (c->arch == CONFIG_ARCH_AARCH64 || c->arch == CONFIG_ARCH_X86_64) &&
        1 <= c->vm_count <= CONFIG_MAX_VMS &&
        (\forall integer i; 0 <= i < c->vm_count ==> config_vm_ok(&c->vms[i])) &&
        config_cross_ok(c);
*/

/**
 * config_parse() - validate a config blob and copy it into @out.
 * @blob: the blob bytes (need not be aligned); may be NULL only if @len is 0.
 * @len:  number of bytes at @blob (the file size).
 * @out:  filled on success; contents unspecified on failure.
 * @err:  on failure, one line naming the VM and field; on success "config: OK".
 *
 * Checks everything that depends only on the blob: size, magic, version,
 * architecture value, CRC32, counts, record size, reserved bytes, names,
 * images, RAM regions (size, alignment, overlap with each other and with the
 * enabled emulated devices, IPA bound), entry offset, CPU sets (non-empty,
 * never CPU 0, no CPU in two VMs), flags and device bits.
 *
 * Return: CONFIG_OK, or a negative enum config_status.
 */
/*@ requires \valid(out) && \valid(err);
    requires len == 0 || \valid_read(blob + (0 .. len - 1));
    requires \separated(out, err);
    requires \separated(out, blob + (0 .. len - 1));
    requires \separated(err, blob + (0 .. len - 1));
    assigns *out, *err;
    exits \false;
    ensures config_err_ok(err);
    ensures \result <= 0;
    ensures parse_ok: \result == CONFIG_OK ==> config_ok(out);
*/
int config_parse(const uint8_t *blob, size_t len, struct tessera_config *out,
		 struct config_error *err);

/**
 * config_check_vm() - check one parsed VM against the platform.
 * @cfg:   a configuration accepted by config_parse().
 * @index: the VM to check, < cfg->vm_count.
 * @plat:  boot-time facts; plat->free_pages is what is free now.
 * @err:   error text on failure.
 *
 * Checks: platform description sane, every CPU of the VM present, RAM regions
 * within the guest IPA size, the VM's RAM not larger than free memory, image
 * present and not larger than RAM region 0 minus the entry offset.
 * Used for `start NAME`, and by config_check_platform() for every VM.
 *
 * Return: CONFIG_OK, or a negative enum config_status.
 */
/*@ requires \valid_read(cfg) && \valid_read(plat) && \valid(err);
    requires \separated(err, cfg);
    requires \separated(err, plat);
    assigns *err;
    exits \false;
    ensures config_err_ok(err);
    ensures \result <= 0;
*/
int config_check_vm(const struct tessera_config *cfg, uint32_t index,
		    const struct config_platform *plat, struct config_error *err);

/**
 * config_check_platform() - check a parsed configuration against the platform.
 * @cfg:  a configuration accepted by config_parse().
 * @plat: boot-time facts.
 * @err:  error text on failure.
 *
 * Architecture of the blob equals the hypervisor's, config_check_vm() for
 * every VM, and the RAM of all VMs together fits in the free memory.
 *
 * Return: CONFIG_OK, or a negative enum config_status.
 */
/*@ requires \valid_read(cfg) && \valid_read(plat) && \valid(err);
    requires \separated(err, cfg);
    requires \separated(err, plat);
    assigns *err;
    exits \false;
    ensures config_err_ok(err);
    ensures \result <= 0;
*/
int config_check_platform(const struct tessera_config *cfg,
			  const struct config_platform *plat, struct config_error *err);

/**
 * config_find_vm() - index of the VM called @name (@len bytes, no NUL needed).
 *
 * Return: the index, or -1 when no VM has that name (or @len is 0 or too long).
 */
/*@ requires \valid_read(cfg);
    requires len == 0 || \valid_read(name + (0 .. len - 1));
    assigns \nothing;
    exits \false;
    ensures -1 <= \result < CONFIG_MAX_VMS;
*/
int config_find_vm(const struct tessera_config *cfg, const char *name, size_t len);

/**
 * config_ram_pages() - 4 KiB pages of guest RAM of VM @index (0 if no such VM).
 */
/*@ requires \valid_read(cfg);
    assigns \nothing;
    exits \false;
*/
uint64_t config_ram_pages(const struct tessera_config *cfg, uint32_t index);

/**
 * config_crc32() - CRC-32 (IEEE 802.3, reflected, as zlib.crc32) of the
 * blob's checked bytes: [0, CONFIG_OFF_CRC32) then [CONFIG_OFF_HEADER_SIZE, len).
 * @len must be at least CONFIG_HEADER_SIZE. Exposed for tests and tools.
 */
/*@ requires CONFIG_HEADER_SIZE <= len;
    requires \valid_read(blob + (0 .. len - 1));
    assigns \nothing;
    exits \false;
*/
uint32_t config_crc32(const uint8_t *blob, size_t len);

/* Name of an architecture value for messages ("aarch64", "x86_64", "unknown"). */
/*@ assigns \nothing; exits \false; ensures \valid_read(\result); */
const char *config_arch_name(uint32_t arch);

#endif /* TESSERA_VM_CONFIG_H */
