#include "arch/arch.h"
#include "lib/print.h"
#include "lib/string.h"
#include "vm/vm.h"

#define PAGE_BYTES  4096ull
#define BLOCK_PAGES 512ull       /* 2 MiB: the smallest chunk, so stage 2 can use blocks */
#define BLOCK_ALIGN_LOG2 9u

static struct vm vms[CONFIG_MAX_VMS];
static uint32_t nvms;
static struct phys_mem *phys;
static unsigned s2_ipa_bits;
static const struct tessera_config *config;
static struct config_platform platform;     /* as checked at boot; free_pages refreshed */

void vm_pt_backend_init(struct phys_mem *phys);

/* vCPU i runs on the i-th lowest CPU of the set; CPUs past VM_MAX_VCPUS stay unused. */
static void set_cpus(struct vm *vm, uint64_t mask)
{
	uint32_t c;

	vm->ncpus = 0;
	for (c = 0; c < 64 && vm->ncpus < VM_MAX_VCPUS; c++)
		if (mask & (1ull << c))
			vm->cpus[vm->ncpus++] = c;
	vm->cpu = vm->cpus[0];
}

void vm_init_all(struct phys_mem *pm, const struct tessera_config *cfg,
		 const struct config_platform *plat, const uint8_t *const images[])
{
	uint32_t i;

	phys = pm;
	config = cfg;
	platform = *plat;
	s2_ipa_bits = plat->ipa_bits;
	vm_pt_backend_init(pm);
	nvms = cfg->vm_count <= CONFIG_MAX_VMS ? cfg->vm_count : CONFIG_MAX_VMS;
	for (i = 0; i < nvms; i++) {
		memset(&vms[i], 0, sizeof(vms[i]));
		vms[i].id = i + 1;
		vms[i].cfg = &cfg->vms[i];
		vms[i].image = images[i];
		vms[i].image_size = plat->image_size[i];
		vms[i].state = VM_STOPPED;
		set_cpus(&vms[i], cfg->vms[i].cpu_mask);
	}
}

uint32_t vm_count(void)
{
	return nvms;
}

struct vm *vm_by_index(uint32_t i)
{
	return i < nvms ? &vms[i] : NULL;
}

struct vm *vm_by_name(const char *name)
{
	uint32_t i;

	for (i = 0; i < nvms; i++)
		if (str_eq(vms[i].cfg->name, name))
			return &vms[i];
	return NULL;
}

void vm_owner_name(uint32_t id, char *buf, size_t size)
{
	if (id >= 1 && id <= nvms)
		format(buf, size, "vm %s", vms[id - 1].cfg->name);
	else
		format(buf, size, "vm #%u", id);
}

const char *vm_state_name(enum vm_state s)
{
	switch (s) {
	case VM_STOPPED: return "stopped";
	case VM_RUNNING: return "running";
	case VM_HALTED: return "halted";
	case VM_OFF: return "off";
	default: return "?";
	}
}

static struct phys_owner ram_owner(const struct vm *vm)
{
	struct phys_owner o = { PHYS_VM_RAM, (uint8_t)vm->id };

	return o;
}

static void release_ram(struct vm *vm)
{
	while (vm->nchunks > 0) {
		vm->nchunks--;
		phys_free(phys, vm->chunks[vm->nchunks].pa, ram_owner(vm));
	}
}

/*
 * Back [ipa, ipa + size) with RAM: one 2 MiB-aligned run when possible,
 * else the largest runs that can be had, halving down to 2 MiB.  Returns
 * PHYS_ENOMEM or PHYS_EFULL (too fragmented) on failure; what was taken
 * stays in vm->chunks for the caller to give back.
 */
