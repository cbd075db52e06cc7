/* Freestanding string and memory helpers (memset/memcpy come from GNU-EFI's libefi). */
#ifndef TESSERA_LIB_STRING_H
#define TESSERA_LIB_STRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);

size_t str_len(const char *s);
bool str_eq(const char *a, const char *b);
/* Copy at most size-1 bytes and always terminate (when size > 0). */
void str_copy(char *dst, const char *src, size_t size);
/*
 * Parse an unsigned number: decimal, or hexadecimal with a 0x prefix.
 * Returns false on an empty string, a bad digit or overflow.
 */
bool str_to_u64(const char *s, uint64_t *out);

#endif
