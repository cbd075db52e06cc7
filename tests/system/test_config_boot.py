"""Bad VM config blobs: refused with their exact message, no VM started, console up.

Where each malformed-blob case of issue 5 is checked:

* Booted in QEMU here (the whole path: UEFI file reading, config_parse at
  boot, config_check_platform against the real machine, the console staying
  up): no blob at all, a truncated 12-byte blob, bad CRC, wrong architecture (an
  x86_64 blob), image missing on the ESP, a CPU the machine does not have
  (cpus = [7] with -smp 4), RAM larger than free memory, RAM beyond the
  machine's 40-bit guest IPA space.
* On the host here, with tools/mkconfig --check (the same C validator), the
  cases tests/host/test_mkconfig.py does not already cover: wrong version,
  zero VM count, overlapping IPA ranges, a CPU given to two VMs, unknown flag
  and device bits, an x86_64 blob on aarch64, autostart VMs together larger
  than free memory.
* Already in tests/host/test_mkconfig.py (not repeated): truncated, bad
  magic, bad CRC, RAM 0, CPU 0, entry outside RAM, RAM overlapping the console
  UART, duplicate names, missing CPU, RAM larger than free memory, image
  missing, image larger than RAM.  tests/host/config_test.c has a unit test
  for every message.
"""
import re
import struct

import pytest

from conftest import PROMPT, Console
import vmconfigs as vc

ONE_VM = [vc.vm("web", image="\\tessera\\hello.bin", ram_mib=16, cpus=[1])]


def web(**kw):
    d = dict(image="\\tessera\\hello.bin", ram_mib=16, cpus=[1])
    d.update(kw)
    return vc.vm("web", **d)


# ---- host: the validator via tools/mkconfig --check ------------------------

def case_version(tmp):
    good = vc.compile_config(tmp, ONE_VM)
    return vc.patch_blob(good, tmp / "bad.bin", [(vc.OFF_VERSION, "<H", 2)]), []


def case_vm_count_zero(tmp):
    good = vc.compile_config(tmp, ONE_VM)
    return vc.patch_blob(good, tmp / "bad.bin", [(vc.OFF_VM_COUNT, "<H", 0), (8, "<I", 64)],
                         truncate=vc.HEADER_SIZE), []


def case_overlap(tmp):
    vms = [web(extra_ram=[{"base": 0x40e00000, "mib": 4}])]
    return vc.compile_config(tmp, vms, check=False), []


def case_cpu_twice(tmp):
    vms = [vc.vm("a", image="\\tessera\\hello.bin", cpus=[1, 2]),
           vc.vm("b", image="\\tessera\\hello.bin", cpus=[2, 3])]
    return vc.compile_config(tmp, vms, check=False), []


def case_flags(tmp):
    return vc.compile_config(tmp, [web(autostart=5)], check=False), []


def case_devices(tmp):
    return vc.compile_config(tmp, [web(devices=[3])], check=False), []


def case_x86_blob(tmp):
    return vc.compile_config(tmp, ONE_VM, arch="x86_64"), ["--arch", "aarch64"]


def case_autostart_total(tmp):
    vms = [vc.vm("a", image="\\tessera\\hello.bin", ram_mib=64, cpus=[1]),
           vc.vm("b", image="\\tessera\\hello.bin", ram_mib=64, cpus=[2]),
           vc.vm("c", image="\\tessera\\hello.bin", ram_mib=64, cpus=[3], autostart=False)]
    return vc.compile_config(tmp, vms), ["--free-mib", 100]


HOST_CASES = [
    (case_version, "config: unsupported format version 2 (this hypervisor reads version 1)"),
    (case_vm_count_zero, "config: vm_count 0: the blob describes no VM"),
    (case_overlap, 'config: vm "web": extra_ram[0].base 0x40e00000 + 4 MiB overlaps ram_base 0x40000000'),
    (case_cpu_twice, 'config: vm "b": cpus: CPU 2 is already given to vm "a"'),
    (case_flags, 'config: vm "web": flags 0x5 has unknown bits 0x4'),
    (case_devices, 'config: vm "web": devices 0x3 has unknown bits 0x2'),
    (case_x86_blob, "config: architecture: the blob is for x86_64, this hypervisor is aarch64"),
    # 2 x 64 MiB autostart = 32768 pages; the third VM does not start at boot.
    (case_autostart_total, "config: the autostart VMs need 32768 pages of RAM together, only 25600 are free"),
]


@pytest.mark.parametrize("make,message", HOST_CASES, ids=[c[0].__name__[5:] for c in HOST_CASES])
def test_validator_refuses(tmp_path, make, message):
    blob, extra = make(tmp_path)
    rc, out = vc.mkconfig_check(blob, *extra)
    assert (rc, out) == (1, message)


def test_validator_accepts_the_fixed_cases(tmp_path):
    """The refusals above are about the field they name: without it the blob is fine."""
    vms = [web(extra_ram=[{"base": 0x41000000, "mib": 4}], devices=["console"])]
    assert vc.mkconfig_check(vc.compile_config(tmp_path, vms), "--cpus", 4) == (0, "config: OK")
    vms = [vc.vm("a", image="\\tessera\\hello.bin", cpus=[1, 2]),
           vc.vm("b", image="\\tessera\\hello.bin", cpus=[3])]
    assert vc.mkconfig_check(vc.compile_config(tmp_path, vms), "--cpus", 4) == (0, "config: OK")
    assert case_autostart_total(tmp_path)[0] and \
        vc.mkconfig_check(case_autostart_total(tmp_path)[0], "--free-mib", 128) == (0, "config: OK")


