"""The serial debug console on both architectures: boot, every command, hostile input."""
import os
import random
import re

import pytest

from conftest import ARCHES, PROMPT, TOP

EXPECTED_COMMANDS = {"help", "version", "memmap", "poweroff", "fault", "mem", "map", "vms",
                     "s2", "walk", "check", "start", "stop"}


@pytest.fixture(scope="module", params=ARCHES)
def booted(request):
    from conftest import Console
    c = Console(request.param)
    c.boot_log = c.boot()
    yield c
    c.close()


def test_banner_and_memory_summary(booted):
    log = booted.boot_log
    m = re.search(r"Tessera (\d+\.\d+\.\d+) \(build ([0-9a-f]{12}(-dirty)?)\) on (\w+)", log)
    assert m, log
    assert m.group(4) == booted.arch
    # The image was built from the commit recorded in the generated header.
    with open(os.path.join(TOP, "build", "gen", "build_id.h")) as f:
        built = re.search(r'"([^"]+)"', f.read()).group(1)
    assert m.group(2) == built
    assert "exited boot services" in log
    summary = re.search(r"memory map: (\d+) regions, (\d+) pages", log)
    assert summary, log
    # Per-type lines add up to the totals.
    rows = re.findall(r"^\s+([a-z-]+)\s+(\d+) regions\s+(\d+) pages", log, re.M)
    assert rows
    assert sum(int(r[1]) for r in rows) == int(summary.group(1))
    assert sum(int(r[2]) for r in rows) == int(summary.group(2))
    assert any(r[0] == "conventional" and int(r[2]) > 100000 for r in rows), rows


def test_help_lists_every_command(booted):
    out = booted.run("help")
    names = {}
    for line in out.splitlines():
        m = re.match(r"\s+(\S+)(.*)$", line)
        if m:
            names[m.group(1)] = m.group(2).strip()
    assert EXPECTED_COMMANDS <= set(names), out
    for name, desc in names.items():
        assert len(desc) > 5, "command %s has no description" % name


def test_version(booted):
    out = booted.run("version")
    assert re.search(r"Tessera \d+\.\d+\.\d+ \(build [0-9a-f]{12}", out), out
    if booted.arch == "aarch64":
        assert re.search(r"cpu: EL2, MIDR 0x[0-9a-f]{8}, PA \d+ bits", out), out
    else:
        assert re.search(r"cpu: AMD SVM revision \d+, nested paging", out), out


def test_memmap_matches_summary(booted):
    out = booted.run("memmap")
    rows = re.findall(r"^([a-z-]+)\s+0x([0-9a-f]{16}) 0x([0-9a-f]{16})\s+(\d+)$", out, re.M)
    count = re.search(r"^(\d+) regions$", out, re.M)
    assert count and int(count.group(1)) == len(rows) > 0, out
    ranges = []
    for typ, start, end, pages in rows:
        start, end, pages = int(start, 16), int(end, 16), int(pages)
        assert start % 4096 == 0
        assert end - start + 1 == pages * 4096, (typ, start, end, pages)
        ranges.append((start, end))
    ranges.sort()
    for (s1, e1), (s2, e2) in zip(ranges, ranges[1:]):
        assert e1 < s2, "overlapping regions %x-%x and %x-%x" % (s1, e1, s2, e2)
    summary = re.search(r"memory map: (\d+) regions, (\d+) pages", booted.boot_log)
    assert int(summary.group(1)) == len(rows)
    assert int(summary.group(2)) == sum(int(r[3]) for r in rows)


def test_mem_accounts_for_every_page(booted):
    out = booted.run("mem")
    m = re.search(r"total: (\d+) pages \((\d+) MiB\), free: (\d+) pages \((\d+) MiB\), "
                  r"used: (\d+) pages", out)
    assert m, out
    total, free, used = int(m.group(1)), int(m.group(3)), int(m.group(5))
    assert total == free + used and used > 0
    assert re.search(r"^free pages: %d$" % free, out, re.M), out
    owners = re.findall(r"^\s+(.+?)\s+(\d+) pages\s+\d+ MiB$", out, re.M)
    assert sum(int(p) for _, p in owners) == used, owners
    # The allocator manages exactly the conventional and boot-services memory of the map.
    pages = {t: int(p) for t, p in
             re.findall(r"^\s+([a-z-]+)\s+\d+ regions\s+(\d+) pages", booted.boot_log, re.M)}
    assert total == sum(pages.get(t, 0) for t in ("conventional", "boot-code", "boot-data"))
    run = re.search(r"largest free 2 MiB-aligned run: 0x([0-9a-f]+), (\d+) pages", out)
    assert run and int(run.group(1), 16) % (2 << 20) == 0 and 0 < int(run.group(2)) <= free


