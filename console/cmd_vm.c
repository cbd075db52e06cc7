/* Console commands over VMs: vms, s2, walk, check, start, stop. */
#include "boot/memory.h"
#include "console/commands.h"
#include "lib/print.h"
#include "lib/string.h"
#include "mm/bitalloc_check.h"
#include "vm/vm.h"

static struct vm *vm_arg(int argc, char **argv, int want, const char *usage)
{
	struct vm *vm;

	if (argc != want && !(want == 2 && str_eq(argv[0], "start") && argc == 3)) {
		print("usage: %s\n", usage);
		return NULL;
	}
	vm = vm_by_name(argv[1]);
	if (vm == NULL)
		print("%s: no VM named \"%s\" (see vms)\n", argv[0], argv[1]);
	return vm;
}

/* "1,2,3": the physical CPUs of the VM's vCPUs, in vCPU order. */
static void cpu_list(const struct vm *vm, char *buf, size_t size)
{
	size_t len = 0;
	uint32_t i;

	buf[0] = '\0';
	for (i = 0; i < vm->ncpus && len + 4 < size; i++)
		len += format(buf + len, size - len, i ? ",%u" : "%u", vm->cpus[i]);
}

void cmd_vms(int argc, char **argv)
{
	uint32_t i, c;
	struct vm *vm;
	char cpus[32];

	(void)argc;
	(void)argv;
	if (vm_count() == 0) {
		print("no VMs configured\n");
		return;
	}
	print("%-3s %-16s %-8s %-8s %8s  %s\n", "id", "name", "state", "cpus", "RAM MiB",
	      "physical ranges");
	for (i = 0; i < vm_count(); i++) {
		vm = vm_by_index(i);
		cpu_list(vm, cpus, sizeof(cpus));
		print("%-3u %-16s %-8s %-8s %8llu ", vm->id, vm->cfg->name, vm_state_name(vm->state),
		      cpus, (unsigned long long)(vm_ram_bytes(vm) >> 20));
		if (vm->nchunks == 0)
			print(" -");
		for (c = 0; c < vm->nchunks; c++)
			print(" 0x%llx-0x%llx", (unsigned long long)vm->chunks[c].pa,
			      (unsigned long long)(vm->chunks[c].pa + vm->chunks[c].size - 1));
		print("\n");
		if (vm->state == VM_HALTED || vm->state == VM_OFF)
			print("    %s\n", vm->reason);
	}
}

static void attrs_text(uint32_t attrs, char *buf)
{
	buf[0] = (attrs & S2_READ) ? 'r' : '-';
	buf[1] = (attrs & S2_WRITE) ? 'w' : '-';
	buf[2] = (attrs & S2_EXEC) ? 'x' : '-';
	buf[3] = '\0';
}

static void print_run(void *ctx, const struct s2_run *run)
{
	char a[4];

	(void)ctx;
	attrs_text(run->attrs, a);
	print("  ipa 0x%010llx-0x%010llx -> pa 0x%010llx-0x%010llx  %s  %s %s\n",
	      (unsigned long long)run->ipa, (unsigned long long)(run->ipa + run->size - 1),
	      (unsigned long long)run->pa, (unsigned long long)(run->pa + run->size - 1),
	      run->block == S2_BLOCK_1G ? "1G" : run->block == S2_BLOCK_2M ? "2M" : "4K", a,
	      (run->attrs & S2_DEVICE) ? "device" : "normal");
}

void cmd_s2(int argc, char **argv)
{
	struct vm *vm = vm_arg(argc, argv, 2, "s2 NAME");
	long runs;

	if (vm == NULL)
		return;
	if (!vm->s2.live) {
		print("s2: vm \"%s\" is stopped: it has no stage-2 tables\n", vm->cfg->name);
		return;
	}
	print("vm %s: stage-2 root 0x%llx, VMID %u, %u table pages\n", vm->cfg->name,
	      (unsigned long long)(vm->pool.base_pa + (uint64_t)vm->s2.root * 4096), vm->id,
	      s2_table_frames(&vm->s2));
	runs = s2_dump(&vm->s2, print_run, NULL);
	print("%ld runs\n", runs);
}

void cmd_walk(int argc, char **argv)
{
	struct vm *vm = vm_arg(argc, argv, 3, "walk NAME IPA");
	uint64_t ipa, pa;
	uint32_t attrs;
	char a[4];
	int rc;

	if (vm == NULL)
		return;
	if (!str_to_u64(argv[2], &ipa)) {
		print("walk: bad IPA \"%s\" (a number, 0x for hex)\n", argv[2]);
		return;
	}
	if (!vm->s2.live) {
		print("walk: vm \"%s\" is stopped: it has no stage-2 tables\n", vm->cfg->name);
		return;
	}
	rc = s2_translate(&vm->s2, ipa, &pa, &attrs);
	if (rc == S2_ENOENT) {
		print("walk: vm %s: IPA 0x%llx is not mapped\n", vm->cfg->name, (unsigned long long)ipa);
	} else if (rc != S2_OK) {
		print("walk: vm %s: IPA 0x%llx is outside the %u-bit IPA space\n", vm->cfg->name,
		      (unsigned long long)ipa, vm->s2.ipa_bits);
	} else {
		attrs_text(attrs, a);
		print("walk: vm %s: IPA 0x%llx -> PA 0x%llx %s %s\n", vm->cfg->name,
		      (unsigned long long)ipa, (unsigned long long)pa, a,
		      (attrs & S2_DEVICE) ? "device" : "normal");
	}
}

