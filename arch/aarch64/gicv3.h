/* The GICv3 "kick": an SGI that pulls a CPU out of its guest (see gicv3.c). */
#ifndef TESSERA_AARCH64_GICV3_H
#define TESSERA_AARCH64_GICV3_H

#include <stdbool.h>
#include <stdint.h>

/* On a VM CPU: wake its redistributor, enable the kick SGI, enable the CPU interface. */
bool gic_kick_init_this_cpu(unsigned cpu);
/* On the console CPU: enable the CPU interface so it can send SGIs. */
void gic_kick_sender_init(void);
/* Send the kick SGI to the CPU with this MPIDR. */
void gic_kick(uint64_t mpidr);
/* Acknowledge and end every pending group-1 interrupt on this CPU. */
void gic_ack_all(void);

#endif
