# Bare-metal AArch64 test guests (tests/guests/, ABI in docs/guest-abi.md).
#   build/guests/{hello,memtest,probe,calls}.bin   flat images, entry offset 0
# Other fragments depend on $(GUEST_IMAGES) (defined here: fragments read
# before this one must refer to it in recipes or with secondary expansion).

GUEST_CC      := aarch64-linux-gnu-gcc
GUEST_OBJCOPY := aarch64-linux-gnu-objcopy
GUEST_SRC     := tests/guests
GUEST_OUT     := $(BUILD)/guests
GUEST_NAMES   := hello memtest probe calls spin smp

# MMU off at EL1 means Device-nGnRnE data accesses: aligned only, no FP/SIMD.
# -fpie -mcmodel=small: PC-relative (adrp/add) addressing only.
GUEST_CFLAGS  := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -nostdlib \
                 -fpie -mcmodel=small -mstrict-align -mgeneral-regs-only \
                 -fno-stack-protector -fno-common -fno-asynchronous-unwind-tables \
                 -fno-unwind-tables -fno-tree-loop-distribute-patterns
# Linked as a static PIE so that any absolute address would show up as a
# dynamic relocation (guests-check requires none; ld also writes the link-time
# value in place, so such an image differs when linked at another base).
GUEST_LDFLAGS := -static-pie -nostdlib -Wl,-T,$(GUEST_SRC)/guest.ld \
                 -Wl,--no-dynamic-linker -Wl,-z,norelro -Wl,-z,noexecstack \
                 -Wl,--build-id=none -Wl,--no-warn-rwx-segments
GUEST_BIN_SECTIONS := -j .text -j .rodata -j .data
# A second link at another base: a position-independent image is byte-identical.
GUEST_ALT_BASE := 0x12345000

GUEST_RUNTIME := $(GUEST_OUT)/start.o $(GUEST_OUT)/runtime.o
GUEST_IMAGES  := $(patsubst %,$(GUEST_OUT)/%.bin,$(GUEST_NAMES))

.PHONY: guests guests-check
guests: $(GUEST_IMAGES)

$(GUEST_OUT)/start.o: $(GUEST_SRC)/start.S $(DEPS)
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(GUEST_CFLAGS) -c $< -o $@
$(GUEST_OUT)/%.o: $(GUEST_SRC)/%.c $(GUEST_SRC)/guest.h $(DEPS)
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(GUEST_CFLAGS) -c $< -o $@
$(GUEST_OUT)/%.elf: $(GUEST_OUT)/%.o $(GUEST_RUNTIME) $(GUEST_SRC)/guest.ld
	$(GUEST_CC) $(GUEST_LDFLAGS) $(GUEST_RUNTIME) $< -o $@
$(GUEST_OUT)/%.bin: $(GUEST_OUT)/%.elf
	$(GUEST_OBJCOPY) -O binary $(GUEST_BIN_SECTIONS) $< $@
$(GUEST_OUT)/alt/%.elf: $(GUEST_OUT)/%.o $(GUEST_RUNTIME) $(GUEST_SRC)/guest.ld
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(GUEST_LDFLAGS) -Wl,--section-start=.text=$(GUEST_ALT_BASE) \
	  $(GUEST_RUNTIME) $< -o $@
$(GUEST_OUT)/alt/%.bin: $(GUEST_OUT)/alt/%.elf
	$(GUEST_OBJCOPY) -O binary $(GUEST_BIN_SECTIONS) $< $@

.PRECIOUS: $(GUEST_OUT)/%.o $(GUEST_OUT)/%.elf $(GUEST_OUT)/alt/%.elf

# Host-side image checks: no relocations, entry at offset 0, identical bytes
# when linked elsewhere; and a deliberately broken guest must be rejected.
guests-check: $(GUEST_IMAGES) $(patsubst %,$(GUEST_OUT)/alt/%.bin,$(GUEST_NAMES))
	GUEST_ALT_BASE=$(GUEST_ALT_BASE) $(GUEST_SRC)/check-images $(GUEST_OUT) $(GUEST_NAMES)
	GUEST_CC="$(GUEST_CC)" GUEST_OBJCOPY="$(GUEST_OBJCOPY)" GUEST_CFLAGS="$(GUEST_CFLAGS)" \
	  GUEST_LDFLAGS="$(GUEST_LDFLAGS)" GUEST_ALT_BASE=$(GUEST_ALT_BASE) \
	  $(GUEST_SRC)/check-images --self-test $(GUEST_OUT)/selftest $(GUEST_RUNTIME)

HOST_TESTS += guests-check

# stubhv: an EL2 test double of the guest ABI, to run the guests in QEMU
# without Tessera (tests/guests/stubhv/, linked at QEMU virt's RAM base).
STUBHV_OBJS := $(GUEST_OUT)/stubhv/entry.o $(GUEST_OUT)/stubhv/stubhv.o $(GUEST_OUT)/runtime.o
STUBHV_CFLAGS := $(filter-out -fpie,$(GUEST_CFLAGS))

$(GUEST_OUT)/stubhv/entry.o: $(GUEST_SRC)/stubhv/entry.S $(DEPS)
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(STUBHV_CFLAGS) -c $< -o $@
$(GUEST_OUT)/stubhv/stubhv.o: $(GUEST_SRC)/stubhv/stubhv.c $(GUEST_SRC)/guest.h $(DEPS)
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(STUBHV_CFLAGS) -c $< -o $@
$(GUEST_OUT)/stubhv.elf: $(STUBHV_OBJS) $(GUEST_SRC)/stubhv/stubhv.ld
	$(GUEST_CC) -static -nostdlib -Wl,-T,$(GUEST_SRC)/stubhv/stubhv.ld -Wl,--build-id=none \
	  -Wl,--no-warn-rwx-segments $(STUBHV_OBJS) -o $@

# The guests under QEMU with stubhv (and one run without any EL2).
.PHONY: guests-qemu-test
guests-qemu-test: $(GUEST_IMAGES) $(GUEST_OUT)/stubhv.elf
	$(PYTEST) -q -p no:cacheprovider $(GUEST_SRC)/test_guests.py

SYSTESTS += guests-qemu-test

.PHONY: clean-guests
clean-guests:
	rm -rf $(GUEST_OUT)
clean: clean-guests
