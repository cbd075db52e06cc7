# QEMU system tests (pytest + pexpect), both architectures.
SYSTESTS += systest-console

.PHONY: systest-console
systest-console: $(DEPS) build
	cd tests/system && $(PYTEST) -q -p no:cacheprovider test_console.py test_refusal.py test_launcher.py

# `make run`: boot the hypervisor for $(ARCH) with the serial console on this terminal.
# On AArch64 the ESP also carries the demo config (configs/demo.toml) and its two guests.
RUN_FILES_aarch64 := --file $(BUILD)/config/demo.bin:tessera/config.bin \
	--file $(BUILD)/guests/hello.bin:tessera/hello.bin \
	--file $(BUILD)/guests/memtest.bin:tessera/memtest.bin
RUN_DEPS_aarch64 := $(BUILD)/config/demo.bin $(GUEST_IMAGES)
.PHONY: run
run: $(DEPS) $(HV_IMAGE_$(ARCH)) $(RUN_DEPS_$(ARCH))
	tools/qemu-run --arch $(ARCH) $(RUN_FILES_$(ARCH)) $(RUN_ARGS)

# Multi-vCPU guests and the GIC kick (AArch64).
SYSTESTS += systest-smp
.PHONY: systest-smp
systest-smp: $(DEPS) build $(GUEST_IMAGES)
	cd tests/system && $(PYTEST) -q -p no:cacheprovider test_smp.py
