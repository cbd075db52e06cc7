/*
 * Files read from the EFI system partition before ExitBootServices: the VM
 * config blob and every guest image it names.  The buffers are loader-data
 * pages, which the allocator never hands out, so they stay valid for the
 * hypervisor's whole life (images are reloaded from them on `start`).
 */
#ifndef TESSERA_BOOT_FILES_H
#define TESSERA_BOOT_FILES_H

#include <stdbool.h>
#include <stdint.h>

#include "vm/config.h"

#define CONFIG_DEFAULT_PATH "\\tessera\\config.bin"

struct boot_files {
	bool config_found;            /* a blob was read */
	bool config_ok;               /* ... and config_parse accepted it */
	char config_path[96];
	struct config_error error;    /* why the config was refused */
	struct tessera_config config;
	const uint8_t *image[CONFIG_MAX_VMS];
	uint64_t image_size[CONFIG_MAX_VMS];   /* CONFIG_IMAGE_MISSING when absent */
};

extern struct boot_files boot_files;

#endif
