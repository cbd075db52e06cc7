"""Multi-vCPU guests (PSCI CPU_ON/CPU_OFF/AFFINITY_INFO) and stopping a guest that never traps."""
import os
import re
import subprocess
import sys

import pytest

from conftest import TOP, Console

GUESTS = os.path.join(TOP, "build", "guests")
CONFIG = """
arch = "aarch64"
[[vm]]
name = "smp"
image = '\\tessera\\smp.bin'
ram_mib = 8
cpus = [1, 2, 3]
devices = ["console"]
autostart = true
[[vm]]
name = "spin"
image = '\\tessera\\spin.bin'
ram_mib = 8
cpus = [4]
devices = ["console"]
autostart = true
"""


@pytest.fixture(scope="module")
def smp_console(tmp_path_factory):
    d = tmp_path_factory.mktemp("smp")
    (d / "smp.toml").write_text(CONFIG)
    subprocess.run([sys.executable, os.path.join(TOP, "tools", "mkconfig"), str(d / "smp.toml"),
                    "-o", str(d / "config.bin")], check=True)
    c = Console("aarch64", smp=5, files=[
        "%s:tessera/config.bin" % (d / "config.bin"),
        "%s/smp.bin:tessera/smp.bin" % GUESTS,
        "%s/spin.bin:tessera/spin.bin" % GUESTS])
    c.boot()
    yield c
    c.close()


def free_pages(c):
    return int(re.search(r"^free pages: (\d+)$", c.run("mem"), re.M).group(1))


SMP_LINES = [r"\[smp\] smp: vcpu 0 up, mpidr 0x80000000"] + [
    line for i in (1, 2) for line in (
        r"\[smp\] smp: cpu_on %d -> 0x0" % i,
        r"\[smp\] smp: vcpu %d ran with mpidr 0x8000000%d ctx 0x5e00000%d, now off" % (i, i, i))] + [
    r"\[smp\] smp: cpu_on self -> ALREADY_ON OK",
    r"\[smp\] smp: affinity_info self -> ON OK",
    r"\[smp\] smp: done, 3 vcpus"]


def assert_smp_run(text):
    """The smp guest's lines, in order, in @text."""
    pos = 0
    for line in SMP_LINES:
        m = re.compile(line).search(text, pos)
        assert m, "missing %r after:\n%s" % (line, text[pos:pos + 2000])
        pos = m.end()
    assert "ERROR" not in text


def test_three_vcpus_start_report_and_stop(smp_console):
    c = smp_console
    # The guest runs on its own vCPUs beside the boot: its last lines may come
    # after the first prompt.  Wait for them (bounded) unless already seen.
    if not re.search(rb"smp: done, \d+ vcpus", bytes(c.log)):
        c.expect(rb"smp: done, \d+ vcpus")
    c.drain()
    assert_smp_run(c.log.decode("utf-8", "replace"))
    # The set 1,2,3 asked for exactly 3 vCPUs: CPU_ON 3 was refused as INVALID_PARAMETERS.
    assert b"cpu_on 3" not in bytes(c.log)
    out = c.run("vms")
    assert re.search(r"^1\s+smp\s+running\s+1,2,3\s+8 ", out, re.M), out
    before = free_pages(c)
    out = c.run("stop smp")
    assert "vm smp: stopped" in out
    assert free_pages(c) == before + 2048 + 3  # its RAM and its three table pages
    mark = len(c.log)
    c.child.send(b"start smp\r")
    c.expect(rb"smp: done, \d+ vcpus")
    c.drain()
    assert_smp_run(c.log[mark:].decode("utf-8", "replace"))
    assert "check: OK" in c.run("check")


def test_a_guest_that_never_traps_can_be_stopped(smp_console):
    c = smp_console
    out = c.run("vms")
    assert re.search(r"^2\s+spin\s+running\s+4\s", out, re.M), out
    before = free_pages(c)
    out = c.run("stop spin")
    assert "vm spin: stopped" in out, out
    assert free_pages(c) > before
    out = c.run("start spin")
    assert "vm spin: started on CPU 4" in out
    assert "vm spin: stopped" in c.run("stop spin")
    assert "check: OK" in c.run("check")
