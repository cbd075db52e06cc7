/*
 * calls - exercises every hypervisor call of docs/guest-abi.md and prints
 * one line per call.  Lines starting "calls: ERROR" mean the hypervisor
 * answered something the ABI does not allow.
 *
 * Guest argument, the final call:
 *   0  PSCI SYSTEM_OFF
 *   1  PSCI SYSTEM_RESET (the guest boots again and, with the same argument,
 *      resets again: a test should expect its output repeatedly)
 *   2  TESSERA_SHUTDOWN with exit code 7
 *   other  no final call; the guest idles
 */
#include "guest.h"

#define FINAL_SYSTEM_OFF   0
#define FINAL_SYSTEM_RESET 1
#define FINAL_SHUTDOWN     2
#define SHUTDOWN_EXIT_CODE 7
#define SMCCC_VERSION_1_1  0x10001

static void error_line(const char *what, uint64_t got)
{
	put_str("calls: ERROR ");
	put_str(what);
	put_str(" got ");
	put_hex(got);
	put_char('\n');
}

static void check_version(void)
{
	struct smccc_res res = hvc_call(TESSERA_VERSION, 0, 0, 0);

	put_str("calls: version ");
	put_hex_width(res.x0, 8);
	put_char('\n');
	if (res.x0 == SMCCC_NOT_SUPPORTED || (res.x0 >> 32) != 0)
		error_line("version is not (major << 16) | minor:", res.x0);
}

static void check_mem_info(uint64_t ram_base, uint64_t ram_size)
{
	struct smccc_res res = hvc_call(TESSERA_MEM_INFO, 0, 0, 0);

	put_str("calls: mem_info base=");
	put_hex(res.x1);
	put_str(" size=");
	put_hex(res.x2);
	put_char('\n');
	if (res.x0 != 0)
		error_line("mem_info status", res.x0);
	if (res.x1 != ram_base)
		error_line("mem_info base differs from x2 at entry:", res.x1);
	if (res.x2 != ram_size)
		error_line("mem_info size differs from x3 at entry:", res.x2);
}

static void check_vm_id(void)
{
	struct smccc_res res = hvc_call(TESSERA_VM_ID, 0, 0, 0);

	put_str("calls: vm_id ");
	put_dec(res.x1);
	put_char('\n');
	if (res.x0 != 0)
		error_line("vm_id status", res.x0);
}

static void check_psci_version(void)
{
	struct smccc_res res = hvc_call(PSCI_VERSION, 0, 0, 0);

	put_str("calls: psci_version ");
	put_hex_width(res.x0, 8);
	put_char('\n');
	if (res.x0 == SMCCC_NOT_SUPPORTED || (res.x0 >> 32) != 0)
		error_line("psci_version", res.x0);
}

static void check_smccc_version(void)
{
	struct smccc_res res = hvc_call(SMCCC_VERSION, 0, 0, 0);

	put_str("calls: smccc_version ");
	put_hex_width(res.x0, 8);
	put_char('\n');
	if (res.x0 < SMCCC_VERSION_1_1 || (res.x0 >> 32) != 0)
		error_line("smccc_version below 1.1:", res.x0);
}

/* A function id the ABI does not define must answer NOT_SUPPORTED (-1). */
static void check_unknown(uint64_t fid)
{
	struct smccc_res res = hvc_call(fid, 0, 0, 0);

	put_str("calls: unknown ");
	put_hex(fid);
	if (res.x0 == SMCCC_NOT_SUPPORTED) {
		put_str(" -> -1 OK\n");
	} else {
		put_str(" -> ");
		put_hex(res.x0);
		put_char('\n');
		error_line("unknown call did not return -1:", res.x0);
	}
}

/* SMC is trapped: even a valid function id must answer NOT_SUPPORTED. */
static void check_smc(void)
{
	struct smccc_res res = smc_call(TESSERA_VERSION, 0, 0, 0);

	if (res.x0 == SMCCC_NOT_SUPPORTED) {
		put_str("calls: smc -> -1 OK\n");
	} else {
		put_str("calls: smc -> ");
		put_hex(res.x0);
		put_char('\n');
		error_line("smc did not return -1:", res.x0);
	}
}

static void final_call(uint64_t mode)
{
	struct smccc_res res;

	switch (mode) {
	case FINAL_SYSTEM_OFF:
		put_str("calls: system_off\n");
		res = hvc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
		error_line("system_off returned", res.x0);
		break;
	case FINAL_SYSTEM_RESET:
		put_str("calls: reset requested\n");
		res = hvc_call(PSCI_SYSTEM_RESET, 0, 0, 0);
		error_line("system_reset returned", res.x0);
		break;
	case FINAL_SHUTDOWN:
		put_str("calls: shutdown 7\n");
		res = hvc_call(TESSERA_SHUTDOWN, SHUTDOWN_EXIT_CODE, 0, 0);
		error_line("shutdown returned", res.x0);
		break;
	default:
		put_str("calls: no final call for arg ");
		put_hex(mode);
		put_str(", idling\n");
		break;
	}
}

void guest_main(uint64_t arg, uint64_t ram_base, uint64_t ram_size)
{
	check_version();
	check_mem_info(ram_base, ram_size);
	check_vm_id();
	check_psci_version();
	check_smccc_version();
	check_unknown(0xC600FFFFULL);   /* vendor hypervisor range, unassigned */
	check_unknown(0xC6000004ULL);   /* the first id after Tessera's own */
	check_unknown(0x86000000ULL);   /* SMC32 form of TESSERA_VERSION */
	check_smc();
	put_str("calls: done\n");
	final_call(arg);
	halt_forever();
}
