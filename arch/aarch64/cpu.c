/* AArch64 CPU identification and the EL2 requirement. */
#include "arch/arch.h"
#include "lib/print.h"
#include "vm/config.h"
#include "sysreg.h"

const char *arch_name(void)
{
	return "aarch64";
}

uint32_t arch_config_id(void)
{
	return CONFIG_ARCH_AARCH64;
}

static unsigned current_el(void)
{
	return (unsigned)((read_sysreg(CurrentEL) >> 2) & 3);
}

/* ID_AA64MMFR0_EL1.PARange (Arm ARM D19.2.64): encoding -> physical address bits. */
unsigned aarch64_pa_bits(void)
{
	static const unsigned bits[] = { 32, 36, 40, 42, 44, 48, 52 };
	uint64_t parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	/* Reserved encodings are treated as the largest defined size. */
	return parange < sizeof(bits) / sizeof(bits[0]) ? bits[parange] : 52;
}

bool arch_check_virtualization(char *why, size_t why_size)
{
	unsigned el = current_el();

	if (el == 2)
		return true;
	format(why, why_size,
	       "running at EL%u, but a hypervisor needs EL2 (QEMU: -machine virt,virtualization=on)", el);
	return false;
}

void arch_describe_cpu(char *buf, size_t size)
{
	uint64_t midr = read_sysreg(midr_el1);

	format(buf, size, "EL%u, MIDR 0x%08llx, PA %u bits", current_el(),
	       (unsigned long long)midr, aarch64_pa_bits());
}

void arch_cpu_relax(void)
{
	__asm__ volatile("yield");
}
