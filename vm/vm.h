/*
 * Virtual machines: creation from the config, RAM from the page allocator,
 * stage-2 mappings, teardown.  Architecture-neutral; the CPU side (entering
 * the guest, traps, emulated devices) is behind the arch_vcpu_* hooks.
 *
 * Locking: the console CPU alone creates and destroys VMs and touches the
 * allocator.  A VM's own CPU changes only vm->state (to HALTED / OFF) and the
 * console-line buffer, and may reload the image into RAM it already owns.
 */
#ifndef TESSERA_VM_VM_H
#define TESSERA_VM_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/spinlock.h"
#include "mm/phys.h"
#include "mm/stage2.h"
#include "vm/config.h"

#define VM_MAX_CHUNKS 64          /* physical ranges backing one VM's RAM */
#define VM_LINE_MAX   160         /* guest console line, longer lines are split */
#define VM_REASON_MAX 192
#define VM_MAX_VCPUS  8           /* vCPU i runs on the i-th CPU of the VM's set */

enum vm_state {
	VM_STOPPED = 0,  /* no resources: never started, or stopped from the console */
	VM_RUNNING,      /* its CPU runs the guest */
	VM_HALTED,       /* its CPU left the guest after a fault; resources kept for inspection */
	VM_OFF,          /* the guest powered itself off; resources kept */
};

struct vm_chunk {
	uint64_t ipa;
	uint64_t pa;
	uint64_t size;
};

struct vm {
	uint32_t id;                      /* 1-based; also the VMID */
	const struct config_vm *cfg;
	const uint8_t *image;
	uint64_t image_size;
	volatile enum vm_state state;
	uint64_t arg;                     /* guest argument for the current run */
	uint32_t cpu;                     /* physical CPU of vCPU 0, the boot vCPU */
	uint32_t ncpus;                   /* vCPUs = CPUs in its set (at most VM_MAX_VCPUS) */
	uint32_t cpus[VM_MAX_VCPUS];      /* physical CPU of each vCPU */
	volatile uint8_t vcpu_on[VM_MAX_VCPUS]; /* guest view: PSCI ON / OFF */
	struct spinlock line_lock;        /* vCPUs share the console line */
	struct vm_chunk chunks[VM_MAX_CHUNKS];
	uint32_t nchunks;
	struct s2_table s2;
	struct pt_pool pool;
	uint64_t starts;                  /* how many times it was (re)started */
	char reason[VM_REASON_MAX];       /* why it halted or went off */
	char line[VM_LINE_MAX];           /* guest console output not yet shown */
	uint32_t line_len;
};

/*
 * Set up the VM table from a parsed config that passed config_check_platform
 * against @plat (does not start anything).  @images[i] holds plat->image_size[i] bytes.
 */
void vm_init_all(struct phys_mem *phys, const struct tessera_config *cfg,
		 const struct config_platform *plat, const uint8_t *const images[]);

uint32_t vm_count(void);
struct vm *vm_by_index(uint32_t i);
struct vm *vm_by_name(const char *name);
void vm_owner_name(uint32_t id, char *buf, size_t size);
const char *vm_state_name(enum vm_state s);

/*
 * Create the VM (RAM, zeroing, image, stage 2) and start its CPU.  On any
 * failure everything taken is given back and @why says what went wrong.
 */
int vm_start(struct vm *vm, uint64_t arg, char *why, size_t why_size);

/* Stop its CPU and give back all of its RAM and table pages. */
int vm_stop(struct vm *vm, char *why, size_t why_size);

/* Zero the VM's RAM and copy its image in again (start and guest reset). */
void vm_load_image(struct vm *vm);

/* Total RAM of the VM as configured, in bytes. */
uint64_t vm_ram_bytes(const struct vm *vm);

/* Physical address behind @ipa in the VM's RAM chunks; false if not RAM. */
bool vm_ipa_to_pa(const struct vm *vm, uint64_t ipa, uint64_t *pa);

/* Guest console byte: buffered, printed as "[NAME] line" at a newline. */
void vm_console_putc(struct vm *vm, char c);
void vm_console_flush(struct vm *vm);

/* Mark the VM halted/off with a reason, and print the console line for it. */
void vm_mark_halted(struct vm *vm, const char *reason);
void vm_mark_off(struct vm *vm, const char *reason);

#endif