def test_map_lists_the_allocator_bitmap(booted):
    out = booted.run("map")
    rows = re.findall(r"^0x([0-9a-f]{16}) 0x([0-9a-f]{16})\s+(\d+)  (.+)$", out, re.M)
    assert any("allocator bitmap" in r[3] and r[3].startswith("hypervisor") for r in rows), out
    for start, end, pages, _ in rows:
        assert int(end, 16) - int(start, 16) + 1 == int(pages) * 4096
    mem = booted.run("mem")
    free = int(re.search(r"^free pages: (\d+)$", mem, re.M).group(1))
    assert re.search(r"%d ranges; %d pages free" % (len(rows), free), out), out


def test_check_without_vms(booted):
    out = booted.run("check")
    assert re.search(r"^check: OK \(allocator hierarchy over \d+ words", out, re.M), out
    assert "FAIL" not in out


def test_unknown_command(booted):
    out = booted.run("frobnicate now")
    assert "unknown command: frobnicate (try help)" in out


def test_too_many_words(booted):
    out = booted.run(" ".join(["help"] * 12))
    assert "error: too many arguments" in out


def test_backspace_edits_the_line(booted):
    out = booted.run("hepl\x08\x08lp")
    assert "unknown command" not in out
    assert "memmap" in out


def test_escape_sequences_and_control_bytes_are_dropped(booted):
    # Arrow keys, a NUL, Ctrl-A, bytes >= 0x80 inside a command: the command survives.
    booted.child.send(b"\x1b[A\x1b[1;5Cve\x00r\x01si\xff\xfeon\r")
    booted.expect(PROMPT)
    out = booted.child.before.decode("utf-8", "replace")
    assert re.search(r"Tessera \d+\.\d+\.\d+", out), out


def test_garbage_then_help(booted):
    rng = random.Random(20261122)
    junk = bytes(rng.randrange(256) for _ in range(4096))
    booted.child.send(junk)
    # Ctrl-C abandons whatever line the junk left; the marker proves every junk byte was read.
    booted.child.send(b"\x03sync-7f3a\r")
    booted.expect(rb"unknown command: sync-7f3a \(try help\)", timeout=120)
    booted.expect(PROMPT)
    out = booted.run("help")
    assert EXPECTED_COMMANDS <= set(re.findall(r"^\s+(\S+)", out, re.M)), out


def test_ten_kilobyte_line_is_rejected(booted):
    booted.child.send(b"x" * 10240 + b"\r")
    booted.expect(rb"error: line too long \(at most (\d+) characters\), ignored")
    booted.expect(PROMPT)
    out = booted.run("help")
    assert "memmap" in out


def test_line_at_the_limit_is_accepted(booted):
    # 127 characters fit; the command is unknown but it is read, not rejected.
    out = booted.run("y" * 127)
    assert "unknown command: " + "y" * 127 in out
    out = booted.run("y" * 128)
    assert "line too long" in out


@pytest.mark.parametrize("arch", ARCHES)
def test_poweroff_ends_qemu_with_status_0(console_factory, arch):
    c = console_factory(arch)
    c.boot()
    c.child.send(b"poweroff\r")
    c.expect(b"poweroff: powering off")
    assert c.wait_exit() == 0


@pytest.mark.parametrize("arch", ARCHES)
def test_hypervisor_fault_is_reported(console_factory, arch):
    c = console_factory(arch)
    c.boot()
    c.child.send(b"fault\r")
    if arch == "aarch64":
        c.expect(rb"kind: data abort \(same EL\) \(EC 0x25\)")
        c.expect(rb"FAR_EL2 0x00007ffffffff000")
        c.expect(rb"x30 [0-9a-f]{16}")
    else:
        c.expect(rb"#PF page fault \(vector 14\)")
        c.expect(rb"CR2 \(faulting address\) 0xfffffffffffff000")
        c.expect(rb"RIP 0x[0-9a-f]{16}")
    c.expect(rb"\*\*\* CPU halted")
