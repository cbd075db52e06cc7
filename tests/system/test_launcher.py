"""tools/qemu-run: its timeout, and no QEMU survives the launcher."""
import os
import signal
import subprocess
import time

import pexpect

from conftest import BOOT_TIMEOUT, QEMU_RUN


def qemu_children(ppid):
    """PIDs of the qemu-system processes whose parent is @ppid."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                cmd = f.read()
        except OSError:
            continue
        if int(fields[1]) == ppid and cmd.startswith(b"qemu-system-"):
            found.append(int(pid))
    return found


def wait_gone(pid, seconds=10):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if not os.path.exists("/proc/%d" % pid):
            return True
        with open("/proc/%d/stat" % pid) as f:
            if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                return True
        time.sleep(0.1)
    return False


def test_qemu_dies_with_a_killed_launcher():
    child = pexpect.spawn(QEMU_RUN, ["--arch", "aarch64", "--raw-serial", "--timeout", "300"],
                          encoding=None, timeout=BOOT_TIMEOUT)
    try:
        child.expect(rb"tessera> ")
        qemus = qemu_children(child.pid)
        assert len(qemus) == 1, qemus
        os.kill(child.pid, signal.SIGKILL)   # no chance to clean up: only PDEATHSIG can help
        assert wait_gone(qemus[0]), "QEMU %d outlived its launcher" % qemus[0]
    finally:
        child.close(force=True)


def test_timeout_kills_qemu_and_exits_124():
    start = time.monotonic()
    p = subprocess.run([QEMU_RUN, "--arch", "x86_64", "--raw-serial", "--timeout", "3"],
                       stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
    assert p.returncode == 124
    assert b"timeout after 3 s" in p.stderr
    assert time.monotonic() - start < 30
