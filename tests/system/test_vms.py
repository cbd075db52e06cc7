"""AArch64 guest VMs under Tessera: side by side, isolation, calls, stop/start, memory.

One QEMU boot (6 CPUs, 256 MiB) serves the whole module; the tests run in file
order on it and each leaves the machine as the next one expects (hello and
memtest running, probe stopped).  The configuration:

    hello    CPU 1  16 MiB   autostart, arg 0x1234, RAM at the top of the 40-bit IPA space
    memtest  CPU 2  128 MiB  autostart, seed 7, entry_offset 0x81000 (re-verifies
                             its RAM forever, including the RAM below its image)
    calls    CPU 3  16 MiB   autostart, arg 0 (ends with PSCI SYSTEM_OFF)
    probe    CPU 4  16 MiB   at IPA 0x80000000, + 2 MiB extra_ram at 0x100000000;
                             started by the tests with an address
    big      CPU 5  160 MiB  not autostarted: fits in free memory at boot (the
                             validator checks that), but not next to the others;
                             no console device (devices = [])

Every expected value comes from the config above, the guest ABI
(docs/guest-abi.md), the test guests' documentation (tests/guests/README.md)
or another console command, never from a previous run's output.
"""
import re
import time

import pexpect
import pytest

from conftest import PROMPT, Console
import vmconfigs as vc

MIB = 1 << 20
PAGE = 4096
QEMU_MEM_MIB = 256
SMP = 6
HELLO_ARG = 0x1234
IPA_BITS = 40                 # what Tessera gives guests on this machine (boot log checks it)
HELLO_BASE = (1 << IPA_BITS) - 16 * MIB
MEMTEST_SEED = 7
MEMTEST_ENTRY = 0x81000
PROBE_BASE = 0x80000000
PROBE_EXTRA = 0x100000000
VMS = {
    "hello": dict(ram_mib=16, cpus=[1], arg=HELLO_ARG, ram_base=HELLO_BASE),
    "memtest": dict(ram_mib=128, cpus=[2], arg=MEMTEST_SEED, entry_offset=MEMTEST_ENTRY),
    "calls": dict(ram_mib=16, cpus=[3], arg=0),
    "probe": dict(ram_mib=16, cpus=[4], ram_base=PROBE_BASE, autostart=False,
                  extra_ram=[{"base": PROBE_EXTRA, "mib": 2}]),
    "big": dict(image="\\tessera\\probe.bin", ram_mib=160, cpus=[5], autostart=False, devices=[]),
}
RAM_BASE = {name: v.get("ram_base", 0x40000000) for name, v in VMS.items()}
RAM_BYTES = {name: v["ram_mib"] * MIB for name, v in VMS.items()}      # RAM region 0
RAM_TOTAL = {name: (v["ram_mib"] + sum(r["mib"] for r in v.get("extra_ram", []))) * MIB
             for name, v in VMS.items()}
VM_ID = {name: i + 1 for i, name in enumerate(VMS)}    # ids follow config order (`vms`)
UART_IPA = 0x09000000
GIC_IPA = 0x08000000
RTC_IPA = 0x09010000
EC_DABT_LOWER = 0x24                                     # ESR_ELx.EC, data abort from a lower EL

NAME = r"[A-Za-z0-9._-]+"
GUEST_LINE = re.compile(r"\[(?:%s)\] [^\n]*\n" % "|".join(VMS))
EVENT_LINE = re.compile(r"vm (?:%s) (?:halted|off|reset): [^\n]*\n" % "|".join(VMS))
PASS_LINE = re.compile(rb"\[memtest\] memtest: pass (\d+) OK")


# ---- talking to the console ------------------------------------------------

def absorb(c, wait=0.0):
    """Move whatever QEMU printed (and pexpect buffered) into c.log."""
    c.log += c.child.buffer
    # pexpect keeps the unmatched tail twice (buffer and the next `before`): drop both.
    c.child._buffer = c.child.buffer_type()
    c.child._before = c.child.buffer_type()
    try:
        c.log += c.child.read_nonblocking(65536, timeout=wait)
    except pexpect.TIMEOUT:
        pass
    except pexpect.EOF as e:
        raise AssertionError("QEMU exited; last output:\n" + tail(c)) from e


def tail(c, n=3000):
    return bytes(c.log[-n:]).decode("utf-8", "replace")


def wait_for(c, what, since=0, timeout=30):
    """Wait until c.log[since:] matches regex @what (bytes or str); return the match."""
    pat = re.compile(what.encode() if isinstance(what, str) else what)
    deadline = time.monotonic() + timeout
    while True:
        m = pat.search(c.log, since)
        if m:
            return m
        if time.monotonic() > deadline:
            raise AssertionError("console never showed %r; last output:\n%s" % (pat.pattern, tail(c)))
        absorb(c, 0.3)


def cmd(c, line, timeout=60):
    """Run a console command; return its output without the echo and without the
    lines of guests and VM events that other CPUs printed meanwhile."""
    c.child.send(line.encode() + b"\r")
    c.expect(PROMPT, timeout=timeout)
    out = c.child.before.decode("utf-8", "replace").replace("\r", "")
    out = EVENT_LINE.sub("", GUEST_LINE.sub("", out))
    lines = out.split("\n")
    if lines and lines[0].strip() == line:
        lines = lines[1:]
    return "\n".join(lines)


