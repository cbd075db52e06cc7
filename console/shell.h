/*
 * The interactive debug shell on the serial console ("tessera> ").
 *
 * Bytes are fed one at a time; the line editor accepts printable ASCII,
 * backspace/DEL, Ctrl-C and Ctrl-U, ends a line on CR or LF, and drops every
 * other byte (NUL, other control bytes, bytes >= 0x80, whole ANSI escape
 * sequences).  A line longer than SHELL_LINE_MAX is rejected as a whole.
 */
#ifndef TESSERA_CONSOLE_SHELL_H
#define TESSERA_CONSOLE_SHELL_H

#include <stdbool.h>

#define SHELL_LINE_MAX 128 /* bytes, including the terminating NUL */
#define SHELL_ARGS_MAX 8

void shell_init(void);
void shell_prompt(void);
/* Feed one received byte to the line editor; runs the command on end of line. */
void shell_feed(int byte);
/* Split @line in place into at most SHELL_ARGS_MAX words; returns the count, or -1 if too many. */
int shell_split(char *line, char *argv[SHELL_ARGS_MAX]);
/* Poll the UART forever, feeding the shell and running the idle hooks. */
void shell_run(void) __attribute__((noreturn));

#endif
