/*
 * What the UEFI stage hands to the hypervisor proper after ExitBootServices:
 * the final firmware memory map (converted to a firmware-neutral form) and
 * where the hypervisor image itself lies.  Nothing in it points into memory
 * the firmware owned.
 */
#ifndef TESSERA_BOOT_HANDOVER_H
#define TESSERA_BOOT_HANDOVER_H

#include <stdint.h>

#define PAGE_SIZE 4096u
#define HANDOVER_REGIONS_MAX 512

/* UEFI memory types (UEFI 2.10, table 7.10 "Memory Type Usage before/after ExitBootServices()"). */
enum mem_type {
	MEM_RESERVED = 0,
	MEM_LOADER_CODE,
	MEM_LOADER_DATA,
	MEM_BOOT_CODE,
	MEM_BOOT_DATA,
	MEM_RUNTIME_CODE,
	MEM_RUNTIME_DATA,
	MEM_CONVENTIONAL,
	MEM_UNUSABLE,
	MEM_ACPI_RECLAIM,
	MEM_ACPI_NVS,
	MEM_MMIO,
	MEM_MMIO_PORT,
	MEM_PAL_CODE,
	MEM_PERSISTENT,
	MEM_TYPE_COUNT
};

struct mem_region {
	uint64_t base;   /* physical address, page aligned */
	uint64_t pages;  /* 4 KiB pages */
	uint32_t type;   /* enum mem_type; values beyond it are kept as given */
	uint64_t attr;   /* UEFI attribute bits */
};

struct handover {
	struct mem_region regions[HANDOVER_REGIONS_MAX];
	uint32_t region_count;
	uint32_t regions_dropped;   /* descriptors that did not fit (reported, never silently) */
	uint64_t image_base;        /* the hypervisor image as loaded by the firmware */
	uint64_t image_size;
	uint64_t boot_ticks;        /* arch timestamp at entry, for boot-time reporting */
};

extern struct handover handover;

/* Name of a memory type for the console ("conventional", "boot-data", ...). */
const char *mem_type_name(uint32_t type);

#endif