def memtest_passes(c, start=0, end=None):
    return [int(n) for n in PASS_LINE.findall(bytes(c.log[start:end]))]


def wait_memtest_pass_after(c, pos, timeout=30):
    """memtest prints a pass line numbered above every pass it printed before @pos
    (since its last start: a restart counts from 1 again)."""
    since = max(c.log.rfind(b"[memtest] memtest: OK", 0, pos), 0)
    before = memtest_passes(c, since, pos)
    last = max(before) if before else 0
    deadline = time.monotonic() + timeout
    while not any(n > last for n in memtest_passes(c, pos)):
        if time.monotonic() > deadline:
            raise AssertionError("memtest printed no pass after pass %d; last output:\n%s" %
                                 (last, tail(c)))
        absorb(c, 0.3)
    return last


# ---- parsing ---------------------------------------------------------------

def parse_vms(out):
    """`vms` -> {name: dict(id, state, cpu, mib, ranges [(start, end)], reason)}."""
    vms, last = {}, None
    for line in out.splitlines():
        m = re.match(r"^(\d+)\s+(%s)\s+(stopped|running|halted|off)\s+(\d+(?:,\d+)*)\s+(\d+)\s+(.*)$"
                     % NAME, line)
        if m:
            ranges = [(int(a, 16), int(b, 16))
                      for a, b in re.findall(r"0x([0-9a-f]+)-0x([0-9a-f]+)", m.group(6))]
            assert ranges or m.group(6).strip() == "-", line
            last = vms[m.group(2)] = dict(id=int(m.group(1)), state=m.group(3),
                                          cpus=[int(x) for x in m.group(4).split(",")],
                                          mib=int(m.group(5)),
                                          ranges=ranges, reason=None)
        elif line.startswith("    ") and last is not None:
            last["reason"] = line.strip()
    return vms


def parse_map(out):
    """`map` -> [(start, end, pages, owner, label)] and the free page count."""
    rows = [(int(a, 16), int(b, 16), int(p), o, l) for a, b, p, o, l in re.findall(
        r"^0x([0-9a-f]{16}) 0x([0-9a-f]{16})\s+(\d+)\s+(.+?) \((.+)\)$", out, re.M)]
    m = re.search(r"^(\d+) (?:allocated )?ranges; (\d+) pages free$", out, re.M)
    assert m and int(m.group(1)) == len(rows), out
    return rows, int(m.group(2))


def parse_mem(out):
    """`mem` -> (free pages, {owner: pages})."""
    free = re.search(r"^free pages: (\d+)$", out, re.M)
    assert free, out
    owners = {o.strip(): int(p) for o, p in
              re.findall(r"^  (.+?)\s+(\d+) pages\s+\d+ MiB$", out, re.M)}
    return int(free.group(1)), owners


def parse_s2(out):
    runs = [(int(a, 16), int(b, 16), int(c, 16), int(d, 16), blk, attrs, kind)
            for a, b, c, d, blk, attrs, kind in re.findall(
                r"ipa 0x([0-9a-f]+)-0x([0-9a-f]+) -> pa 0x([0-9a-f]+)-0x([0-9a-f]+)\s+"
                r"(1G|2M|4K)\s+([r-][w-][x-])\s+(normal|device)", out)]
    m = re.search(r"^(\d+) runs$", out, re.M)
    assert m and int(m.group(1)) == len(runs), out
    return runs


def assert_check_ok(c):
    out = cmd(c, "check")
    assert "FAIL" not in out, out
    m = re.search(r"^check: OK \(allocator hierarchy over (\d+) words, (\d+) free pages; "
                  r"(\d+) VMs' RAM owned and pairwise disjoint; (\d+) stage-2 tables map only "
                  r"their own RAM\)$", out, re.M)
    assert m, out
    assert int(m.group(3)) == len(VMS), out
    return int(m.group(2)), int(m.group(4))


def free_pages(c):
    return parse_mem(cmd(c, "mem"))[0]


def disjoint(ranges):
    s = sorted(ranges)
    return all(a[1] < b[0] for a, b in zip(s, s[1:]))


# ---- the machine -----------------------------------------------------------

