# Tessera: top-level build. `make help` lists the targets.
#
# Each component adds its own rules in mk/NAME.mk and registers phony targets in
#   HOST_TESTS  (host unit/differential tests, ASan/UBSan)
#   PROOF_UNITS (names of Frama-C WP units run by specs/wp-run; target prove-NAME)
#   BENCHES     (make bench)
#   FUZZERS     (make fuzz; bounded runs belong in HOST_TESTS)
#   SYSTESTS    (QEMU system tests)

ARCH      ?= aarch64
BUILD     := build
DEPS      := $(BUILD)/.deps-ok
VERSION   := 0.1.0
BUILD_ID  := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD 2>/dev/null || echo -dirty)

# Host tools and tests: one flag set, sanitizers on.
HOST_CC     ?= gcc
HOST_CFLAGS := -std=c11 -O1 -g -Wall -Wextra -Werror -I. \
               -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
BENCH_CFLAGS := -std=c11 -O2 -g -Wall -Wextra -Werror -I. -DNDEBUG
PYTEST      := /usr/bin/python3 -m pytest

HOST_TESTS  :=
PROOF_UNITS :=
BENCHES     :=
FUZZERS     :=
SYSTESTS    :=

.PHONY: all help deps build run test host-test prove bench fuzz systest clean
all: build

help:
	@echo "make run [ARCH=aarch64|x86_64]  build and boot Tessera in QEMU (serial console on this terminal)"
	@echo "make test                        install deps, build both arches, run host tests, proofs, system tests"
	@echo "make build                       build both UEFI images"
	@echo "make host-test                   host unit and differential tests (ASan/UBSan)"
	@echo "make prove                       Frama-C WP proofs; fails unless every goal is proved"
	@echo "make bench                       benchmarks"
	@echo "make fuzz                        longer fuzzing runs"
	@echo "make systest                     QEMU system tests (both arches)"
	@echo "make deps                        install the Debian packages the build needs"

deps: $(DEPS)
$(DEPS): tools/install-deps
	tools/install-deps

include $(sort $(wildcard mk/*.mk))

host-test: $(HOST_TESTS)
bench: $(BENCHES)
fuzz: $(FUZZERS)
systest: $(SYSTESTS)

# Proof units run PROVE_JOBS at a time: one frama-c keeps less than one core
# busy (goal generation and prover calls alternate), so two or three side by
# side use a 2-core machine fully.  Every unit runs even when one fails.
PROVE_JOBS ?= 3
prove: $(DEPS)
	@fail=0; $(MAKE) --no-print-directory -k -j$(PROVE_JOBS) $(addprefix prove-,$(PROOF_UNITS)) || fail=1; \
	 specs/wp-summary $(PROOF_UNITS) || fail=1; exit $$fail

test: $(DEPS)
	$(MAKE) build
	$(MAKE) host-test
	$(MAKE) prove
	$(MAKE) systest

clean:
	rm -rf $(BUILD)/aarch64 $(BUILD)/x86_64 $(BUILD)/host $(BUILD)/proof $(BUILD)/run
