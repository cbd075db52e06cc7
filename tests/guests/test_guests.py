"""QEMU tests of the test guests, run under stubhv (an EL2 test double of the
guest ABI in docs/guest-abi.md) and, for the exception path, with no EL2 at
all.  These test the guests; the hypervisor itself is tested in tests/system.

Run with `make guests-qemu-test` (builds the images first).
"""
import importlib.machinery
import importlib.util
import os
import re
import subprocess
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
BUILD = os.path.join(TOP, "build", "guests")

_loader = importlib.machinery.SourceFileLoader("run_stubhv", os.path.join(HERE, "run-stubhv"))
_spec = importlib.util.spec_from_loader("run_stubhv", _loader)
stubhv = importlib.util.module_from_spec(_spec)
_loader.exec_module(stubhv)

MIB = 1 << 20
PATTERN_MULT = 0x9E3779B97F4A7C15
MASK64 = (1 << 64) - 1


def run(guest, timeout=6, **params):
    return stubhv.run(BUILD, guest, timeout=timeout, **params)


def lines_of(out, prefix):
    return [l for l in out.splitlines() if l.startswith(prefix)]


def symbol(elf, name):
    """Address of NAME in ELF, read with nm (independent of the guest's output)."""
    nm = subprocess.run(["aarch64-linux-gnu-nm", elf], capture_output=True, text=True,
                        check=True).stdout
    for line in nm.splitlines():
        addr, _, sym = line.split()
        if sym == name:
            return int(addr, 16)
    raise KeyError(name)


# --- hello -----------------------------------------------------------------

@pytest.mark.parametrize("entry_offset", [0, 0x200000 + 0x3000])
def test_hello_reports_entry_registers_and_version(entry_offset):
    out, exited = run("hello", timeout=4, arg=0xfeedface01, ram_base=0x50000000,
                      ram_size=32 * MIB, entry_offset=entry_offset)
    assert not exited, "hello must idle, not stop:\n" + out
    assert "hello: Tessera guest up, arg=0xfeedface01, ram=0x50000000+0x2000000" in out
    assert "hello: version 0x00010000" in out  # stubhv answers 1.0
    assert "guest: unexpected exception" not in out


# --- calls -----------------------------------------------------------------

CALL_LINES = [
    "calls: version 0x00010000",
    "calls: mem_info base=0x4a000000 size=0x1000000",
    "calls: vm_id 5",
    "calls: psci_version 0x00010001",
    "calls: smccc_version 0x00010001",
    "calls: unknown 0xc600ffff -> -1 OK",
    "calls: unknown 0xc6000004 -> -1 OK",
    "calls: unknown 0x86000000 -> -1 OK",
    "calls: smc -> -1 OK",
    "calls: done",
]


def run_calls(arg, timeout=6):
    out, exited = run("calls", timeout=timeout, arg=arg, ram_base=0x4a000000,
                      ram_size=16 * MIB, vm_id=5)
    assert "ERROR" not in out, out
    return out, exited


def test_calls_system_off():
    out, exited = run_calls(0)
    assert exited, out
    assert lines_of(out, "calls: ") == CALL_LINES + ["calls: system_off"]
    assert out.rstrip().splitlines()[-1].startswith("stubhv: PSCI SYSTEM_OFF")


def test_calls_system_reset_boots_again_from_a_fresh_image():
    out, exited = run_calls(1)
    assert exited, out
    one_boot = CALL_LINES + ["calls: reset requested"]
    assert lines_of(out, "calls: ") == one_boot + one_boot
    assert "stubhv: PSCI SYSTEM_RESET, reset number 0x1" in out
    assert "stubhv: reset limit reached" in out


def test_calls_shutdown_exit_code_7():
    out, exited = run_calls(2)
    assert exited, out
    assert lines_of(out, "calls: ") == CALL_LINES + ["calls: shutdown 7"]
    assert "stubhv: TESSERA_SHUTDOWN exit code 0x7" in out


def test_calls_other_arg_idles():
    out, exited = run_calls(3, timeout=4)
    assert not exited, out
    assert lines_of(out, "calls: ")[-1] == "calls: no final call for arg 0x3, idling"


def test_calls_without_el2_reports_errors_and_its_own_exception():
    """Plain QEMU at EL1: QEMU's own PSCI answers HVC (NOT_SUPPORTED for
    Tessera's calls) and SMC is undefined, which the guest's vector reports."""
    cmd = ["qemu-system-aarch64", "-machine", "virt", "-cpu", "cortex-a57",
           "-display", "none", "-monitor", "none", "-serial", "stdio",
           "-kernel", os.path.join(BUILD, "calls.bin")]
    try:
        out = subprocess.run(cmd, capture_output=True, timeout=4,
                             stdin=subprocess.DEVNULL).stdout.decode()
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode()
    assert "calls: ERROR version" in out
    assert "calls: ERROR mem_info status got 0xffffffffffffffff" in out
    assert "calls: psci_version 0x00010001" in out  # QEMU's PSCI 1.1
    # EC 0 (unknown reason) taken to EL1, current EL with SP_ELx: offset 0x200.
    m = re.search(r"guest: unexpected exception vector=0x200 esr=(0x[0-9a-f]+)", out)
    assert m and int(m.group(1), 16) >> 26 == 0, out
    assert "calls: done" not in out


