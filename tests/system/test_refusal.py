"""On a CPU that cannot host VMs, Tessera says exactly why and hands the machine back."""
import pytest

from conftest import BOOT_TIMEOUT


@pytest.mark.parametrize("arch,kw,reason", [
    ("aarch64", {"extra": ("-machine", "virtualization=off")},
     rb"cannot run here: running at EL1, but a hypervisor needs EL2"),
    ("x86_64", {"cpu": "qemu64,-svm"},
     rb"cannot run here: the CPU has no AMD SVM \(CPUID 0x80000001 ECX bit 2 is 0"),
    ("x86_64", {"cpu": "qemu64,+svm"},
     rb"cannot run here: SVM has no nested paging \(CPUID 0x8000000A EDX bit 0 is 0"),
])
def test_refuses_without_virtualization(console_factory, arch, kw, reason):
    c = console_factory(arch, **kw)
    c.expect(rb"Tessera \d+\.\d+\.\d+ \(build ", timeout=BOOT_TIMEOUT)
    c.expect(reason)
    c.expect(rb"refusing to continue; returning to the firmware")
    # It never took the machine over.
    assert b"exited boot services" not in bytes(c.log) + c.child.before