# ---- QEMU: refused at boot --------------------------------------------------

def boot_bad_crc(tmp):
    good = vc.compile_config(tmp, ONE_VM)
    raw = open(good, "rb").read()
    stored = vc.crc32(raw) ^ 0x00010000
    bad = vc.patch_blob(good, tmp / "bad.bin", [(vc.OFF_CRC, "<I", stored)], fix_crc=False)
    return dict(blob=bad, message="config: bad CRC32 0x%x (computed 0x%x)" % (stored, vc.crc32(raw)))


def boot_truncated(tmp):
    good = vc.compile_config(tmp, ONE_VM)
    bad = vc.patch_blob(good, tmp / "bad.bin", truncate=12, fix_crc=False)
    return dict(blob=bad, message="config: blob truncated: 12 bytes, header needs 64")


def boot_x86_blob(tmp):
    return dict(blob=vc.compile_config(tmp, ONE_VM, arch="x86_64"),
                message="config: architecture: the blob is for x86_64, this hypervisor is aarch64")


def boot_image_missing(tmp):
    blob = vc.compile_config(tmp, [web(image="\\tessera\\web.bin")])
    return dict(blob=blob, images=("hello",),
                boot_line='boot: vm "web": image \\tessera\\web.bin: not found',
                message='config: vm "web": image "\\tessera\\web.bin" not found')


def boot_cpu_missing(tmp):
    vms = [vc.vm("a", image="\\tessera\\hello.bin", cpus=[1]),
           vc.vm("b", image="\\tessera\\hello.bin", cpus=[7])]
    return dict(blob=vc.compile_config(tmp, vms), smp=4,
                message='config: vm "b": cpus: CPU 7 is not present (the platform has 4 CPUs)')


def boot_ram_too_large(tmp):
    # 512 MiB of guest RAM on a 256 MiB machine.
    return dict(blob=vc.compile_config(tmp, [web(ram_mib=512)]), mem=256,
                message=re.compile(r'^config: vm "web": RAM needs 131072 pages \(512 MiB\), '
                                   r'only (\d+) are free$'))


def boot_ram_outside_ipa(tmp):
    # Inside the blob's 48-bit IPA limit, but past the 40 bits this machine's stage 2 has.
    return dict(blob=vc.compile_config(tmp, [web(ram_base=0xffffe00000)]),
                message='config: vm "web": ram_base 0xffffe00000 + 16 MiB leaves the 40-bit guest '
                        'IPA space of this platform')


def boot_no_config(tmp):
    return dict(blob=None, no_config=True,
                boot_line="boot: no VM config at \\tessera\\config.bin (not found); no VMs")


BOOT_CASES = [boot_no_config, boot_truncated, boot_bad_crc, boot_x86_blob, boot_image_missing,
              boot_cpu_missing, boot_ram_too_large, boot_ram_outside_ipa]


@pytest.mark.parametrize("make", BOOT_CASES, ids=[f.__name__[5:] for f in BOOT_CASES])
def test_refused_at_boot(tmp_path, console_factory, make):
    case = make(tmp_path)
    c = console_factory("aarch64", smp=case.get("smp", 2), mem=case.get("mem", 512),
                        files=vc.esp_files(case["blob"], case.get("images", vc.GUEST_NAMES)))
    log = c.boot().replace("\r", "")
    lines = log.split("\n")
    why = "no config" if case.get("no_config") else "invalid config"
    assert "vm: no VMs started (%s)" % why in lines, log
    if "boot_line" in case:
        assert case["boot_line"] in lines, log
    free = None
    if "message" in case:
        config_lines = [l for l in lines if l.startswith("config: ")]
        assert len(config_lines) == 1, log
        msg = case["message"]
        if isinstance(msg, str):
            assert config_lines[0] == msg, log
        else:
            m = msg.match(config_lines[0])
            assert m, log
            free = int(m.group(1))
        # The message comes before the verdict (blob errors while files are read,
        # before ExitBootServices; platform errors just before the verdict).
        assert lines.index(config_lines[0]) < lines.index("vm: no VMs started (%s)" % why)
    else:
        assert not [l for l in lines if l.startswith("config: ")], log
    assert not re.search(r"^vm \S+: started", log, re.M), log
    assert not re.search(r"^\[\S+\] ", log, re.M), log

    # The console is up and says there is nothing to run.
    out = c.run("help")
    for name in ("help", "vms", "mem", "map", "start", "stop", "check"):
        assert re.search(r"^\s+%s\b" % name, out, re.M), out
    assert c.run("vms").strip() == "no VMs configured"
    out = c.run("start web")
    assert 'start: no VM named "web" (see vms)' in out, out
    out = c.run("mem")
    m = re.search(r"^free pages: (\d+)$", out, re.M)
    assert m, out
    if free is not None:
        # The validator was told exactly what the allocator has free.
        assert int(m.group(1)) == free, (free, out)
    out = c.run("check")
    assert re.search(r"^check: OK \(.*; 0 VMs' RAM owned", out, re.M), out
    assert c.run("vms").strip() == "no VMs configured"
