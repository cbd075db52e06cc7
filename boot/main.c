/*
 * The hypervisor proper, entered once boot services are gone: the firmware
 * owns nothing any more and only the hand-over record is trusted.
 */
#include "arch/arch.h"
#include "build_id.h"
#include "boot/boot.h"
#include "boot/handover.h"
#include "console/commands.h"
#include "console/shell.h"
#include "lib/print.h"

#define BOOT_STACK_BYTES (64 * 1024)

static uint8_t boot_stack[BOOT_STACK_BYTES] __attribute__((aligned(16)));

void boot_print_banner(void)
{
	print("Tessera %s (build %s) on %s\n", TESSERA_VERSION, TESSERA_BUILD_ID, arch_name());
}

static void hv_main(void)
{
	char cpu[96];

	arch_exceptions_init();
	print("boot: exited boot services; hypervisor owns the machine\n");
	arch_describe_cpu(cpu, sizeof(cpu));
	print("cpu: %s\n", cpu);
	print("image: 0x%llx, %llu bytes\n", (unsigned long long)handover.image_base,
	      (unsigned long long)handover.image_size);
	memmap_print_summary();
	print("console: type 'help' for commands\n");
	shell_run();
}

void boot_enter_hypervisor(void)
{
	arch_run_on_stack(boot_stack + sizeof(boot_stack), hv_main);
}

void boot_load_files(EFI_HANDLE image)
{
	(void)image;
}

void cmd_version(int argc, char **argv)
{
	char cpu[96];

	(void)argc;
	(void)argv;
	boot_print_banner();
	arch_describe_cpu(cpu, sizeof(cpu));
	print("cpu: %s\n", cpu);
}

void cmd_poweroff(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	print("poweroff: powering off\n");
	arch_poweroff();
	print("poweroff: failed, the machine is still running\n");
}

void cmd_fault(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	print("fault: taking a deliberate fault in the hypervisor\n");
	arch_trigger_fault();
	print("fault: no fault was taken\n");
}
