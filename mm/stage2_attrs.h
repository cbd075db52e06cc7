/*
 * Stage-2 mapping attributes, architecture neutral.  A mapping grants exactly
 * the permissions named here; the formats in arch/ translate them into
 * descriptor bits.
 */
#ifndef TESSERA_MM_STAGE2_ATTRS_H
#define TESSERA_MM_STAGE2_ATTRS_H

#define S2_READ   0x1u /* guest may read */
#define S2_WRITE  0x2u /* guest may write */
#define S2_EXEC   0x4u /* guest may execute (never with S2_DEVICE) */
#define S2_DEVICE 0x8u /* device memory; otherwise normal write-back memory */
#define S2_ATTR_MASK 0xfu

/* Map flag, not stored: use 4 KiB pages even where a block would fit. */
#define S2_NO_BLOCKS 0x100u

#endif
