/*
 * smp - a guest with several vCPUs.  vCPU 0 starts every other vCPU of the
 * VM with PSCI CPU_ON; each secondary records its MPIDR and context id in
 * shared memory and turns itself off with PSCI CPU_OFF.  vCPU 0 reports what
 * it saw, checks AFFINITY_INFO and the CPU_ON error codes, then idles.
 * Secondaries never print: the emulated UART is one device shared by all
 * vCPUs, and without the MMU the guest has no lock to share it with.
 */
#include "guest.h"

#define PSCI_CPU_ON_64        0xC4000003ULL
#define PSCI_CPU_OFF          0x84000002ULL
#define PSCI_AFFINITY_INFO_64 0xC4000004ULL
#define PSCI_INVALID_PARAMETERS ((uint64_t)-2)
#define PSCI_ALREADY_ON       ((uint64_t)-4)
#define MAX_VCPUS             8
#define SPIN_LIMIT            200000000ULL
#define CTX_MAGIC             0x5e000000ULL

uint8_t smp_stacks[MAX_VCPUS][4096] __attribute__((aligned(16)));
static volatile uint64_t seen_mpidr[MAX_VCPUS];
static volatile uint64_t seen_ctx[MAX_VCPUS];

/* Hidden: the address is taken PC-relative, never through a GOT entry needing relocation. */
extern char smp_secondary_entry[] __attribute__((visibility("hidden")));
void smp_secondary_main(uint64_t ctx);

/* CPU_ON lands here: x0 = context id = CTX_MAGIC + vCPU index; give it its own stack. */
__asm__(".text\n"
	".global smp_secondary_entry\n"
	"smp_secondary_entry:\n"
	"	msr daifset, #0xf\n"
	"	and x1, x0, #0xff\n"
	"	add x1, x1, #1\n"
	"	lsl x1, x1, #12\n"
	"	adrp x2, smp_stacks\n"
	"	add x2, x2, :lo12:smp_stacks\n"
	"	add sp, x2, x1\n"
	"	bl smp_secondary_main\n"
	"1:	wfi\n"
	"	b 1b\n");

void smp_secondary_main(uint64_t ctx)
{
	uint64_t mpidr;
	unsigned i = (unsigned)(ctx & 0xff);

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	if (i < MAX_VCPUS) {
		seen_ctx[i] = ctx;
		seen_mpidr[i] = mpidr;
	}
	hvc_call(PSCI_CPU_OFF, 0, 0, 0);
	put_str("smp: ERROR CPU_OFF returned\n");
}

static bool wait_for(volatile uint64_t *word)
{
	uint64_t spins;

	for (spins = 0; spins < SPIN_LIMIT; spins++)
		if (*word != 0)
			return true;
	return false;
}

static bool wait_off(unsigned i)
{
	uint64_t spins;

	for (spins = 0; spins < SPIN_LIMIT; spins++)
		if (hvc_call(PSCI_AFFINITY_INFO_64, i, 0, 0).x0 == 1)
			return true;
	return false;
}

void guest_main(uint64_t arg, uint64_t ram_base, uint64_t ram_size)
{
	uint64_t entry = (uint64_t)(uintptr_t)smp_secondary_entry, mpidr, r;
	unsigned i, started = 0;

	(void)arg;
	(void)ram_base;
	(void)ram_size;
	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	put_str("smp: vcpu 0 up, mpidr ");
	put_hex(mpidr);
	put_char('\n');
	for (i = 1; i < MAX_VCPUS; i++) {
		r = hvc_call(PSCI_CPU_ON_64, i, entry, CTX_MAGIC + i).x0;
		if (r == PSCI_INVALID_PARAMETERS)
			break;
		put_str("smp: cpu_on ");
		put_dec(i);
		put_str(" -> ");
		put_hex(r);
		put_char('\n');
		if (r != 0)
			continue;
		started++;
		if (!wait_for(&seen_mpidr[i])) {
			put_str("smp: ERROR vcpu ");
			put_dec(i);
			put_str(" never ran\n");
			continue;
		}
		put_str("smp: vcpu ");
		put_dec(i);
		put_str(" ran with mpidr ");
		put_hex(seen_mpidr[i]);
		put_str(" ctx ");
		put_hex(seen_ctx[i]);
		put_str(wait_off(i) ? ", now off\n" : ", ERROR still on\n");
	}
	r = hvc_call(PSCI_CPU_ON_64, 0, entry, 0).x0;
	put_str(r == PSCI_ALREADY_ON ? "smp: cpu_on self -> ALREADY_ON OK\n" : "smp: ERROR cpu_on self\n");
	r = hvc_call(PSCI_AFFINITY_INFO_64, 0, 0, 0).x0;
	put_str(r == 0 ? "smp: affinity_info self -> ON OK\n" : "smp: ERROR affinity_info self\n");
	put_str("smp: done, ");
	put_dec(started + 1);
	put_str(" vcpus\n");
	halt_forever();
}
