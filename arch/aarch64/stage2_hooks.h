/*
 * Hooks of the architecture-neutral stage-2 engine (mm/stage2.c) for this
 * architecture.  The engine includes "stage2_hooks.h" and is built once per
 * format with -Iarch/aarch64 or -Iarch/x86_64; each arch directory provides a
 * header of this name with the same functions.
 */
#ifndef TESSERA_STAGE2_HOOKS_H
#define TESSERA_STAGE2_HOOKS_H

#include <stdint.h>
#include "stage2_format.h"

/*
 * Invalidate cached translations (and walk-cache entries) for one IPA of the
 * VM named vmid, after its descriptor was cleared or replaced.  Completion
 * is only guaranteed after s2_arch_tlb_complete().
 */
/*@ assigns \nothing; exits \false; */
void s2_arch_tlb_invalidate_ipa(uint16_t vmid, uint64_t ipa);

/* Wait for the invalidations issued so far to complete everywhere. */
/*@ assigns \nothing; exits \false; */
void s2_arch_tlb_complete(uint16_t vmid);

/* Make descriptor writes so far visible to the table walkers. */
/*@ assigns \nothing; exits \false; */
void s2_arch_publish(void);

#endif
