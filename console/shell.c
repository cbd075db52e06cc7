#include <stddef.h>

#include "arch/arch.h"
#include "console/commands.h"
#include "console/idle.h"
#include "console/shell.h"
#include "lib/print.h"

#define BYTE_ESC       0x1b
#define BYTE_BACKSPACE 0x08
#define BYTE_DEL       0x7f
#define BYTE_CTRL_C    0x03
#define BYTE_CTRL_U    0x15

enum escape_state {
	ESC_NONE,
	ESC_START,  /* saw ESC */
	ESC_CSI,    /* saw ESC [ : parameters until a final byte 0x40..0x7e */
};

static struct {
	char line[SHELL_LINE_MAX];
	size_t len;
	bool overflow;      /* this line ran past the buffer: reject it at its end */
	int last;           /* previous byte, to treat CR LF as one end of line */
	enum escape_state esc;
} sh;

void shell_init(void)
{
	sh.len = 0;
	sh.overflow = false;
	sh.last = -1;
	sh.esc = ESC_NONE;
}

void shell_prompt(void)
{
	print("tessera> ");
}

int shell_split(char *line, char *argv[SHELL_ARGS_MAX])
{
	int argc = 0;
	char *p = line;

	for (;;) {
		while (*p == ' ')
			*p++ = '\0';
		if (*p == '\0')
			return argc;
		if (argc == SHELL_ARGS_MAX)
			return -1;
		argv[argc++] = p;
		while (*p != ' ' && *p != '\0')
			p++;
	}
}

static void run_line(void)
{
	char *argv[SHELL_ARGS_MAX];
	int argc;

	sh.line[sh.len] = '\0';
	argc = shell_split(sh.line, argv);
	if (argc < 0)
		print("error: too many arguments (at most %d words)\n", SHELL_ARGS_MAX);
	else if (argc > 0)
		command_dispatch(argc, argv);
}

static void end_of_line(void)
{
	print("\n");
	if (sh.overflow)
		print("error: line too long (at most %d characters), ignored\n", SHELL_LINE_MAX - 1);
	else
		run_line();
	sh.len = 0;
	sh.overflow = false;
	shell_prompt();
}

/*
 * Swallow ANSI escape sequences (arrow keys and the like) whole.  A control
 * byte always ends a sequence and is then handled as itself, so Ctrl-C or
 * Enter can never be lost inside a malformed sequence.
 */
static bool in_escape(int c)
{
	if (sh.esc != ESC_NONE && c < 0x20) {
		sh.esc = ESC_NONE;
		return c == BYTE_ESC ? in_escape(c) : false;
	}
	switch (sh.esc) {
	case ESC_START:
		sh.esc = c == '[' ? ESC_CSI : ESC_NONE;
		return true;
	case ESC_CSI:
		if (c >= 0x40 && c <= 0x7e)
			sh.esc = ESC_NONE;
		else if (c > 0x7e)
			sh.esc = ESC_NONE; /* malformed: drop it and resume */
		return true;
	case ESC_NONE:
	default:
		if (c != BYTE_ESC)
			return false;
		sh.esc = ESC_START;
		return true;
	}
}

static void erase_last(void)
{
	if (sh.overflow || sh.len == 0)
		return;
	sh.len--;
	print("\b \b");
}

static void discard_line(const char *echo)
{
	print("%s\n", echo);
	sh.len = 0;
	sh.overflow = false;
	shell_prompt();
}

void shell_feed(int byte)
{
	int c = byte & 0xff;
	int last = sh.last;

	sh.last = c;
	if (in_escape(c))
		return;
	if (c == '\n' && last == '\r')
		return;
	if (c == '\r' || c == '\n') {
		end_of_line();
		return;
	}
	if (c == BYTE_BACKSPACE || c == BYTE_DEL) {
		erase_last();
		return;
	}
	if (c == BYTE_CTRL_C) {
		discard_line("^C");
		return;
	}
	if (c == BYTE_CTRL_U) {
		discard_line("");
		return;
	}
	if (c < 0x20 || c > 0x7e)
		return; /* NUL, other control bytes, 8-bit bytes: ignored */
	if (sh.overflow)
		return;
	if (sh.len + 1 >= SHELL_LINE_MAX) {
		sh.overflow = true;
		return;
	}
	sh.line[sh.len++] = (char)c;
	print("%c", c);
}

void shell_run(void)
{
	int c;

	shell_init();
	shell_prompt();
	for (;;) {
		c = arch_uart_getc();
		if (c >= 0)
			shell_feed(c);
		else
			console_idle();
	}
}