void cmd_start(int argc, char **argv)
{
	struct vm *vm = vm_arg(argc, argv, 2, "start NAME [ARG]");
	uint64_t arg;
	char why[160];

	if (vm == NULL)
		return;
	arg = vm->cfg->guest_arg;
	if (argc == 3 && !str_to_u64(argv[2], &arg)) {
		print("start: bad argument \"%s\" (a number, 0x for hex)\n", argv[2]);
		return;
	}
	if (vm_start(vm, arg, why, sizeof(why)) != 0)
		print("start: %s\n", why);
	else
		print("vm %s: started on CPU %u\n", vm->cfg->name, vm->cpu);
}

void cmd_stop(int argc, char **argv)
{
	struct vm *vm = vm_arg(argc, argv, 2, "stop NAME");
	char why[160];

	if (vm == NULL)
		return;
	if (vm_stop(vm, why, sizeof(why)) != 0)
		print("stop: %s\n", why);
	else
		print("vm %s: stopped; free pages: %llu\n", vm->cfg->name,
		      (unsigned long long)phys_free_pages(&hv_phys));
}

/* ---- check ---- */

static uint32_t failures;

static void fail(const char *what)
{
	failures++;
	print("check: FAIL %s\n", what);
}

static bool chunks_overlap(const struct vm_chunk *a, const struct vm_chunk *b)
{
	return a->pa < b->pa + b->size && b->pa < a->pa + a->size;
}

static void check_vm_ranges(const struct vm *vm)
{
	const struct phys_record *r;
	struct phys_owner own = { PHYS_VM_RAM, (uint8_t)vm->id };
	char msg[160];
	uint32_t c;

	for (c = 0; c < vm->nchunks; c++) {
		const struct vm_chunk *k = &vm->chunks[c];

		if (!phys_lookup(&hv_phys, k->pa, &r) || !phys_owner_eq(r->owner, own) ||
		    phys_record_pa(&hv_phys, r) + r->pages * PHYS_PAGE_SIZE < k->pa + k->size) {
			format(msg, sizeof(msg), "vm %s: RAM 0x%llx+0x%llx is not allocated to it",
			       vm->cfg->name, (unsigned long long)k->pa, (unsigned long long)k->size);
			fail(msg);
		}
	}
}

static void check_pairwise(void)
{
	uint32_t i, j, a, b;
	char msg[160];

	for (i = 0; i < vm_count(); i++)
		for (j = i + 1; j < vm_count(); j++)
			for (a = 0; a < vm_by_index(i)->nchunks; a++)
				for (b = 0; b < vm_by_index(j)->nchunks; b++)
					if (chunks_overlap(&vm_by_index(i)->chunks[a],
							   &vm_by_index(j)->chunks[b])) {
						format(msg, sizeof(msg), "vms %s and %s share RAM",
						       vm_by_index(i)->cfg->name,
						       vm_by_index(j)->cfg->name);
						fail(msg);
					}
}

struct s2_check {
	const struct vm *vm;
	uint64_t runs;
};

/* Every mapped run must be the VM's own RAM, at the IPA its chunk says. */
static void check_run(void *ctx, const struct s2_run *run)
{
	struct s2_check *k = ctx;
	uint64_t off, pa;
	char msg[160];

	k->runs++;
	for (off = 0; off < run->size; off += PHYS_PAGE_SIZE) {
		if (!vm_ipa_to_pa(k->vm, run->ipa + off, &pa) || pa != run->pa + off) {
			format(msg, sizeof(msg), "vm %s: IPA 0x%llx maps PA 0x%llx outside its RAM",
			       k->vm->cfg->name, (unsigned long long)(run->ipa + off),
			       (unsigned long long)(run->pa + off));
			fail(msg);
			return;
		}
	}
}

static void check_vm_tables(const struct vm *vm)
{
	struct s2_check k = { vm, 0 };
	struct phys_owner tables = { PHYS_VM_TABLES, (uint8_t)vm->id };
	char msg[160];

	if (!vm->s2.live)
		return;
	s2_dump(&vm->s2, check_run, &k);
	if (phys_pages_owned(&hv_phys, tables) != s2_table_frames(&vm->s2)) {
		format(msg, sizeof(msg), "vm %s: %u table pages in use but %llu recorded",
		       vm->cfg->name, s2_table_frames(&vm->s2),
		       (unsigned long long)phys_pages_owned(&hv_phys, tables));
		fail(msg);
	}
}

void cmd_check(int argc, char **argv)
{
	struct bitalloc_report rep;
	char msg[160];
	uint32_t i, mapped = 0;

	(void)argc;
	(void)argv;
	failures = 0;
	if (!bitalloc_check(&hv_phys.alloc, &rep)) {
		format(msg, sizeof(msg), "allocator: %llu inconsistent parent/child edges (first at word "
		       "%llu), %llu free pages in the leaves vs %llu counted",
		       (unsigned long long)rep.bad_edges, (unsigned long long)rep.first_bad,
		       (unsigned long long)rep.leaf_free,
		       (unsigned long long)bitalloc_free_count(&hv_phys.alloc));
		fail(msg);
	}
	for (i = 0; i < vm_count(); i++) {
		check_vm_ranges(vm_by_index(i));
		check_vm_tables(vm_by_index(i));
		mapped += vm_by_index(i)->s2.live;
	}
	check_pairwise();
	if (failures == 0)
		print("check: OK (allocator hierarchy over %llu words, %llu free pages; %u VMs' RAM owned "
		      "and pairwise disjoint; %u stage-2 tables map only their own RAM)\n",
		      (unsigned long long)rep.words_checked, (unsigned long long)rep.leaf_free,
		      vm_count(), mapped);
}
