/*
 * Just enough GICv3 to interrupt a guest CPU: the console CPU sends SGI 0 to
 * a VM's CPU, which (HCR_EL2.IMO set) takes it at EL2 even while the guest
 * runs with interrupts masked and never traps.  Arm GICv3/v4 architecture
 * specification (IHI 0069): 9.5 redistributor registers (GICR_WAKER,
 * GICR_IGROUPR0, GICR_ISENABLER0, GICR_IPRIORITYR), 12.2 CPU interface
 * system registers (ICC_SRE_EL2, ICC_PMR_EL1, ICC_IGRPEN1_EL1, ICC_SGI1R_EL1,
 * ICC_IAR1_EL1, ICC_EOIR1_EL1).  QEMU virt places the redistributors at
 * 0x080A0000, one 128 KiB pair of frames per CPU.
 */
#include "arch/arch.h"
#include "gicv3.h"
#include "sysreg.h"

#define GICD_BASE        0x08000000ul
#define GICD_CTLR        0x0000
#define GICD_CTLR_ENABLE_GRP1 (1u << 1)   /* with GICD_CTLR.DS = 1 (QEMU virt, no secure state) */
#define GICD_CTLR_ARE    (1u << 4)
#define GICD_CTLR_RWP    (1u << 31)
#define GICR_BASE        0x080a0000ul
#define GICR_STRIDE      0x20000ul
#define GICR_SGI_FRAME   0x10000ul
#define GICR_WAKER       0x0014
#define GICR_IGROUPR0    0x0080
#define GICR_ISENABLER0  0x0100
#define GICR_IPRIORITYR0 0x0400
#define WAKER_PROCESSOR_SLEEP (1u << 1)
#define WAKER_CHILDREN_ASLEEP (1u << 2)
#define KICK_SGI         0u
#define KICK_PRIORITY    0x80u
#define ICC_SRE_ENABLE_ALL 0xfull  /* SRE, DFB, DIB, Enable (lower ELs may use SRE) */
#define INTID_SPURIOUS   1023u
#define WAKE_SPINS       1000000

static volatile uint32_t *gicr_reg(unsigned cpu, unsigned long off)
{
	return (volatile uint32_t *)(GICR_BASE + cpu * GICR_STRIDE + off);
}

static void sysregs_on(void)
{
	write_sysreg(S3_4_C12_C9_5, ICC_SRE_ENABLE_ALL);   /* ICC_SRE_EL2 */
	isb();
	write_sysreg(S3_0_C4_C6_0, 0xff);                  /* ICC_PMR_EL1: let all priorities in */
	write_sysreg(S3_0_C12_C12_7, 1);                   /* ICC_IGRPEN1_EL1 */
	isb();
}

bool gic_kick_init_this_cpu(unsigned cpu)
{
	volatile uint32_t *waker = gicr_reg(cpu, GICR_WAKER);
	int spins;

	*waker &= ~WAKER_PROCESSOR_SLEEP;
	for (spins = 0; (*waker & WAKER_CHILDREN_ASLEEP) != 0; spins++)
		if (spins > WAKE_SPINS)
			return false;
	*gicr_reg(cpu, GICR_SGI_FRAME + GICR_IGROUPR0) |= 1u << KICK_SGI;
	((volatile uint8_t *)gicr_reg(cpu, GICR_SGI_FRAME + GICR_IPRIORITYR0))[KICK_SGI] =
		KICK_PRIORITY;
	*gicr_reg(cpu, GICR_SGI_FRAME + GICR_ISENABLER0) = 1u << KICK_SGI;
	sysregs_on();
	return true;
}

void gic_kick_sender_init(void)
{
	volatile uint32_t *ctlr = (volatile uint32_t *)(GICD_BASE + GICD_CTLR);
	int spins;

	/* The firmware disables the distributor at ExitBootServices: group 1 on again, affinity routing. */
	*ctlr |= GICD_CTLR_ARE | GICD_CTLR_ENABLE_GRP1;
	for (spins = 0; (*ctlr & GICD_CTLR_RWP) != 0 && spins < WAKE_SPINS; spins++)
		;
	sysregs_on();
}

void gic_kick(uint64_t mpidr)
{
	uint64_t aff1 = (mpidr >> 8) & 0xff, aff0 = mpidr & 0xf;

	__asm__ volatile("dsb sy" : : : "memory");
	/* ICC_SGI1R_EL1: INTID [27:24], Aff1 [23:16], TargetList [15:0] (Aff0 < 16). */
	write_sysreg(S3_0_C12_C11_5, ((uint64_t)KICK_SGI << 24) | (aff1 << 16) | (1ull << aff0));
	isb();
}

void gic_ack_all(void)
{
	uint64_t intid;

	for (;;) {
		intid = read_sysreg(S3_0_C12_C12_0) & 0xffffff;    /* ICC_IAR1_EL1 */
		if (intid >= INTID_SPURIOUS)
			return;
		write_sysreg(S3_0_C12_C12_1, intid);               /* ICC_EOIR1_EL1 */
		isb();
	}
}
