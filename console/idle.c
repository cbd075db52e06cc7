#include "arch/arch.h"
#include "console/idle.h"

void console_idle(void)
{
	arch_cpu_relax();
}
