/*
 * The hypervisor's own GDT and IDT.  Every exception taken by the hypervisor
 * is fatal for the CPU: report it, then halt.
 */
#include "arch/arch.h"
#include "exception.h"
#include "lib/print.h"

#define GDT_CODE_SEL 0x08
#define GDT_DATA_SEL 0x10
#define IDT_INTERRUPT_GATE 0x8e /* present, DPL 0, 64-bit interrupt gate */
#define STUB_BYTES 16

/* AMD APM vol. 2, 4.8: long-mode code (L=1, P=1, S=1, type execute/read) and data descriptors. */
static const uint64_t gdt[] __attribute__((aligned(16))) = {
	0,
	0x00209a0000000000ull,
	0x0000920000000000ull,
};

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));

struct table_register {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

static struct idt_gate idt[X86_EXCEPTION_VECTORS] __attribute__((aligned(16)));

extern char x86_exception_stubs[];
void x86_load_gdt(const struct table_register *gdtr, uint16_t code_sel, uint16_t data_sel);

static const char *const vector_names[X86_EXCEPTION_VECTORS] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
	"#BR bound range", "#UD invalid opcode", "#NM device not available", "#DF double fault",
	"coprocessor segment overrun", "#TS invalid TSS", "#NP segment not present",
	"#SS stack fault", "#GP general protection", "#PF page fault", "reserved 15",
	"#MF x87 floating point", "#AC alignment check", "#MC machine check",
	"#XF SIMD floating point", "reserved 20", "#CP control protection", "reserved 22",
	"reserved 23", "reserved 24", "reserved 25", "reserved 26", "reserved 27",
	"#HV hypervisor injection", "#VC VMM communication", "#SX security", "reserved 31",
};

static uint64_t read_cr2(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

void x86_exception(struct exc_frame *f)
{
	uint64_t v = f->vector < X86_EXCEPTION_VECTORS ? f->vector : 31;

	print("\n*** x86-64 exception: %s (vector %llu)\n", vector_names[v],
	      (unsigned long long)f->vector);
	print("  error code 0x%llx  CR2 (faulting address) 0x%016llx\n",
	      (unsigned long long)f->error, (unsigned long long)read_cr2());
	print("  RIP 0x%016llx  CS 0x%llx  RFLAGS 0x%llx  RSP 0x%016llx\n",
	      (unsigned long long)f->rip, (unsigned long long)f->cs,
	      (unsigned long long)f->rflags, (unsigned long long)f->rsp);
	print("  RAX %016llx RBX %016llx RCX %016llx RDX %016llx\n", (unsigned long long)f->rax,
	      (unsigned long long)f->rbx, (unsigned long long)f->rcx, (unsigned long long)f->rdx);
	print("  RSI %016llx RDI %016llx RBP %016llx R8  %016llx\n", (unsigned long long)f->rsi,
	      (unsigned long long)f->rdi, (unsigned long long)f->rbp, (unsigned long long)f->r8);
	print("  R9  %016llx R10 %016llx R11 %016llx R12 %016llx\n", (unsigned long long)f->r9,
	      (unsigned long long)f->r10, (unsigned long long)f->r11, (unsigned long long)f->r12);
	print("  R13 %016llx R14 %016llx R15 %016llx\n", (unsigned long long)f->r13,
	      (unsigned long long)f->r14, (unsigned long long)f->r15);
	print("*** CPU halted\n");
	arch_halt_cpu();
}

static void set_gate(unsigned vector, uint64_t handler)
{
	struct idt_gate *g = &idt[vector];

	g->offset_low = (uint16_t)handler;
	g->selector = GDT_CODE_SEL;
	g->ist = 0;
	g->type = IDT_INTERRUPT_GATE;
	g->offset_mid = (uint16_t)(handler >> 16);
	g->offset_high = (uint32_t)(handler >> 32);
	g->reserved = 0;
}

void arch_exceptions_init(void)
{
	struct table_register gdtr = { sizeof(gdt) - 1, (uint64_t)(uintptr_t)gdt };
	struct table_register idtr = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };
	unsigned v;

	/* The hypervisor polls; no interrupt is expected once the firmware is gone. */
	__asm__ volatile("cli");
	x86_load_gdt(&gdtr, GDT_CODE_SEL, GDT_DATA_SEL);
	for (v = 0; v < X86_EXCEPTION_VECTORS; v++)
		set_gate(v, (uint64_t)(uintptr_t)(x86_exception_stubs + v * STUB_BYTES));
	__asm__ volatile("lidt %0" : : "m"(idtr));
}

void arch_halt_cpu(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

void arch_trigger_fault(void)
{
	/* The top page of the canonical upper half: OVMF maps nothing there, so a #PF. */
	volatile uint64_t *unmapped = (volatile uint64_t *)0xfffffffffffff000ull;

	(void)*unmapped;
}
