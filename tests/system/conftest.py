"""Shared fixtures for the QEMU system tests: boot Tessera and talk to its console."""
import os
import re
import time

import pexpect
import pytest

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
QEMU_RUN = os.path.join(TOP, "tools", "qemu-run")
PROMPT = b"tessera> "
BOOT_TIMEOUT = 120      # seconds from QEMU start to the prompt, TCG on a loaded 2-core machine
COMMAND_TIMEOUT = 30
HARD_TIMEOUT = 600      # qemu-run kills QEMU after this, whatever the test does
ARCHES = ["aarch64", "x86_64"]
BOOT_TIMES = {}


class Console:
    """One running hypervisor under QEMU, driven through its serial console."""

    def __init__(self, arch, smp=4, mem=1024, files=(), extra=(), cpu=None):
        self.arch = arch
        args = ["--arch", arch, "--smp", str(smp), "--mem", str(mem), "--raw-serial",
                "--timeout", str(HARD_TIMEOUT)]
        if cpu:
            args += ["--cpu", cpu]
        for f in files:
            args += ["--file", f]
        if extra:
            args += ["--", *extra]
        self.start = time.monotonic()
        self.child = pexpect.spawn(QEMU_RUN, args, timeout=COMMAND_TIMEOUT, encoding=None)
        self.log = bytearray()

    def expect(self, pattern, timeout=COMMAND_TIMEOUT):
        try:
            self.child.expect(pattern, timeout=timeout)
        except (pexpect.TIMEOUT, pexpect.EOF) as e:
            tail = bytes(self.log[-3000:]) + (self.child.before or b"")
            raise AssertionError("console never showed %r; last output:\n%s" %
                                 (pattern, tail.decode("utf-8", "replace"))) from e
        self.log += self.child.before + self.child.after
        return self.child.match

    def drain(self, quiet=1.0, limit=10.0):
        """Keep what the console prints until it is quiet for @quiet seconds (at most @limit)."""
        self.log += self.child.buffer   # read by pexpect but not matched yet
        self.child.buffer = b""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            try:
                self.log += self.child.read_nonblocking(65536, timeout=quiet)
            except pexpect.TIMEOUT:
                return
            except pexpect.EOF as e:
                raise AssertionError("QEMU exited; last output:\n%s" %
                                     bytes(self.log[-3000:]).decode("utf-8", "replace")) from e

    def boot(self):
        self.expect(PROMPT, timeout=BOOT_TIMEOUT)
        BOOT_TIMES[self.arch] = time.monotonic() - self.start
        return self.log.decode("utf-8", "replace")

    def run(self, line, timeout=COMMAND_TIMEOUT):
        """Type a command, return what it printed before the next prompt (CRs removed)."""
        self.child.send(line.encode() + b"\r")
        self.expect(PROMPT, timeout=timeout)
        out = self.child.before.decode("utf-8", "replace").replace("\r", "")
        # Drop the echoed command line itself.
        first, _, rest = out.partition("\n")
        return rest

    def wait_exit(self, timeout=COMMAND_TIMEOUT):
        try:
            self.child.expect(pexpect.EOF, timeout=timeout)
        except pexpect.TIMEOUT as e:
            raise AssertionError("QEMU did not exit") from e
        self.child.close()
        return self.child.exitstatus

    def close(self):
        if self.child.isalive():
            self.child.terminate(force=True)
        self.child.close()


@pytest.fixture
def console_factory():
    consoles = []

    def make(arch, **kw):
        c = Console(arch, **kw)
        consoles.append(c)
        return c

    yield make
    for c in consoles:
        c.close()


def pytest_terminal_summary(terminalreporter):
    for arch, t in sorted(BOOT_TIMES.items()):
        terminalreporter.write_line("boot to prompt (%s, TCG): %.1f s" % (arch, t))
