/*
 * config-check: run the hypervisor's own config validator (vm/config.c) on the host.
 *
 *   config-check BLOB [--cpus N] [--free-mib M] [--ipa-bits B] [--image-dir DIR]
 *                     [--arch aarch64|x86_64]
 *
 * Always runs config_parse(). With any platform option it then runs
 * config_check_platform() with those facts; options not given do not constrain
 * (64 CPUs, unlimited memory, 48-bit IPA, the blob's own architecture). With
 * --image-dir each VM's image path (\tessera\x.bin) is looked up below DIR
 * (DIR/tessera/x.bin), a missing file is reported as missing; without it
 * images are not checked.
 * Prints the validator's one-line message; exit status 0 (OK), 1 (invalid), 2 (usage / I/O).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vm/config.h"

static int usage(void)
{
	fprintf(stderr, "usage: config-check BLOB [--cpus N] [--free-mib M] [--ipa-bits B] "
			"[--image-dir DIR] [--arch aarch64|x86_64]\n");
	return 2;
}

static int parse_num(const char *s, unsigned long long *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno == 0 && *s != '\0' && *s != '-' && *end == '\0';
}

/* Size of the image named @esp_path below @dir, or CONFIG_IMAGE_MISSING. */
static uint64_t image_size(const char *dir, const char *esp_path)
{
	char path[4096];
	struct stat st;
	size_t n;

	n = (size_t)snprintf(path, sizeof(path), "%s/", dir);
	while (*esp_path == '\\' || *esp_path == '/')
		esp_path++;
	for (; *esp_path != '\0' && n + 1 < sizeof(path); esp_path++)
		path[n++] = *esp_path == '\\' ? '/' : *esp_path;
	path[n] = '\0';
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return CONFIG_IMAGE_MISSING;
	return (uint64_t)st.st_size;
}

int main(int argc, char **argv)
{
	static uint8_t blob[1 << 20];
	struct tessera_config cfg;
	struct config_platform plat;
	struct config_error err;
	const char *path = NULL;
	const char *image_dir = NULL;
	unsigned long long v;
	bool platform = false;
	bool arch_given = false;
	size_t len;
	FILE *f;
	int rc;

	memset(&plat, 0, sizeof(plat));
	plat.cpu_count = CONFIG_MAX_CPUS;
	plat.free_pages = UINT64_MAX;
	plat.ipa_bits = CONFIG_MAX_IPA_BITS;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] != '-') {
			if (path != NULL)
				return usage();
			path = a;
			continue;
		}
		if (i + 1 >= argc)
			return usage();
		const char *val = argv[++i];
		platform = true;
		if (strcmp(a, "--cpus") == 0 && parse_num(val, &v) && v <= UINT32_MAX) {
			plat.cpu_count = (uint32_t)v;
		} else if (strcmp(a, "--free-mib") == 0 && parse_num(val, &v) &&
			   v <= UINT64_MAX / CONFIG_PAGES_PER_MIB) {
			plat.free_pages = v * CONFIG_PAGES_PER_MIB;
		} else if (strcmp(a, "--ipa-bits") == 0 && parse_num(val, &v) && v <= UINT32_MAX) {
			plat.ipa_bits = (uint32_t)v;
		} else if (strcmp(a, "--image-dir") == 0) {
			image_dir = val;
		} else if (strcmp(a, "--arch") == 0 && strcmp(val, "aarch64") == 0) {
			plat.arch = CONFIG_ARCH_AARCH64;
			arch_given = true;
		} else if (strcmp(a, "--arch") == 0 && strcmp(val, "x86_64") == 0) {
			plat.arch = CONFIG_ARCH_X86_64;
			arch_given = true;
		} else {
			fprintf(stderr, "config-check: bad option or value: %s %s\n", a, val);
			return usage();
		}
	}
	if (path == NULL)
		return usage();
	f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "config-check: %s: %s\n", path, strerror(errno));
		return 2;
	}
	len = fread(blob, 1, sizeof(blob), f);
	if (ferror(f) || (len == sizeof(blob) && fgetc(f) != EOF)) {
		fprintf(stderr, "config-check: %s: unreadable or larger than %zu bytes\n", path,
			sizeof(blob));
		fclose(f);
		return 2;
	}
	fclose(f);

	rc = config_parse(blob, len, &cfg, &err);
	if (rc == CONFIG_OK && platform) {
		if (!arch_given)
			plat.arch = cfg.arch;
		for (uint32_t i = 0; i < cfg.vm_count; i++)
			plat.image_size[i] = image_dir != NULL ? image_size(image_dir, cfg.vms[i].image) : 1;
		rc = config_check_platform(&cfg, &plat, &err);
	}
	printf("%s\n", err.msg);
	return rc == CONFIG_OK ? 0 : 1;
}
