/*
 * The UEFI stage: runs as a GNU-EFI application under boot services, checks
 * the CPU, gathers what the hypervisor needs from the firmware, exits boot
 * services and hands over to hv_main() on the hypervisor's own stack.
 */
#include <efi.h>
#include <efilib.h>

#include "arch/arch.h"
#include "boot/boot.h"
#include "boot/handover.h"
#include "lib/print.h"

/* Room for the final memory map: OVMF and AAVMF hand over well under 200 descriptors. */
#define MEMMAP_BUFFER_BYTES (64 * 1024)
#define EXIT_BOOT_SERVICES_TRIES 8

static uint8_t memmap_buffer[MEMMAP_BUFFER_BYTES] __attribute__((aligned(16)));

static void record_image(EFI_HANDLE image)
{
	EFI_LOADED_IMAGE *loaded = NULL;
	EFI_STATUS status;

	status = uefi_call_wrapper(BS->HandleProtocol, 3, image, &LoadedImageProtocol,
				   (void **)&loaded);
	if (EFI_ERROR(status) || loaded == NULL)
		return;
	handover.image_base = (uint64_t)(uintptr_t)loaded->ImageBase;
	handover.image_size = loaded->ImageSize;
}

/* Convert the firmware's descriptors (stride desc_size, UEFI 2.10 section 7.2) for hand-over. */
static void record_memmap(UINTN map_size, UINTN desc_size)
{
	UINTN off;
	EFI_MEMORY_DESCRIPTOR *d;
	struct mem_region *r;

	handover.region_count = 0;
	handover.regions_dropped = 0;
	for (off = 0; off + desc_size <= map_size; off += desc_size) {
		d = (EFI_MEMORY_DESCRIPTOR *)(memmap_buffer + off);
		if (handover.region_count == HANDOVER_REGIONS_MAX) {
			handover.regions_dropped++;
			continue;
		}
		r = &handover.regions[handover.region_count++];
		r->base = d->PhysicalStart;
		r->pages = d->NumberOfPages;
		r->type = d->Type;
		r->attr = d->Attribute;
	}
}

/*
 * Fetch the memory map last and exit boot services with its key; if the map
 * changed in between (EFI_INVALID_PARAMETER), fetch it again and retry.
 * Nothing is allocated between the two calls.
 */
static EFI_STATUS exit_boot_services(EFI_HANDLE image)
{
	UINTN map_size, map_key, desc_size;
	UINT32 desc_version;
	EFI_STATUS status = EFI_ABORTED;
	int attempt;

	for (attempt = 0; attempt < EXIT_BOOT_SERVICES_TRIES; attempt++) {
		map_size = sizeof(memmap_buffer);
		status = uefi_call_wrapper(BS->GetMemoryMap, 5, &map_size,
					   (EFI_MEMORY_DESCRIPTOR *)memmap_buffer, &map_key,
					   &desc_size, &desc_version);
		if (EFI_ERROR(status)) {
			print("boot: GetMemoryMap failed: status 0x%llx\n", (unsigned long long)status);
			return status;
		}
		status = uefi_call_wrapper(BS->ExitBootServices, 2, image, map_key);
		if (status == EFI_SUCCESS) {
			record_memmap(map_size, desc_size);
			return EFI_SUCCESS;
		}
		if (status != EFI_INVALID_PARAMETER)
			break;
	}
	print("boot: ExitBootServices failed: status 0x%llx\n", (unsigned long long)status);
	return status;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	char why[128];
	EFI_STATUS status;

	InitializeLib(image, systab);
	arch_uart_init();
	print("\n");
	boot_print_banner();

	if (!arch_check_virtualization(why, sizeof(why))) {
		print("tessera: cannot run here: %s\n", why);
		print("tessera: refusing to continue; returning to the firmware\n");
		return EFI_UNSUPPORTED;
	}
	record_image(image);
	boot_load_files(image);

	status = exit_boot_services(image);
	if (EFI_ERROR(status)) {
		print("tessera: firmware still owns the machine; returning to it\n");
		return status;
	}
	boot_enter_hypervisor();
}