static int take_ram(struct vm *vm, uint64_t ipa, uint64_t size)
{
	uint64_t left = size / PAGE_BYTES, want = left, pa;

	while (left > 0) {
		if (want > left)
			want = left;
		if (vm->nchunks == VM_MAX_CHUNKS)
			return PHYS_EFULL;
		if (phys_alloc(phys, want, BLOCK_ALIGN_LOG2, ram_owner(vm), "guest RAM", &pa) == PHYS_OK) {
			vm->chunks[vm->nchunks].ipa = ipa;
			vm->chunks[vm->nchunks].pa = pa;
			vm->chunks[vm->nchunks].size = want * PAGE_BYTES;
			vm->nchunks++;
			ipa += want * PAGE_BYTES;
			left -= want;
			continue;
		}
		if (want <= BLOCK_PAGES)
			return PHYS_ENOMEM;
		want = (want / 2 + BLOCK_PAGES - 1) / BLOCK_PAGES * BLOCK_PAGES;
	}
	return PHYS_OK;
}

uint64_t vm_ram_bytes(const struct vm *vm)
{
	/* The validator already sums the VM's RAM regions. */
	return config_ram_pages(config, vm->id - 1) * PAGE_BYTES;
}

/* All of the VM's RAM, or none of it (with the reason in @why). */
static int take_all_ram(struct vm *vm, char *why, size_t n)
{
	uint32_t r;
	int rc = PHYS_OK;

	for (r = 0; r < vm->cfg->ram_count && rc == PHYS_OK; r++)
		rc = take_ram(vm, vm->cfg->ram[r].base_ipa, vm->cfg->ram[r].size);
	if (rc == PHYS_OK)
		return 0;
	/* Give back the partial runs first, so the message tells what is really free. */
	release_ram(vm);
	if (rc == PHYS_EFULL)
		format(why, n, "free memory too fragmented for %llu MiB of RAM (more than %u ranges)",
		       (unsigned long long)(vm_ram_bytes(vm) >> 20), VM_MAX_CHUNKS);
	else
		format(why, n, "not enough free memory for %llu MiB of RAM (%llu MiB free)",
		       (unsigned long long)(vm_ram_bytes(vm) >> 20),
		       (unsigned long long)(phys_free_pages(phys) >> 8));
	return -1;
}

bool vm_ipa_to_pa(const struct vm *vm, uint64_t ipa, uint64_t *pa)
{
	uint32_t i;

	for (i = 0; i < vm->nchunks; i++) {
		if (ipa >= vm->chunks[i].ipa && ipa - vm->chunks[i].ipa < vm->chunks[i].size) {
			*pa = vm->chunks[i].pa + (ipa - vm->chunks[i].ipa);
			return true;
		}
	}
	return false;
}

void vm_load_image(struct vm *vm)
{
	uint64_t ipa = vm->cfg->ram[0].base_ipa + vm->cfg->entry_offset, done = 0, pa, len;
	uint32_t i;

	/* Nothing of a previous owner or a previous run survives. */
	for (i = 0; i < vm->nchunks; i++)
		memset((void *)(uintptr_t)vm->chunks[i].pa, 0, vm->chunks[i].size);
	while (done < vm->image_size && vm_ipa_to_pa(vm, ipa + done, &pa)) {
		len = PAGE_BYTES - (pa % PAGE_BYTES);
		if (len > vm->image_size - done)
			len = vm->image_size - done;
		memcpy((void *)(uintptr_t)pa, vm->image + done, len);
		done += len;
	}
	/* The guest starts with its MMU and caches off: make RAM coherent with memory. */
	for (i = 0; i < vm->nchunks; i++)
		arch_clean_dcache(vm->chunks[i].pa, vm->chunks[i].size);
}

static int map_ram(struct vm *vm, char *why, size_t n)
{
	uint32_t i;
	int rc;

	for (i = 0; i < vm->nchunks; i++) {
		rc = s2_map(&vm->s2, vm->chunks[i].ipa, vm->chunks[i].pa, vm->chunks[i].size,
			    S2_READ | S2_WRITE | S2_EXEC);
		if (rc != S2_OK) {
			format(why, n, "stage-2 map of IPA 0x%llx failed (error %d)",
			       (unsigned long long)vm->chunks[i].ipa, rc);
			return -1;
		}
	}
	return 0;
}

static void teardown(struct vm *vm)
{
	if (vm->s2.live)
		s2_destroy(&vm->s2);
	release_ram(vm);
	vm->line_len = 0;
}

