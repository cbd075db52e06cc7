#include "arch/arch.h"
#include "console/output.h"
#include "lib/spinlock.h"

static struct spinlock output_lock;

void console_write(const char *s, size_t n)
{
	size_t i;

	spin_lock(&output_lock);
	for (i = 0; i < n; i++) {
		if (s[i] == '\n')
			arch_uart_putc('\r');
		arch_uart_putc(s[i]);
	}
	spin_unlock(&output_lock);
}
