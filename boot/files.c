#include <efi.h>
#include <efilib.h>

#include "boot/boot.h"
#include "boot/files.h"
#include "lib/print.h"
#include "lib/string.h"

/* Larger files are refused: no guest image or blob of ours comes near this. */
#define FILE_MAX_BYTES (256ull << 20)
#define PATH_CHARS 96

struct boot_files boot_files;

static void ascii_to_ucs2(const char *in, CHAR16 *out, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n && in[i] != '\0'; i++)
		out[i] = (CHAR16)(unsigned char)in[i];
	out[i] = 0;
}

/* Read a whole file into fresh loader-data pages; *size = 0 and NULL on any failure. */
static uint8_t *read_file(EFI_FILE_HANDLE root, const char *path, uint64_t *size, const char **why)
{
	CHAR16 wpath[PATH_CHARS];
	EFI_FILE_HANDLE fh;
	EFI_FILE_INFO *info;
	EFI_PHYSICAL_ADDRESS buf = 0;
	UINTN len, pages;
	EFI_STATUS st;

	*size = 0;
	ascii_to_ucs2(path, wpath, PATH_CHARS);
	st = uefi_call_wrapper(root->Open, 5, root, &fh, wpath, EFI_FILE_MODE_READ, 0);
	if (EFI_ERROR(st)) {
		*why = "not found";
		return NULL;
	}
	info = LibFileInfo(fh);
	if (info == NULL || info->FileSize > FILE_MAX_BYTES) {
		*why = info == NULL ? "cannot read its size" : "larger than 256 MiB";
		if (info)
			FreePool(info);
		uefi_call_wrapper(fh->Close, 1, fh);
		return NULL;
	}
	len = info->FileSize;
	FreePool(info);
	pages = (len + 4095) / 4096 + 1;
	st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages, EfiLoaderData, pages, &buf);
	if (EFI_ERROR(st)) {
		*why = "no memory to read it";
		uefi_call_wrapper(fh->Close, 1, fh);
		return NULL;
	}
	st = uefi_call_wrapper(fh->Read, 3, fh, &len, (void *)(uintptr_t)buf);
	uefi_call_wrapper(fh->Close, 1, fh);
	if (EFI_ERROR(st)) {
		*why = "read error";
		uefi_call_wrapper(BS->FreePages, 2, buf, pages);
		return NULL;
	}
	*size = len;
	return (uint8_t *)(uintptr_t)buf;
}

/*
 * The config path can be overridden with "config=\path\file" in the image's
 * load options (set by a boot entry or the UEFI shell).
 */
static void choose_config_path(EFI_LOADED_IMAGE *loaded)
{
	const CHAR16 *opt = loaded->LoadOptions;
	UINTN n = loaded->LoadOptionsSize / sizeof(CHAR16), i, j;
	static const char key[] = "config=";

	str_copy(boot_files.config_path, CONFIG_DEFAULT_PATH, sizeof(boot_files.config_path));
	if (opt == NULL)
		return;
	for (i = 0; i + sizeof(key) - 1 <= n; i++) {
		for (j = 0; key[j] != '\0' && opt[i + j] == (CHAR16)key[j]; j++)
			;
		if (key[j] != '\0')
			continue;
		i += j;
		for (j = 0; i + j < n && opt[i + j] > ' ' && opt[i + j] < 0x7f &&
			    j + 1 < sizeof(boot_files.config_path); j++)
			boot_files.config_path[j] = (char)opt[i + j];
		boot_files.config_path[j] = '\0';
		return;
	}
}

static void load_images(EFI_FILE_HANDLE root)
{
	const struct tessera_config *cfg = &boot_files.config;
	const char *why = "";
	uint32_t i;

	for (i = 0; i < CONFIG_MAX_VMS; i++)
		boot_files.image_size[i] = CONFIG_IMAGE_MISSING;
	for (i = 0; i < cfg->vm_count; i++) {
		boot_files.image[i] = read_file(root, cfg->vms[i].image, &boot_files.image_size[i], &why);
		if (boot_files.image[i] == NULL) {
			boot_files.image_size[i] = CONFIG_IMAGE_MISSING;
			print("boot: vm \"%s\": image %s: %s\n", cfg->vms[i].name, cfg->vms[i].image, why);
		} else {
			print("boot: vm \"%s\": image %s, %llu bytes\n", cfg->vms[i].name,
			      cfg->vms[i].image, (unsigned long long)boot_files.image_size[i]);
		}
	}
}

void boot_load_files(EFI_HANDLE image)
{
	EFI_LOADED_IMAGE *loaded = NULL;
	EFI_FILE_HANDLE root;
	const uint8_t *blob;
	uint64_t size;
	const char *why = "";

	if (EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, image, &LoadedImageProtocol,
					(void **)&loaded)) || loaded == NULL) {
		print("boot: cannot find the boot device; no VMs\n");
		return;
	}
	choose_config_path(loaded);
	root = LibOpenRoot(loaded->DeviceHandle);
	if (root == NULL) {
		print("boot: cannot open the EFI system partition; no VMs\n");
		return;
	}
	blob = read_file(root, boot_files.config_path, &size, &why);
	if (blob == NULL) {
		print("boot: no VM config at %s (%s); no VMs\n", boot_files.config_path, why);
		return;
	}
	boot_files.config_found = true;
	print("boot: config %s, %llu bytes\n", boot_files.config_path, (unsigned long long)size);
	if (config_parse(blob, size, &boot_files.config, &boot_files.error) != 0) {
		print("%s\n", boot_files.error.msg);
		return;
	}
	boot_files.config_ok = true;
	load_images(root);
}
