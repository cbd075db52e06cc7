/*
 * The hypervisor's PL011 driver for QEMU virt's UART0 (Arm PrimeCell UART
 * PL011 TRM, DDI 0183, section 3.2 "Summary of registers").  Polling only;
 * the firmware has already programmed the baud rate and enabled the UART.
 */
#include "arch/arch.h"

#define PL011_BASE 0x09000000ul
#define UARTDR     0x000
#define UARTFR     0x018
#define UARTFR_RXFE (1u << 4)
#define UARTFR_TXFF (1u << 5)

static inline volatile uint32_t *pl011_reg(unsigned off)
{
	return (volatile uint32_t *)(PL011_BASE + off);
}

void arch_uart_init(void)
{
}

void arch_uart_putc(char c)
{
	while (*pl011_reg(UARTFR) & UARTFR_TXFF)
		;
	*pl011_reg(UARTDR) = (uint8_t)c;
}

int arch_uart_getc(void)
{
	if (*pl011_reg(UARTFR) & UARTFR_RXFE)
		return -1;
	return (int)(*pl011_reg(UARTDR) & 0xff);
}