@pytest.fixture(scope="module")
def hv(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("vms")
    blob = vc.compile_config(tmp, [vc.vm(name, **kw) for name, kw in VMS.items()])
    c = Console("aarch64", smp=SMP, mem=QEMU_MEM_MIB, files=vc.esp_files(blob))
    try:
        c.boot_log = c.boot()
        yield c
    finally:
        c.close()


# ---- 1. three VMs side by side ---------------------------------------------

def test_three_vms_side_by_side(hv):
    c = hv
    # check before anything else was typed.
    assert_check_ok(c)
    log = c.boot_log
    assert "vm: %d VMs configured, %d CPUs, IPA %d bits" % (len(VMS), SMP, IPA_BITS) in log, log
    for name in ("hello", "memtest", "calls"):
        assert re.search(r"vm %s: started on CPU %d" % (name, VMS[name]["cpus"][0]), log), log
    for name in ("probe", "big"):
        assert "vm %s: started" % name not in log
    wait_for(c, r"\[hello\] hello: Tessera guest up, arg=0x%x, ram=0x%x\+0x%x\r*\n" %
             (HELLO_ARG, RAM_BASE["hello"], RAM_BYTES["hello"]))
    wait_for(c, r"\[hello\] hello: version 0x00010000\r*\n")
    wait_for(c, r"\[memtest\] memtest: testing 0x%x-0x%x \(image 0x%x-0x[0-9a-f]+ skipped\), seed 0x%x" %
             (RAM_BASE["memtest"], RAM_BASE["memtest"] + RAM_BYTES["memtest"],
              RAM_BASE["memtest"] + MEMTEST_ENTRY, MEMTEST_SEED))
    wait_for(c, r"\[memtest\] memtest: OK %d MiB checksum=0x[0-9a-f]{16}" % VMS["memtest"]["ram_mib"])
    wait_for(c, r"\[calls\] calls: done")
    wait_memtest_pass_after(c, len(c.log))

    vms = parse_vms(cmd(c, "vms"))
    assert set(vms) == set(VMS), vms
    for name in VMS:
        assert vms[name]["id"] == VM_ID[name]
        assert vms[name]["cpus"] == VMS[name]["cpus"]
        assert vms[name]["mib"] * MIB == RAM_TOTAL[name]
    for name in ("hello", "memtest"):
        assert vms[name]["state"] == "running", vms
    assert vms["calls"]["state"] in ("running", "off"), vms
    for name in ("probe", "big"):
        assert vms[name]["state"] == "stopped" and vms[name]["ranges"] == [], vms
    running = ("hello", "memtest", "calls")
    cpus = [cpu for n in running for cpu in vms[n]["cpus"]]
    assert len(set(cpus)) == len(cpus) == 3 and 0 not in cpus, cpus
    all_ranges = []
    for name in running:
        rs = vms[name]["ranges"]
        assert sum(e - s + 1 for s, e in rs) == RAM_BYTES[name], (name, rs)
        for s, e in rs:
            assert s % (2 * MIB) == 0 and (e + 1) % (2 * MIB) == 0, (name, hex(s), hex(e))
        all_ranges += rs
    assert disjoint(all_ranges), all_ranges

    rows, map_free = parse_map(cmd(c, "map"))
    for s, e, pages, owner, label in rows:
        assert s % PAGE == 0 and e - s + 1 == pages * PAGE, (hex(s), hex(e), pages)
    assert disjoint([(s, e) for s, e, *_ in rows]), rows
    for name in running:
        owned = sorted((s, e) for s, e, _, o, l in rows if o == "vm " + name and l == "guest RAM")
        # (map prints adjacent ranges of one owner and purpose as one)
        assert merge(owned) == merge(vms[name]["ranges"]), (name, owned, vms[name]["ranges"])
        # The VM's stage-2 tables are its own pages too, outside its RAM.
        tables = [(s, e) for s, e, _, o, l in rows if o == "vm " + name and l != "guest RAM"]
        assert tables, rows
    for name in ("probe", "big"):
        assert not [r for r in rows if r[3] == "vm " + name], rows
    assert any(o == "hypervisor" for _, _, _, o, _ in rows), rows

    free, owners = parse_mem(cmd(c, "mem"))
    assert free == map_free
    for name in running:
        assert owners["vm %s RAM" % name] == RAM_BYTES[name] // PAGE, owners
        tables = sum(p for s, e, p, o, l in rows if o == "vm " + name and l != "guest RAM")
        assert owners["vm %s stage-2 tables" % name] == tables, owners
    for name in ("probe", "big"):
        assert owners["vm %s RAM" % name] == 0 and owners["vm %s stage-2 tables" % name] == 0

    for name in running:
        out = cmd(c, "s2 " + name)
        m = re.search(r"^vm %s: stage-2 root 0x([0-9a-f]+), VMID %d, (\d+) table pages$" %
                      (name, VM_ID[name]), out, re.M)
        assert m, out
        root = int(m.group(1), 16)
        assert any(o == "vm " + name and s <= root <= e for s, e, _, o, _ in rows), hex(root)
        assert int(m.group(2)) == owners["vm %s stage-2 tables" % name]
        runs = sorted(parse_s2(out))
        assert runs, out
        for ipa, ipa_end, pa, pa_end, blk, attrs, kind in runs:
            assert ipa_end - ipa == pa_end - pa
            assert blk == "2M" and attrs == "rwx" and kind == "normal", out
        # The runs cover exactly RAM: contiguous IPAs from ram_base, PAs = the VM's ranges.
        assert runs[0][0] == RAM_BASE[name] and runs[-1][1] == RAM_BASE[name] + RAM_BYTES[name] - 1
        assert all(a[1] + 1 == b[0] for a, b in zip(runs, runs[1:])), out
        pas = merge([(r[2], r[3]) for r in runs])
        assert pas == merge(vms[name]["ranges"]), (out, vms[name]["ranges"])

        # walk: IPAs in RAM land inside the VM's own ranges at the run's offset.
        for ipa in (RAM_BASE[name], RAM_BASE[name] + 0x123458,
                    RAM_BASE[name] + RAM_BYTES[name] - 8):
            out = cmd(c, "walk %s 0x%x" % (name, ipa))
            m = re.search(r"^walk: vm %s: IPA 0x%x -> PA 0x([0-9a-f]+) rwx normal$" % (name, ipa),
                          out, re.M)
            assert m, out
            pa = int(m.group(1), 16)
            run = [r for r in runs if r[0] <= ipa <= r[1]][0]
            assert pa == run[2] + (ipa - run[0])
            assert any(s <= pa <= e for s, e in vms[name]["ranges"]), hex(pa)
        for ipa in (RAM_BASE[name] + RAM_BYTES[name], RAM_BASE[name] - 8, UART_IPA, GIC_IPA,
                    0xff00000000):
            out = cmd(c, "walk %s 0x%x" % (name, ipa))
            if ipa >> IPA_BITS:
                assert "walk: vm %s: IPA 0x%x is outside the %d-bit IPA space" % (
                    name, ipa, IPA_BITS) in out, out
            else:
                assert "walk: vm %s: IPA 0x%x is not mapped" % (name, ipa) in out, out
        out = cmd(c, "walk %s 0x%x" % (name, 1 << IPA_BITS))
        assert "walk: vm %s: IPA 0x%x is outside the %d-bit IPA space" % (
            name, 1 << IPA_BITS, IPA_BITS) in out, out

    check_free, tables_live = assert_check_ok(c)
    assert check_free == free
    assert tables_live == 3
    assert b"FAILED" not in c.log and b"ERROR" not in c.log and b"ISOLATION BROKEN" not in c.log


def merge(ranges):
    out = []
    for s, e in sorted(ranges):
        if out and out[-1][1] + 1 == s:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


# ---- 2. probe: every access outside its RAM halts only the probe ------------

def probe_targets(c):
    """(name, guest argument, expected IPA, write) for every probe variant."""
    vms = parse_vms(cmd(c, "vms"))
    rows, _ = parse_map(cmd(c, "map"))
    image = re.search(r"^image: 0x([0-9a-f]+), (\d+) bytes", c.boot_log, re.M)
    assert image, c.boot_log
    hv_image = int(image.group(1), 16)
    bitmap = [s for s, e, _, o, l in rows if o == "hypervisor" and l == "allocator bitmap"]
    assert bitmap, rows
    memtest_pa = vms["memtest"]["ranges"][0][0]
    hello_pa_end = vms["hello"]["ranges"][-1][1] + 1 - 8
    end = PROBE_BASE + RAM_BYTES["probe"]
    targets = [
        ("past the end of RAM", end, False),
        ("past the end of RAM", end, True),
        ("just below RAM", PROBE_BASE - 8, False),
        ("past the end of extra_ram", PROBE_EXTRA + 2 * MIB, True),
        ("just below extra_ram", PROBE_EXTRA - 8, False),
        ("high IPA", 0xff00000000, False),
        ("high IPA", 0xff00000000, True),
        ("hypervisor image PA", hv_image & ~7, False),
        ("hypervisor image PA", hv_image & ~7, True),
        ("allocator bitmap PA", bitmap[0], False),
        ("memtest RAM PA", memtest_pa, False),
        ("memtest RAM PA", memtest_pa, True),
        ("hello RAM PA", hello_pa_end, True),
        ("GIC", GIC_IPA, False),
        ("GIC", GIC_IPA, True),
        ("RTC", RTC_IPA, False),
    ]
    for what, ipa, _ in targets:
        # A PA used as an IPA only tests isolation if it is not the probe's own RAM.
        assert not PROBE_BASE <= ipa < end or what.startswith("past"), (what, hex(ipa))
        assert not PROBE_EXTRA <= ipa < PROBE_EXTRA + 2 * MIB, (what, hex(ipa))
    return [(what, ipa | int(write), ipa, write) for what, ipa, write in targets]


def run_probe(c, arg):
    """Start probe with @arg; return the log offset from which its output counts."""
    start = len(c.log)
    out = cmd(c, "start probe 0x%x" % arg)
    assert "vm probe: started on CPU %d" % VMS["probe"]["cpus"][0] in out, out
    return start


def test_probe_reaches_its_own_ram(hv):
    """The control: the same accesses inside the probe's own RAM (region 0 and
    extra_ram) succeed, so a missing halt line would really be seen."""
    c = hv
    for ipa, write in ((PROBE_BASE + 0x800000, False), (PROBE_BASE + RAM_BYTES["probe"] - 8, True),
                       (PROBE_EXTRA, False), (PROBE_EXTRA + 2 * MIB - 8, True)):
        start = run_probe(c, ipa | int(write))
        wait_for(c, r"\[probe\] probe: %s 0x%x\r*\n" % ("write" if write else "read", ipa), start)
        wait_for(c, r"\[probe\] probe: ISOLATION BROKEN: access to 0x%x succeeded" % ipa, start)
        absorb(c, 0.5)
        assert b"vm probe halted" not in c.log[start:], tail(c)
        vms = parse_vms(cmd(c, "vms"))
        assert vms["probe"]["state"] == "running", vms
        assert sum(e - s + 1 for s, e in vms["probe"]["ranges"]) == RAM_TOTAL["probe"]
        # Both RAM regions are mapped, with 2 MiB blocks, onto the probe's own ranges.
        runs = sorted(parse_s2(cmd(c, "s2 probe")))
        ipas = merge([(r[0], r[1]) for r in runs])
        assert ipas == [(PROBE_BASE, PROBE_BASE + RAM_BYTES["probe"] - 1),
                        (PROBE_EXTRA, PROBE_EXTRA + 2 * MIB - 1)], runs
        assert all(r[4] == "2M" and r[5] == "rwx" for r in runs), runs
        assert merge([(r[2], r[3]) for r in runs]) == merge(vms["probe"]["ranges"])
        out = cmd(c, "walk probe 0x%x" % ipa)
        m = re.search(r"IPA 0x%x -> PA 0x([0-9a-f]+) rwx normal" % ipa, out)
        assert m and any(s <= int(m.group(1), 16) <= e for s, e in vms["probe"]["ranges"]), out
        assert "vm probe: stopped" in cmd(c, "stop probe")
    assert_check_ok(c)


def test_probe_variants_halt_only_the_probe(hv):
    c = hv
    failures = []
    for what, arg, ipa, write in probe_targets(c):
        rw = "write" if write else "read"
        start = run_probe(c, arg)
        wait_for(c, r"\[probe\] probe: %s 0x%x\r*\n" % (rw, ipa), start)
        halt = wait_for(c, r"vm probe halted: ([^\r\n]*)\r*\n", start)
        reason = halt.group(1).decode()
        m = re.match(r"stage-2 data abort: translation fault level [0-3], (read|write), "
                     r"IPA 0x([0-9a-f]+), ESR 0x([0-9a-f]+)$", reason)
        if not m or m.group(1) != rw or int(m.group(2), 16) != ipa:
            failures.append("%s %s 0x%x: %s" % (what, rw, ipa, reason))
        else:
            esr = int(m.group(3), 16)
            assert esr >> 26 == EC_DABT_LOWER and bool(esr >> 6 & 1) == write, (what, hex(esr))
        assert b"ISOLATION BROKEN" not in c.log[start:], (what, tail(c))
        # Only the probe stopped: memtest goes on printing passes, hello still runs.
        wait_memtest_pass_after(c, halt.end())
        vms = parse_vms(cmd(c, "vms"))
        assert vms["probe"]["state"] == "halted" and vms["probe"]["reason"] == reason, vms
        # Its RAM (held until stop) is its own, apart from the others'.
        assert sum(e - s + 1 for s, e in vms["probe"]["ranges"]) == RAM_TOTAL["probe"]
        assert disjoint([r for n in ("hello", "memtest", "probe") for r in vms[n]["ranges"]])
        assert vms["memtest"]["state"] == "running" and vms["hello"]["state"] == "running", vms
        out = cmd(c, "stop probe")
        assert re.search(r"^vm probe: stopped; free pages: \d+$", out, re.M), out
    assert not failures, "\n".join(failures)
    assert b"memtest: pass" in c.log and b"FAILED" not in c.log
    assert_check_ok(c)


def test_probe_64bit_uart_access_halts(hv):
    """docs/guest-abi.md 4 and 6: only 32-bit UART accesses are emulated; probe's
    64-bit ldr/str to 0x09000000 must halt the VM, not be emulated."""
    c = hv
    bad = []
    for write in (False, True):
        start = run_probe(c, UART_IPA | int(write))
        m = wait_for(c, r"(vm probe halted: [^\r\n]*|probe: ISOLATION BROKEN[^\r\n]*)\r*\n", start)
        line = m.group(1).decode()
        if not line.startswith("vm probe halted: ") or \
                not re.search(r", %s, IPA 0x%x, ESR" % ("write" if write else "read", UART_IPA), line):
            bad.append("start probe 0x%x -> %s" % (UART_IPA | int(write), line))
        out = cmd(c, "stop probe")
        assert "vm probe: stopped" in out, out
        wait_memtest_pass_after(c, len(c.log))
    assert_check_ok(c)
    assert not bad, "64-bit access to the emulated PL011 was not refused:\n" + "\n".join(bad)


# ---- 3. calls --------------------------------------------------------------

CALLS_LINES = [
    r"calls: version 0x00010000",
    r"calls: mem_info base=0x%x size=0x%x" % (RAM_BASE["calls"], RAM_BYTES["calls"]),
    r"calls: vm_id %d" % VM_ID["calls"],
    r"calls: psci_version 0x00010001",
    r"calls: smccc_version 0x([0-9a-f]{8})",             # >= 0x00010001, checked below
    r"calls: unknown 0xc600ffff -> -1 OK",
    r"calls: unknown 0xc6000004 -> -1 OK",
    r"calls: unknown 0x86000000 -> -1 OK",
    r"calls: smc -> -1 OK",
    r"calls: done",
]


def calls_lines(c, start, end=None):
    # A guest line may follow the prompt on the same line.
    text = bytes(c.log[start:end]).decode("utf-8", "replace")
    return re.findall(r"\[calls\] ([^\r\n]*)", text)


def assert_calls_sequence(lines, final):
    want = CALLS_LINES + [final]
    assert len(lines) >= len(want), lines
    for got, exp in zip(lines, want):
        m = re.fullmatch(exp, got)
        assert m, (exp, got, lines)
        if "smccc_version" in exp:
            assert int(m.group(1), 16) >= 0x10001, got


def test_calls_system_off(hv):
    c = hv
    # The boot ran calls with arg 0: every call's line, then SYSTEM_OFF.
    off = wait_for(c, r"vm calls off: ([^\r\n]*)\r*\n")
    assert off.group(1) == b"guest PSCI SYSTEM_OFF"
    lines = calls_lines(c, 0, off.start())
    assert_calls_sequence(lines, r"calls: system_off")
    assert len(lines) == len(CALLS_LINES) + 1, lines
    assert not [l for l in calls_lines(c, 0) if "ERROR" in l]
    vms = parse_vms(cmd(c, "vms"))
    assert vms["calls"]["state"] == "off" and vms["calls"]["reason"] == "guest PSCI SYSTEM_OFF"
    assert vms["memtest"]["state"] == "running"
    # An off VM still holds its RAM until stopped.
    assert sum(e - s + 1 for s, e in vms["calls"]["ranges"]) == RAM_BYTES["calls"]
    out = cmd(c, "start calls 0")
    assert 'start: vm "calls" is off (stop it first)' in out, out
    assert "vm calls: stopped" in cmd(c, "stop calls")


def test_calls_reset(hv):
    c = hv
    start = len(c.log)
    out = cmd(c, "start calls 1")
    assert "vm calls: started on CPU 3" in out, out
    # Reset, boot again with the same argument, reset again: the output repeats.
    first = wait_for(c, r"vm calls reset: guest PSCI SYSTEM_RESET\r*\n", start)
    second = wait_for(c, r"vm calls reset: guest PSCI SYSTEM_RESET\r*\n", first.end())
    assert_calls_sequence(calls_lines(c, start, first.start()), r"calls: reset requested")
    assert_calls_sequence(calls_lines(c, first.end(), second.start()), r"calls: reset requested")
    out = cmd(c, "stop calls")
    assert "vm calls: stopped" in out, out
    assert not [l for l in calls_lines(c, start) if "ERROR" in l]
    assert parse_vms(cmd(c, "vms"))["calls"]["state"] == "stopped"


def test_calls_shutdown_exit_code(hv):
    c = hv
    start = len(c.log)
    out = cmd(c, "start calls 2")
    assert "vm calls: started on CPU 3" in out, out
    off = wait_for(c, r"vm calls off: ([^\r\n]*)\r*\n", start)
    assert off.group(1) == b"guest shutdown call, exit code 7"
    lines = calls_lines(c, start, off.start())
    assert_calls_sequence(lines, r"calls: shutdown 7")
    assert len(lines) == len(CALLS_LINES) + 1, lines
    vms = parse_vms(cmd(c, "vms"))
    assert vms["calls"]["state"] == "off", vms
    assert vms["calls"]["reason"] == "guest shutdown call, exit code 7", vms
    assert "vm calls: stopped" in cmd(c, "stop calls")
    # Any other argument: no final call, the VM idles (and stays running).
    start = len(c.log)
    assert "vm calls: started on CPU 3" in cmd(c, "start calls 0x5")
    wait_for(c, r"\[calls\] calls: no final call for arg 0x5, idling", start)
    assert_calls_sequence(calls_lines(c, start), r"calls: no final call for arg 0x5, idling")
    absorb(c, 0.5)
    assert not re.search(rb"vm calls (off|halted|reset)", c.log[start:]), tail(c)
    assert parse_vms(cmd(c, "vms"))["calls"]["state"] == "running"
    assert "vm calls: stopped" in cmd(c, "stop calls")
    assert_check_ok(c)


# ---- 4. stop/start cycles --------------------------------------------------

def test_twenty_stop_start_cycles(hv):
    c = hv
    free_running = free_pages(c)
    _, owners = parse_mem(cmd(c, "mem"))
    hello_pages = owners["vm hello RAM"] + owners["vm hello stage-2 tables"]
    assert owners["vm hello RAM"] == RAM_BYTES["hello"] // PAGE
    ups = 0
    for cycle in range(20):
        out = cmd(c, "stop hello")
        m = re.search(r"^vm hello: stopped; free pages: (\d+)$", out, re.M)
        assert m, (cycle, out)
        assert int(m.group(1)) == free_running + hello_pages, (cycle, out)
        assert free_pages(c) == free_running + hello_pages, cycle
        start = len(c.log)
        # Odd cycles override the argument (x1); even ones take the config's.
        arg = 0xc0de0000 + cycle if cycle % 2 else HELLO_ARG
        out = cmd(c, "start hello 0x%x" % arg if cycle % 2 else "start hello")
        assert "vm hello: started on CPU 1" in out, (cycle, out)
        wait_for(c, r"\[hello\] hello: Tessera guest up, arg=0x%x, ram=0x%x\+0x%x" %
                 (arg, RAM_BASE["hello"], RAM_BYTES["hello"]), start)
        ups += 1
        assert free_pages(c) == free_running, cycle
    assert ups == 20
    vms = parse_vms(cmd(c, "vms"))
    assert vms["hello"]["state"] == "running" and vms["memtest"]["state"] == "running"
    wait_memtest_pass_after(c, len(c.log))
    assert b"FAILED" not in c.log
    assert_check_ok(c)


# ---- 5. not enough memory --------------------------------------------------

def start_big(c):
    free, owners = parse_mem(cmd(c, "mem"))
    rows, _ = parse_map(cmd(c, "map"))
    # The config makes this VM too large for what the running VMs leave free.
    assert VMS["big"]["ram_mib"] * 256 > free, (free, "test setup: big would fit")
    out = cmd(c, "start big")
    return free, owners, rows, out


def test_vm_larger_than_free_memory_is_refused_and_leaks_nothing(hv):
    c = hv
    free, owners, rows, out = start_big(c)
    # `start` re-checks the VM with the boot-time validator (config_check_vm) against
    # memory as it is free now, and refuses before taking anything.
    m = re.search(r'^start: config: vm "big": RAM needs %d pages \(%d MiB\), only (\d+) are free$' %
                  (RAM_TOTAL["big"] // PAGE, RAM_TOTAL["big"] // MIB), out, re.M)
    assert m and int(m.group(1)) == free, (out, free)
    free2, owners2 = parse_mem(cmd(c, "mem"))
    assert free2 == free and owners2 == owners
    assert parse_map(cmd(c, "map"))[0] == rows
    vms = parse_vms(cmd(c, "vms"))
    assert vms["big"]["state"] == "stopped" and vms["big"]["ranges"] == []
    assert "s2: vm \"big\" is stopped" in cmd(c, "s2 big")
    assert_check_ok(c)
    # It fits once memtest's RAM is back, and gives it all back when stopped.
    out = cmd(c, "stop memtest")
    assert "vm memtest: stopped" in out, out
    free_without_memtest = free_pages(c)
    start = len(c.log)
    out = cmd(c, "start big 0")
    assert "vm big: started on CPU 5" in out, out
    # big has no console device: its first UART access (reading UARTFR) halts it.
    halt = wait_for(c, r"vm big halted: ([^\r\n]*)\r*\n", start)
    assert re.match(rb"stage-2 data abort: translation fault level [0-3], read, IPA 0x%x, ESR " %
                    (UART_IPA + 0x18), halt.group(1)), halt.group(0)
    assert b"[big]" not in c.log[start:]
    assert "vm big: stopped" in cmd(c, "stop big")
    # All of big's pages are back, but for the stack of CPU 5, which stays online.
    free3, owners3 = parse_mem(cmd(c, "mem"))
    stack = owners3["hypervisor"] - owners["hypervisor"]
    assert 0 <= stack <= 16, (owners, owners3)
    assert free3 + stack == free_without_memtest
    start = len(c.log)
    assert "vm memtest: started on CPU 2" in cmd(c, "start memtest")
    wait_for(c, r"\[memtest\] memtest: OK %d MiB" % VMS["memtest"]["ram_mib"], start)
    # Back where it was, but for the stack of CPU 5, which stays online (hypervisor pages).
    assert free_pages(c) + stack == free
    assert_check_ok(c)


def test_refusal_reports_the_free_memory(hv):
    """The message's "(N MiB free)" is the memory that was free, not what was left
    while the failed VM still held partial ranges."""
    c = hv
    free, _, _, out = start_big(c)
    m = re.search(r"only (\d+) are free", out)
    if m:
        assert int(m.group(1)) == free, (free, out)
        return
    m = re.search(r"\((\d+) MiB free\)", out)
    assert m, out
    assert int(m.group(1)) == free // 256, "free pages %d (%d MiB) but: %s" % (free, free // 256,
                                                                                out.strip())


# ---- 6. bad console input ----------------------------------------------------

@pytest.mark.parametrize("line,expected", [
    ("s2 nosuch", 's2: no VM named "nosuch" (see vms)'),
    ("s2", "usage: s2 NAME"),
    ("s2 hello memtest", "usage: s2 NAME"),
    ("s2 probe", 's2: vm "probe" is stopped: it has no stage-2 tables'),
    ("walk hello notanumber", 'walk: bad IPA "notanumber" (a number, 0x for hex)'),
    ("walk hello 0x", 'walk: bad IPA "0x" (a number, 0x for hex)'),
    ("walk hello 0x10000000000000000", 'walk: bad IPA "0x10000000000000000" (a number, 0x for hex)'),
    ("walk hello", "usage: walk NAME IPA"),
    ("walk nosuch 0x40000000", 'walk: no VM named "nosuch" (see vms)'),
    ("walk probe 0x80000000", 'walk: vm "probe" is stopped: it has no stage-2 tables'),
    ("start", "usage: start NAME [ARG]"),
    ("start nosuch", 'start: no VM named "nosuch" (see vms)'),
    ("start hello", 'start: vm "hello" is running (stop it first)'),
    ("start probe notanumber", 'start: bad argument "notanumber" (a number, 0x for hex)'),
    ("start probe 1 2", "usage: start NAME [ARG]"),
    ("stop", "usage: stop NAME"),
    ("stop nosuch", 'stop: no VM named "nosuch" (see vms)'),
    ("stop probe", 'stop: vm "probe" is already stopped'),
    ("stop probe", 'stop: vm "probe" is already stopped'),
])
def test_bad_vm_commands(hv, line, expected):
    c = hv
    out = cmd(c, line)
    assert expected in out.splitlines(), (line, out)
    # Nothing changed, and the console still answers.
    vms = parse_vms(cmd(c, "vms"))
    assert vms["hello"]["state"] == "running" and vms["probe"]["state"] == "stopped", vms


def cut_by_stop(lines, i, name):
    """Whether guest @name's line lines[i] was cut short by `stop NAME`: stopping a VM
    prints its unfinished console line (vm_stop flushes it), so the next console line
    about that VM is the stop command's report."""
    for line in lines[i + 1:]:
        if "vm %s: stopped" % name in line:
            return True
        if "[%s] " % name in line or "vm %s " % name in line or "vm %s:" % name in line:
            return False
    return False


def lit(s):
    """A literal piece of a line format: (regex for it whole, regex for any beginning of it)."""
    return re.escape(s), "(?:%s)" % "|".join(re.escape(s[:k]) for k in range(len(s) + 1))


NUM, HEX16, ANY = (r"\d+", r"\d*"), ("[0-9a-f]{16}", "[0-9a-f]{0,16}"), (".*", ".*")
# What memtest prints after "memtest: ", one list of pieces per kind of line.
MEMTEST_FORMATS = [[lit("testing "), ANY],
                   [lit("OK "), NUM, lit(" MiB checksum=0x"), HEX16],
                   [lit("pass "), NUM, lit(" OK")]]
MEMTEST_TEXT = re.compile("|".join("".join(whole for whole, _ in f) for f in MEMTEST_FORMATS))
# Any beginning of such a line: the pieces before piece k whole, piece k begun.
MEMTEST_BEGUN = re.compile("|".join(
    "".join(whole for whole, _ in f[:k]) + f[k][1]
    for f in MEMTEST_FORMATS for k in range(len(f))))


def test_guest_lines_never_mixed(hv):
    """Every line a guest printed is whole: one `[NAME] ` prefix, followed by that
    guest's own text up to the end of the line.  (The prefix need not start the
    terminal line: the console's echo of a command being typed, or a command's
    output in progress, may precede it.)  The one exception is the line a guest was
    printing when it was stopped: that beginning of a line is shown as it is."""
    c = hv
    absorb(c, 0.5)
    text = bytes(c.log).decode("utf-8", "replace").replace("\r", "")
    own = {"hello": "hello: ", "memtest": "memtest: ", "calls": "calls: "}
    seen = dict.fromkeys(own, 0)
    after_text = cut = 0
    # Only whole lines: the piece after the last newline may be a guest line that is
    # still being printed (a clean-clone run caught "[memtest] m" there).
    lines = text.split("\n")[:-1]
    for i, line in enumerate(lines):
        prefixes = list(re.finditer(r"\[(%s)\] " % "|".join(VMS), line))
        if not prefixes:
            continue
        if len(prefixes) != 1:
            at = text.find(line)
            raise AssertionError("mixed line %r in:\n%s" % (line, text[max(at - 600, 0):at + 300]))
        m = prefixes[0]
        after_text += m.start() > 0 and not line.startswith("tessera> [")
        name, said = m.group(1), line[m.end():]
        if name not in own:
            continue
        whole = said.startswith(own[name]) and (
            name != "memtest" or MEMTEST_TEXT.fullmatch(said[len(own[name]):]))
        if not whole:
            # A stop may cut a line (a clean-clone run caught "[memtest] memtes" just
            # before "vm memtest: stopped"); what was shown must still begin a line
            # this guest prints.
            begins = own[name].startswith(said) or (
                said.startswith(own[name]) and
                (name != "memtest" or MEMTEST_BEGUN.fullmatch(said[len(own[name]):])))
            assert begins and cut_by_stop(lines, i, name), line
            cut += 1
            continue
        seen[name] += 1
    assert all(seen.values()), seen
    print("guest lines that began after other console text on the same line: %d; "
          "lines cut by a stop: %d" % (after_text, cut))


def test_console_still_consistent_at_the_end(hv):
    c = hv
    out = cmd(c, "help")
    for name in ("vms", "mem", "map", "s2", "walk", "check", "start", "stop"):
        assert re.search(r"^\s+%s\b" % name, out, re.M), out
    wait_memtest_pass_after(c, len(c.log))
    assert b"FAILED" not in c.log
    assert_check_ok(c)
