# The hypervisor image for each architecture: a GNU-EFI application.
#   build/aarch64/BOOTAA64.EFI    build/x86_64/BOOTX64.EFI

# Every neutral source linked into the hypervisor, named explicitly.
HV_COMMON_SRCS := \
	boot/efi_main.c boot/files.c boot/main.c boot/memmap.c boot/memory.c \
	console/cmd_mem.c console/cmd_vm.c console/commands.c console/idle.c \
	console/output.c console/shell.c \
	lib/print.c lib/string.c \
	mm/bitalloc.c mm/bitalloc_check.c mm/phys.c mm/stage2.c \
	vm/config.c vm/pt_backend.c vm/vm.c
HV_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-builtin-printf \
             -fpic -fno-stack-protector -fno-strict-aliasing -fshort-wchar -fno-common \
             -mgeneral-regs-only -I. -I$(BUILD)/gen -DTESSERA_VERSION='"$(VERSION)"'

# The build id (git commit, "-dirty" with local changes) lives in a generated
# header that is rewritten only when it changes, so the banner is never stale.
BUILD_ID_H := $(BUILD)/gen/build_id.h
.PHONY: FORCE
$(BUILD_ID_H): FORCE
	@mkdir -p $(dir $@)
	@echo '#define TESSERA_BUILD_ID "$(BUILD_ID)"' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
$(BUILD)/aarch64/boot/main.c.o $(BUILD)/x86_64/boot/main.c.o: $(BUILD_ID_H)

# --- AArch64 ---------------------------------------------------------------
A64_CC      := aarch64-linux-gnu-gcc
A64_LD      := aarch64-linux-gnu-ld
A64_OBJCOPY := aarch64-linux-gnu-objcopy
A64_EFI     := $(BUILD)/gnu-efi-aarch64/usr
A64_SRCS    := $(HV_COMMON_SRCS) $(sort $(wildcard arch/aarch64/*.c arch/aarch64/*.S))
A64_OBJS    := $(patsubst %,$(BUILD)/aarch64/%.o,$(A64_SRCS))
A64_CFLAGS  := $(HV_CFLAGS) -mstrict-align -mno-outline-atomics -DTESSERA_ARCH_AARCH64 -Iarch/aarch64 \
               -I$(A64_EFI)/include/efi -I$(A64_EFI)/include/efi/aarch64

$(BUILD)/aarch64/%.c.o: %.c $(DEPS)
	@mkdir -p $(dir $@)
	@echo "  CC [aarch64] $<"; $(A64_CC) $(A64_CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/aarch64/%.S.o: %.S $(DEPS)
	@mkdir -p $(dir $@)
	@echo "  CC [aarch64] $<"; $(A64_CC) $(A64_CFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@
$(BUILD)/aarch64/linker.ld: linker.ld
	@mkdir -p $(dir $@)
	cpp -P -DTESSERA_ARCH_AARCH64 $< -o $@
$(BUILD)/aarch64/tessera.so: $(A64_OBJS) $(BUILD)/aarch64/linker.ld
	$(A64_LD) -nostdlib -znocombreloc -shared -Bsymbolic --no-undefined --no-warn-rwx-segments \
	  --defsym=EFI_SUBSYSTEM=0xa -T $(BUILD)/aarch64/linker.ld \
	  $(A64_EFI)/lib/crt0-efi-aarch64.o $(A64_OBJS) -L$(A64_EFI)/lib -lefi -lgnuefi \
	  $$($(A64_CC) -print-libgcc-file-name) -o $@
$(BUILD)/aarch64/BOOTAA64.EFI: $(BUILD)/aarch64/tessera.so
	$(A64_OBJCOPY) -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel \
	  -j .rela -j .rel.* -j .rela.* -j .reloc -O binary $< $@

# --- x86-64 ----------------------------------------------------------------
X64_CC      := gcc
X64_LD      := ld
X64_OBJCOPY := objcopy
X64_SRCS    := $(HV_COMMON_SRCS) $(sort $(wildcard arch/x86_64/*.c arch/x86_64/*.S))
X64_OBJS    := $(patsubst %,$(BUILD)/x86_64/%.o,$(X64_SRCS))
X64_CFLAGS  := $(HV_CFLAGS) -mno-red-zone -maccumulate-outgoing-args -DEFI_FUNCTION_WRAPPER \
               -DTESSERA_ARCH_X86_64 -Iarch/x86_64 -I/usr/include/efi -I/usr/include/efi/x86_64

$(BUILD)/x86_64/%.c.o: %.c $(DEPS)
	@mkdir -p $(dir $@)
	@echo "  CC [x86_64]  $<"; $(X64_CC) $(X64_CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/x86_64/%.S.o: %.S $(DEPS)
	@mkdir -p $(dir $@)
	@echo "  CC [x86_64]  $<"; $(X64_CC) $(X64_CFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@
$(BUILD)/x86_64/linker.ld: linker.ld
	@mkdir -p $(dir $@)
	cpp -P -DTESSERA_ARCH_X86_64 $< -o $@
$(BUILD)/x86_64/tessera.so: $(X64_OBJS) $(BUILD)/x86_64/linker.ld
	$(X64_LD) -nostdlib -znocombreloc -shared -Bsymbolic --no-undefined --no-warn-rwx-segments \
	  -T $(BUILD)/x86_64/linker.ld /usr/lib/crt0-efi-x86_64.o $(X64_OBJS) \
	  -L/usr/lib -lefi -lgnuefi $$($(X64_CC) -print-libgcc-file-name) -o $@
$(BUILD)/x86_64/BOOTX64.EFI: $(BUILD)/x86_64/tessera.so
	$(X64_OBJCOPY) -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel \
	  -j .rela -j .rel.* -j .rela.* -j .reloc --target=efi-app-x86_64 $< $@

HV_IMAGE_aarch64 := $(BUILD)/aarch64/BOOTAA64.EFI
HV_IMAGE_x86_64  := $(BUILD)/x86_64/BOOTX64.EFI

build: $(HV_IMAGE_aarch64) $(HV_IMAGE_x86_64)

-include $(A64_OBJS:.o=.d) $(X64_OBJS:.o=.d)