int vm_start(struct vm *vm, uint64_t arg, char *why, size_t n)
{
	struct config_error err;
	unsigned pa_bits = 48;

	if (vm->state != VM_STOPPED) {
		format(why, n, "vm \"%s\" is %s (stop it first)", vm->cfg->name, vm_state_name(vm->state));
		return -1;
	}
	if (vm->image == NULL) {
		format(why, n, "vm \"%s\" has no image loaded", vm->cfg->name);
		return -1;
	}
	/* The same validator as at boot, against memory as it is free now. */
	platform.free_pages = phys_free_pages(phys);
	if (config_check_vm(config, vm->id - 1, &platform, &err) != CONFIG_OK) {
		str_copy(why, err.msg, n);
		return -1;
	}
	vm->pool.frames = (pt_frame_t *)(uintptr_t)phys->base_pa;
	vm->pool.base_pa = phys->base_pa;
	vm->pool.nframes = (uint32_t)(bitalloc_capacity(&phys->alloc) < PT_POOL_MAX_FRAMES ?
				      bitalloc_capacity(&phys->alloc) : PT_POOL_MAX_FRAMES);
	vm->pool.ctx = vm;
	if (!arch_stage2_sizes(&s2_ipa_bits, &pa_bits) ||
	    s2_create(&vm->s2, &vm->pool, (uint16_t)vm->id, s2_ipa_bits, pa_bits, 0) != S2_OK) {
		format(why, n, "cannot create stage-2 tables");
		return -1;
	}
	if (take_all_ram(vm, why, n) != 0 || map_ram(vm, why, n) != 0)
		goto fail;
	vm->arg = arg;
	vm_load_image(vm);
	vm->reason[0] = '\0';
	vm->state = VM_RUNNING;
	vm->starts++;
	if (arch_vcpu_run(vm, why, n) != 0) {
		vm->state = VM_STOPPED;
		goto fail;
	}
	return 0;
fail:
	teardown(vm);
	return -1;
}

int vm_stop(struct vm *vm, char *why, size_t n)
{
	if (vm->state == VM_STOPPED) {
		format(why, n, "vm \"%s\" is already stopped", vm->cfg->name);
		return -1;
	}
	if (arch_vcpu_park(vm, why, n) != 0)
		return -1;
	vm_console_flush(vm);
	teardown(vm);
	vm->state = VM_STOPPED;
	return 0;
}

/* Print the pending guest line; the caller holds line_lock. */
static void flush_line(struct vm *vm)
{
	if (vm->line_len == 0)
		return;
	vm->line[vm->line_len] = '\0';
	print("[%s] %s\n", vm->cfg->name, vm->line);
	vm->line_len = 0;
}

void vm_console_flush(struct vm *vm)
{
	spin_lock(&vm->line_lock);
	flush_line(vm);
	spin_unlock(&vm->line_lock);
}

void vm_console_putc(struct vm *vm, char c)
{
	if (c == '\r')
		return;
	/* Keep the host console sane: only printable ASCII and tabs pass. */
	if (c != '\n' && ((c < 0x20 && c != '\t') || c > 0x7e))
		c = '?';
	spin_lock(&vm->line_lock);
	if (c == '\n') {
		if (vm->line_len == 0)
			print("[%s] \n", vm->cfg->name);
		flush_line(vm);
	} else {
		vm->line[vm->line_len++] = c;
		if (vm->line_len >= VM_LINE_MAX - 1)
			flush_line(vm);
	}
	spin_unlock(&vm->line_lock);
}

void vm_mark_halted(struct vm *vm, const char *reason)
{
	vm_console_flush(vm);
	str_copy(vm->reason, reason, sizeof(vm->reason));
	vm->state = VM_HALTED;
	print("vm %s halted: %s\n", vm->cfg->name, reason);
}

void vm_mark_off(struct vm *vm, const char *reason)
{
	vm_console_flush(vm);
	str_copy(vm->reason, reason, sizeof(vm->reason));
	vm->state = VM_OFF;
	print("vm %s off: %s\n", vm->cfg->name, reason);
}
