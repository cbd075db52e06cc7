/*
 * The hypervisor's 16550 driver for COM1 at I/O port 0x3F8 (PC16550D data
 * sheet, table II "Register Addresses").  Polling only; the firmware set the
 * line parameters.
 */
#include "arch/arch.h"
#include "io.h"

#define COM1      0x3f8
#define UART_DATA 0
#define UART_LSR  5
#define LSR_DATA_READY (1u << 0)
#define LSR_THR_EMPTY  (1u << 5)

void arch_uart_init(void)
{
}

void arch_uart_putc(char c)
{
	while (!(inb(COM1 + UART_LSR) & LSR_THR_EMPTY))
		;
	outb(COM1 + UART_DATA, (uint8_t)c);
}

int arch_uart_getc(void)
{
	if (!(inb(COM1 + UART_LSR) & LSR_DATA_READY))
		return -1;
	return inb(COM1 + UART_DATA);
}
