/*
 * VM execution on x86-64 (AMD SVM with nested paging) is not implemented yet:
 * the hooks report that clearly, so a config naming VMs is refused at start.
 */
#include "arch/arch.h"
#include "lib/print.h"

unsigned arch_cpu_count(void)
{
	return 1;
}

bool arch_stage2_sizes(unsigned *ipa_bits, unsigned *pa_bits)
{
	*ipa_bits = 48;
	*pa_bits = 48;
	return true;
}

int arch_vcpu_run(struct vm *vm, char *why, size_t why_size)
{
	(void)vm;
	format(why, why_size, "running guests on x86-64 is not implemented yet");
	return -1;
}

int arch_vcpu_park(struct vm *vm, char *why, size_t why_size)
{
	(void)vm;
	(void)why;
	(void)why_size;
	return 0;
}

void arch_clean_dcache(uint64_t va, uint64_t size)
{
	/* x86 caches are coherent with memory for every agent. */
	(void)va;
	(void)size;
}
