# QEMU system tests (pytest + pexpect), both architectures.
SYSTESTS += systest-console

.PHONY: systest-console
systest-console: $(DEPS) build
	cd tests/system && $(PYTEST) -q -p no:cacheprovider test_console.py

# `make run`: boot the hypervisor for $(ARCH) with the serial console on this terminal.
.PHONY: run
run: $(DEPS) $(HV_IMAGE_$(ARCH))
	tools/qemu-run --arch $(ARCH) $(RUN_ARGS)