# --- probe -----------------------------------------------------------------

RAM = dict(ram_base=0x48000000, ram_size=64 * MIB)


@pytest.mark.parametrize("arg, kind, ipa", [
    (0x4c000000, "read", 0x4c000000),        # first byte past the end of RAM
    (0x4c000001, "write", 0x4c000000),
    (0x47fffff8, "read", 0x47fffff8),        # just below RAM
    (0x40000001, "write", 0x40000000),       # the stub itself (the "hypervisor")
    (0x8000000000, "read", 0x8000000000),    # high IPA, past the 39-bit IPA space
    (0x08000000, "read", 0x08000000),        # GIC distributor: not given to the guest
    (0x09010001, "write", 0x09010000),       # the device after the UART
])
def test_probe_is_stopped_by_stage2(arg, kind, ipa):
    out, exited = run("probe", arg=arg, **RAM)
    assert exited, out
    assert f"probe: {kind} {ipa:#x}" in out
    assert f"stubhv: stage-2 fault: data abort, {kind}, ipa={ipa:#x}," in out
    assert "ISOLATION BROKEN" not in out


def test_probe_reports_an_access_that_succeeds():
    """Negative control: an address inside its own RAM is not stopped."""
    out, exited = run("probe", timeout=4, arg=0x48100009, **RAM)
    assert not exited, out
    assert "probe: write 0x48100008" in out
    assert "probe: ISOLATION BROKEN: access to 0x48100008 succeeded" in out


def test_probe_without_address_shuts_down():
    out, exited = run("probe", arg=0, **RAM)
    assert exited, out
    assert "probe: no address given" in out
    assert "stubhv: TESSERA_SHUTDOWN exit code 0x1" in out


# --- memtest ---------------------------------------------------------------

def model_checksum(base, size, seed, entry_offset=0):
    """The checksum memtest must print, computed here from the pattern
    definition in tests/guests/README.md and the image extent read with nm."""
    img_lo = base + entry_offset
    img_hi = img_lo + ((symbol(os.path.join(BUILD, "memtest.elf"), "__image_end") + 7) & ~7)
    s = 0
    for a in list(range(base, img_lo, 8)) + list(range(img_hi, base + size, 8)):
        v = ((a ^ seed) * PATTERN_MULT) & MASK64
        s = (((s << 5) | (s >> 59)) & MASK64) ^ v
    return s


@pytest.mark.parametrize("entry_offset", [0, 0x81000])
def test_memtest_checksum_matches_model(entry_offset):
    base, size, seed = 0x4a000000, 4 * MIB, 0x0123456789abcdef
    out, exited = run("memtest", timeout=5, ram_base=base, ram_size=size, arg=seed,
                      entry_offset=entry_offset)
    assert not exited, out
    assert f"(image {base + entry_offset:#x}-" in out
    m = re.search(r"memtest: OK (\d+) MiB checksum=0x([0-9a-f]{16})", out)
    assert m, out
    assert int(m.group(1)) == 4
    assert int(m.group(2), 16) == model_checksum(base, size, seed, entry_offset)
    assert "memtest: pass 2 OK" in out
    assert "FAIL" not in out and "MISMATCH" not in out


def test_memtest_sees_a_word_changed_behind_its_back():
    base, size, seed = 0x4a000000, 4 * MIB, 7
    victim = base + 2 * MIB + 0x100
    expected = ((victim ^ seed) * PATTERN_MULT) & MASK64
    out, exited = run("memtest", timeout=6, ram_base=base, ram_size=size, arg=seed,
                      corrupt_addr=victim, corrupt_delay_ms=2000)
    assert not exited, out
    assert "memtest: OK 4 MiB" in out, "corrupted before the first pass ended:\n" + out
    assert (f"memtest: FAIL at {victim:#x} expected {expected:#018x} "
            f"got {expected ^ MASK64:#018x}") in out
    assert re.search(r"memtest: pass \d+ FAILED 1 words", out)


def test_memtest_reports_mem_info_mismatch_and_uses_entry_registers():
    out, exited = run("memtest", timeout=4, ram_base=0x4a000000, ram_size=4 * MIB,
                      arg=3, meminfo_skew=2 * MIB)
    assert not exited, out
    assert ("memtest: MISMATCH mem_info base=0x4a000000 size=0x600000 but entry "
            "x2=0x4a000000 x3=0x400000, using x2/x3") in out
    assert "memtest: testing 0x4a000000-0x4a400000" in out
    assert "memtest: OK 4 MiB" in out   # and no fault from touching 6 MiB


def test_calls_reports_mem_info_mismatch():
    out, _ = run("calls", ram_base=0x4a000000, ram_size=16 * MIB, meminfo_skew=2 * MIB)
    assert "calls: ERROR mem_info size differs from x3 at entry: got 0x1200000" in out


def test_memtest_64mib_passes_take_seconds_not_minutes():
    start = time.monotonic()
    out, _ = run("memtest", timeout=15, arg=1, **RAM)
    assert re.search(r"memtest: OK 64 MiB checksum=0x[0-9a-f]{16}", out), out
    assert "memtest: pass 3 OK" in out, f"fewer than 3 passes in {time.monotonic() - start:.0f} s"
    assert "FAIL" not in out
