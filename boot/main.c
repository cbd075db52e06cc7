/*
 * The hypervisor proper, entered once boot services are gone: the firmware
 * owns nothing any more and only the hand-over record is trusted.
 */
#include "arch/arch.h"
#include "build_id.h"
#include "boot/boot.h"
#include "boot/handover.h"
#include "console/commands.h"
#include "boot/files.h"
#include "boot/memory.h"
#include "console/shell.h"
#include "lib/print.h"
#include "vm/vm.h"

#define BOOT_STACK_BYTES (64 * 1024)

static uint8_t boot_stack[BOOT_STACK_BYTES] __attribute__((aligned(16)));

void boot_print_banner(void)
{
	print("Tessera %s (build %s) on %s\n", TESSERA_VERSION, TESSERA_BUILD_ID, arch_name());
}

/* Check the parsed config against this machine, then start the autostart VMs. */
static void vms_init(void)
{
	struct config_platform plat;
	struct config_error err;
	unsigned ipa_bits, pa_bits;
	char why[160];
	uint32_t i;

	if (!boot_files.config_ok) {
		print("vm: no VMs started (%s)\n", boot_files.config_found ? "invalid config" : "no config");
		return;
	}
	if (!arch_stage2_sizes(&ipa_bits, &pa_bits)) {
		print("vm: this CPU cannot provide stage-2 translation; no VMs started\n");
		return;
	}
	plat.arch = arch_config_id();
	plat.cpu_count = arch_cpu_count();
	plat.free_pages = phys_free_pages(&hv_phys);
	plat.ipa_bits = ipa_bits;
	for (i = 0; i < CONFIG_MAX_VMS; i++)
		plat.image_size[i] = boot_files.image_size[i];
	if (config_check_platform(&boot_files.config, &plat, &err) != 0) {
		print("%s\n", err.msg);
		print("vm: no VMs started (invalid config)\n");
		return;
	}
	vm_init_all(&hv_phys, &boot_files.config, &plat, boot_files.image);
	print("vm: %u VMs configured, %u CPUs, IPA %u bits\n", vm_count(), plat.cpu_count, ipa_bits);
	for (i = 0; i < vm_count(); i++) {
		struct vm *vm = vm_by_index(i);

		if (!(vm->cfg->flags & CONFIG_FLAG_AUTOSTART))
			continue;
		if (vm_start(vm, vm->cfg->guest_arg, why, sizeof(why)) == 0)
			print("vm %s: started on CPU %u\n", vm->cfg->name, vm->cpu);
		else
			print("vm %s: not started: %s\n", vm->cfg->name, why);
	}
}

static void hv_main(void)
{
	char cpu[96];

	arch_exceptions_init();
	arch_mmu_init();
	print("boot: exited boot services; hypervisor owns the machine (own page tables, "
	      "0x%llx mapped)\n", (unsigned long long)arch_mapped_limit());
	arch_describe_cpu(cpu, sizeof(cpu));
	print("cpu: %s\n", cpu);
	print("image: 0x%llx, %llu bytes\n", (unsigned long long)handover.image_base,
	      (unsigned long long)handover.image_size);
	memmap_print_summary();
	if (memory_init())
		vms_init();
	print("console: type 'help' for commands\n");
	shell_run();
}

void boot_enter_hypervisor(void)
{
	arch_run_on_stack(boot_stack + sizeof(boot_stack), hv_main);
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
