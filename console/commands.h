/*
 * The console command table.  Every command is one row in commands.c: its
 * name, a one-line description for `help`, and its handler.  Handlers get the
 * split words (argv[0] is the command name) and report every error themselves.
 */
#ifndef TESSERA_CONSOLE_COMMANDS_H
#define TESSERA_CONSOLE_COMMANDS_H

struct command {
	const char *name;
	const char *args;  /* argument synopsis for help, "" if none */
	const char *help;
	void (*run)(int argc, char **argv);
};

/* Find a command by name; NULL when there is none. */
const struct command *command_find(const char *name);
/* Run one already-split command line, printing an error for an unknown name. */
void command_dispatch(int argc, char **argv);

/* Handlers, grouped by the file that implements them. */
void cmd_help(int argc, char **argv);
void cmd_version(int argc, char **argv);
void cmd_memmap(int argc, char **argv);
void cmd_poweroff(int argc, char **argv);
void cmd_fault(int argc, char **argv);
void cmd_mem(int argc, char **argv);
void cmd_map(int argc, char **argv);
void cmd_vms(int argc, char **argv);
void cmd_s2(int argc, char **argv);
void cmd_walk(int argc, char **argv);
void cmd_check(int argc, char **argv);
void cmd_start(int argc, char **argv);
void cmd_stop(int argc, char **argv);

#endif
