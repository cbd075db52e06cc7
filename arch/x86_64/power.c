/* Machine power-off on QEMU q35. */
#include "arch/arch.h"
#include "io.h"

/*
 * ICH9 ACPI PM1a control block: OVMF programs PMBASE to 0x600 on q35, so
 * PM1a_CNT is at 0x604.  SLP_EN (bit 13) with SLP_TYP 0, the S5 value in
 * QEMU's DSDT, powers off (ACPI 6.4, 4.8.3.2.1 "PM1 Control Registers").
 */
#define Q35_PM1A_CNT 0x604
#define PM1_SLP_EN   (1u << 13)

void arch_poweroff(void)
{
	outw(Q35_PM1A_CNT, PM1_SLP_EN);
}
