/* PSCI function identifiers (Arm DEN 0022, PSCI 1.1, section 5.1). */
#ifndef TESSERA_AARCH64_PSCI_H
#define TESSERA_AARCH64_PSCI_H

#include <stdint.h>

#define PSCI_VERSION        0x84000000u
#define PSCI_CPU_OFF        0x84000002u
#define PSCI_CPU_ON_32      0x84000003u
#define PSCI_CPU_ON_64      0xc4000003u
#define PSCI_AFFINITY_INFO_32 0x84000004u
#define PSCI_AFFINITY_INFO_64 0xc4000004u
#define PSCI_SYSTEM_OFF     0x84000008u
#define PSCI_SYSTEM_RESET   0x84000009u

#define PSCI_SUCCESS            0
#define PSCI_NOT_SUPPORTED      (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED             (-3)
#define PSCI_ALREADY_ON         (-4)

/* Call the platform firmware (QEMU's built-in PSCI at EL3) through SMC. */
uint64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

#endif
