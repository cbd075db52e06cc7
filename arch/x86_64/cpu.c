/* x86-64 CPU identification: AMD SVM with nested paging is required. */
#include "arch/arch.h"
#include "io.h"
#include "lib/print.h"
#include "vm/config.h"

/* AMD APM vol. 3, appendix E.4: CPUID Fn8000_0001 ECX[2] = SVM, Fn8000_000A EDX[0] = NP. */
#define CPUID_EXT_FEATURES   0x80000001u
#define CPUID_SVM_FEATURES   0x8000000au
#define CPUID_EXT_MAX        0x80000000u
#define EXT_ECX_SVM          (1u << 2)
#define SVM_EDX_NP           (1u << 0)
/* AMD APM vol. 2, 15.30.1: VM_CR MSR, bit 4 SVMDIS. */
#define MSR_VM_CR            0xc0010114u
#define VM_CR_SVMDIS         (1u << 4)

const char *arch_name(void)
{
	return "x86_64";
}

uint32_t arch_config_id(void)
{
	return CONFIG_ARCH_X86_64;
}

bool arch_check_virtualization(char *why, size_t why_size)
{
	if (cpuid(CPUID_EXT_MAX, 0).eax < CPUID_SVM_FEATURES ||
	    !(cpuid(CPUID_EXT_FEATURES, 0).ecx & EXT_ECX_SVM)) {
		format(why, why_size, "the CPU has no AMD SVM (CPUID 0x80000001 ECX bit 2 is 0; "
		       "QEMU: -cpu EPYC or qemu64,+svm,+npt)");
		return false;
	}
	if (!(cpuid(CPUID_SVM_FEATURES, 0).edx & SVM_EDX_NP)) {
		format(why, why_size, "SVM has no nested paging (CPUID 0x8000000A EDX bit 0 is 0; "
		       "QEMU: add +npt)");
		return false;
	}
	if (rdmsr(MSR_VM_CR) & VM_CR_SVMDIS) {
		format(why, why_size, "SVM is disabled by the firmware (VM_CR.SVMDIS is set)");
		return false;
	}
	return true;
}

void arch_describe_cpu(char *buf, size_t size)
{
	struct cpuid_regs svm = cpuid(CPUID_SVM_FEATURES, 0);
	unsigned pa_bits = cpuid(0x80000008u, 0).eax & 0xff;

	format(buf, size, "AMD SVM revision %u, nested paging, %u ASIDs, PA %u bits",
	       svm.eax & 0xff, svm.ebx, pa_bits);
}

void arch_cpu_relax(void)
{
	__asm__ volatile("pause");
}
