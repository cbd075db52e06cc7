/*
 * Formatted output: a small printf subset (%s %c %d %i %u %x %X %p %%, with
 * the l/ll/z length modifiers, a field width, and the '0' and '-' flags).
 */
#ifndef TESSERA_LIB_PRINT_H
#define TESSERA_LIB_PRINT_H

#include <stdarg.h>
#include <stddef.h>

/* Print to the serial console (see console/output.c). */
void print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Format into @buf (always terminated when size > 0); returns the length written. */
size_t format(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
size_t vformat(char *buf, size_t size, const char *fmt, va_list ap);

#endif
