/*
 * libFuzzer target for the config validator (vm/config.c).
 *
 * Each input is used twice:
 *   1. as a blob for config_parse(); when accepted, the parsed struct must
 *      satisfy what docs/config.md promises (checked here independently), and
 *      config_check_platform() / config_check_vm() run on it with a few platforms;
 *   2. as the raw bytes of a struct tessera_config / config_platform that did
 *      not come from config_parse(): the platform checks must still only return
 *      an error, never crash (the sanitizers watch).
 */
#define _POSIX_C_SOURCE 200809L /* strnlen */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vm/config.h"

static void require(int cond)
{
	if (!cond)
		abort();
}

static void check_error_text(const struct config_error *err)
{
	require(err->len < CONFIG_ERR_MAX);
	require(err->msg[err->len] == 0);
	require(strlen(err->msg) == err->len);
	require(strncmp(err->msg, "config: ", 8) == 0);
}

static void check_parsed(const struct tessera_config *c)
{
	require(c->arch == CONFIG_ARCH_AARCH64 || c->arch == CONFIG_ARCH_X86_64);
	require(c->vm_count >= 1 && c->vm_count <= CONFIG_MAX_VMS);
	for (uint32_t i = 0; i < c->vm_count; i++) {
		const struct config_vm *v = &c->vms[i];
		size_t n = strnlen(v->name, CONFIG_NAME_MAX);
		require(n >= 1 && n < CONFIG_NAME_MAX);
		require(strnlen(v->image, CONFIG_IMAGE_MAX) >= 1);
		require(strnlen(v->image, CONFIG_IMAGE_MAX) < CONFIG_IMAGE_MAX);
		require(v->ram_count >= 1 && v->ram_count <= CONFIG_MAX_RAM);
		for (uint32_t k = 0; k < v->ram_count; k++) {
			const struct config_ram *r = &v->ram[k];
			require(r->size_mib > 0 && r->size_mib % 2 == 0);
			require(r->size == (uint64_t)r->size_mib << 20);
			require(r->base_ipa % CONFIG_RAM_ALIGN == 0);
			require(r->base_ipa + r->size <= CONFIG_MAX_IPA);
			if (v->devices & CONFIG_DEV_CONSOLE)
				require(r->base_ipa + r->size <= CONFIG_CONSOLE_IPA ||
					r->base_ipa >= CONFIG_CONSOLE_IPA + CONFIG_CONSOLE_SIZE);
			for (uint32_t j = 0; j < k; j++)
				require(v->ram[j].base_ipa + v->ram[j].size <= r->base_ipa ||
					r->base_ipa + r->size <= v->ram[j].base_ipa);
		}
		require(v->entry_offset < v->ram[0].size);
		require(v->cpu_mask != 0 && (v->cpu_mask & 1) == 0);
		require((v->flags & ~CONFIG_FLAGS_KNOWN) == 0);
		require((v->devices & ~CONFIG_DEVS_KNOWN) == 0);
		for (uint32_t j = 0; j < i; j++) {
			require((c->vms[j].cpu_mask & v->cpu_mask) == 0);
			require(strcmp(c->vms[j].name, v->name) != 0);
		}
		require(config_find_vm(c, v->name, n) == (int)i);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tessera_config cfg;
	static struct config_platform plat;
	static struct config_error err;
	int rc;

	/* 1. The bytes as a blob. Copy to an exact-size heap block so ASan sees overreads. */
	uint8_t *blob = malloc(size ? size : 1);
	require(blob != NULL);
	memcpy(blob, data, size);
	rc = config_parse(size ? blob : NULL, size, &cfg, &err);
	free(blob);
	check_error_text(&err);
	require(rc <= 0);
	if (rc == CONFIG_OK) {
		check_parsed(&cfg);
		static const uint32_t cpus[] = {1, 2, 4, 64, 200};
		static const uint64_t free_pages[] = {0, 4096, 1ull << 20, UINT64_MAX};
		for (unsigned a = 0; a < 5; a++) {
			memset(&plat, 0, sizeof(plat));
			plat.arch = cfg.arch;
			plat.cpu_count = cpus[a];
			plat.free_pages = free_pages[a % 4];
			plat.ipa_bits = 32 + 8 * a;
			for (unsigned i = 0; i < CONFIG_MAX_VMS; i++)
				plat.image_size[i] = (i + a) % 3 == 0 ? CONFIG_IMAGE_MISSING : 4096u << a;
			rc = config_check_platform(&cfg, &plat, &err);
			check_error_text(&err);
			require(rc <= 0);
			for (uint32_t i = 0; i <= cfg.vm_count; i++) {
				rc = config_check_vm(&cfg, i, &plat, &err);
				check_error_text(&err);
				require(rc <= 0);
				require(i < cfg.vm_count || rc == CONFIG_E_NOVM);
			}
		}
	}

	/* 2. The bytes as a (not parsed) config struct and platform. */
	memset(&cfg, 0, sizeof(cfg));
	memset(&plat, 0, sizeof(plat));
	memcpy(&cfg, data, size < sizeof(cfg) ? size : sizeof(cfg));
	if (size > sizeof(cfg))
		memcpy(&plat, data + sizeof(cfg),
		       size - sizeof(cfg) < sizeof(plat) ? size - sizeof(cfg) : sizeof(plat));
	rc = config_check_platform(&cfg, &plat, &err);
	check_error_text(&err);
	require(rc <= 0);
	rc = config_check_vm(&cfg, size > 0 ? data[0] % 10 : 0, &plat, &err);
	check_error_text(&err);
	require(rc <= 0);
	require(config_find_vm(&cfg, (const char *)data, size) >= -1);
	(void)config_ram_pages(&cfg, size > 1 ? data[1] : 0);
	return 0;
}
