/* The boot path, from the UEFI entry to the console prompt. */
#ifndef TESSERA_BOOT_BOOT_H
#define TESSERA_BOOT_BOOT_H

#include <efi.h>

/* "Tessera VERSION (build ID) on ARCH". */
void boot_print_banner(void);

/* Read the files the hypervisor needs from the ESP while boot services still run. */
void boot_load_files(EFI_HANDLE image);

/* Leave the firmware stack and run the hypervisor proper; never returns. */
void boot_enter_hypervisor(void) __attribute__((noreturn));

/* Print the boot memory map summary. */
void memmap_print_summary(void);

#endif
