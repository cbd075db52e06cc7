#include "console/commands.h"
#include "lib/print.h"
#include "lib/string.h"

/* The one place where commands are registered. */
static const struct command commands[] = {
	{ "help", "", "list the console commands", cmd_help },
	{ "version", "", "show the hypervisor version, build id and CPU", cmd_version },
	{ "memmap", "", "show the firmware memory map as handed over", cmd_memmap },
	{ "mem", "", "page allocator: total, free, use per owner, largest free 2 MiB run", cmd_mem },
	{ "map", "", "physical memory by owner: range, pages, owner", cmd_map },
	{ "vms", "", "list VMs: id, name, state, CPU, RAM, physical ranges", cmd_vms },
	{ "s2", "NAME", "a VM's stage-2 mappings as merged runs with block sizes", cmd_s2 },
	{ "walk", "NAME IPA", "translate one IPA through a VM's stage-2 tables", cmd_walk },
	{ "check", "", "re-check allocator and isolation invariants at run time", cmd_check },
	{ "start", "NAME [ARG]", "create and start a VM from the config (ARG overrides x1)", cmd_start },
	{ "stop", "NAME", "halt a VM and return all of its memory", cmd_stop },
	{ "poweroff", "", "power the machine off", cmd_poweroff },
	{ "fault", "", "take a deliberate hypervisor fault (tests the exception path)", cmd_fault },
};

#define COMMAND_COUNT (sizeof(commands) / sizeof(commands[0]))

const struct command *command_find(const char *name)
{
	size_t i;

	for (i = 0; i < COMMAND_COUNT; i++)
		if (str_eq(commands[i].name, name))
			return &commands[i];
	return NULL;
}

void command_dispatch(int argc, char **argv)
{
	const struct command *cmd = command_find(argv[0]);

	if (cmd == NULL) {
		print("unknown command: %s (try help)\n", argv[0]);
		return;
	}
	cmd->run(argc, argv);
}

void cmd_help(int argc, char **argv)
{
	size_t i;
	char left[40];

	(void)argc;
	(void)argv;
	for (i = 0; i < COMMAND_COUNT; i++) {
		format(left, sizeof(left), "%s%s%s", commands[i].name,
		       commands[i].args[0] != '\0' ? " " : "", commands[i].args);
		print("  %-22s %s\n", left, commands[i].help);
	}
}
