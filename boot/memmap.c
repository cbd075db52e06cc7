#include "boot/handover.h"
#include "console/commands.h"
#include "lib/print.h"

struct handover handover;

static const char *const type_names[MEM_TYPE_COUNT] = {
	[MEM_RESERVED] = "reserved",
	[MEM_LOADER_CODE] = "loader-code",
	[MEM_LOADER_DATA] = "loader-data",
	[MEM_BOOT_CODE] = "boot-code",
	[MEM_BOOT_DATA] = "boot-data",
	[MEM_RUNTIME_CODE] = "runtime-code",
	[MEM_RUNTIME_DATA] = "runtime-data",
	[MEM_CONVENTIONAL] = "conventional",
	[MEM_UNUSABLE] = "unusable",
	[MEM_ACPI_RECLAIM] = "acpi-reclaim",
	[MEM_ACPI_NVS] = "acpi-nvs",
	[MEM_MMIO] = "mmio",
	[MEM_MMIO_PORT] = "mmio-port",
	[MEM_PAL_CODE] = "pal-code",
	[MEM_PERSISTENT] = "persistent",
};

const char *mem_type_name(uint32_t type)
{
	return type < MEM_TYPE_COUNT ? type_names[type] : "unknown";
}

/* The boot summary: for each type present, how many regions and pages. */
void memmap_print_summary(void)
{
	uint64_t pages[MEM_TYPE_COUNT + 1] = { 0 };
	uint32_t count[MEM_TYPE_COUNT + 1] = { 0 };
	uint64_t total = 0;
	uint32_t i, t;

	for (i = 0; i < handover.region_count; i++) {
		t = handover.regions[i].type < MEM_TYPE_COUNT ? handover.regions[i].type : MEM_TYPE_COUNT;
		count[t]++;
		pages[t] += handover.regions[i].pages;
		total += handover.regions[i].pages;
	}
	print("memory map: %u regions, %llu pages (%llu MiB)\n", handover.region_count,
	      (unsigned long long)total, (unsigned long long)(total / 256));
	for (t = 0; t <= MEM_TYPE_COUNT; t++) {
		if (count[t] == 0)
			continue;
		print("  %-14s %4u regions %10llu pages %8llu MiB\n",
		      t < MEM_TYPE_COUNT ? type_names[t] : "unknown", count[t],
		      (unsigned long long)pages[t], (unsigned long long)(pages[t] / 256));
	}
	if (handover.regions_dropped != 0)
		print("  warning: %u descriptors did not fit the hand-over table and are ignored\n",
		      handover.regions_dropped);
}

void cmd_memmap(int argc, char **argv)
{
	uint32_t i;
	const struct mem_region *r;

	(void)argc;
	(void)argv;
	print("%-14s %-18s %-18s %10s\n", "type", "start", "end", "pages");
	for (i = 0; i < handover.region_count; i++) {
		r = &handover.regions[i];
		print("%-14s 0x%016llx 0x%016llx %10llu\n", mem_type_name(r->type),
		      (unsigned long long)r->base,
		      (unsigned long long)(r->base + r->pages * PAGE_SIZE - 1),
		      (unsigned long long)r->pages);
	}
	print("%u regions\n", handover.region_count);
}
