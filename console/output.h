/* Serialised output to the hypervisor's serial console. */
#ifndef TESSERA_CONSOLE_OUTPUT_H
#define TESSERA_CONSOLE_OUTPUT_H

#include <stddef.h>

/*
 * Write @n bytes to the UART, turning "\n" into "\r\n".  Callers on several
 * CPUs are serialised, so one call's bytes are never interleaved with another's.
 */
void console_write(const char *s, size_t n);

#endif
