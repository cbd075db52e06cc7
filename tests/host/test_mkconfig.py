"""Tests of tools/mkconfig: compile, --dump round trip, --check (the C validator).

Run: make test-mkconfig (builds build/host/config-check first)."""
import os
import struct
import subprocess
import zlib

import pytest

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MKCONFIG = os.path.join(TOP, "tools", "mkconfig")
CONFIGS = os.path.join(TOP, "configs")


def run(*args):
    return subprocess.run(["/usr/bin/python3", MKCONFIG, *map(str, args)],
                          capture_output=True, text=True, timeout=60)


def compile_text(tmp_path, text, *extra):
    src = tmp_path / "in.toml"
    src.write_text(text)
    out = tmp_path / "out.bin"
    return run(src, "-o", out, *extra), out


ONE_VM = '''
arch = "aarch64"
[[vm]]
name = "web"
image = '\\tessera\\web.bin'
ram_mib = 16
cpus = [1]
'''


def test_compile_layout(tmp_path):
    r, out = compile_text(tmp_path, ONE_VM + "arg = 0x1122334455667788\nentry_offset = 0x40\n")
    assert r.returncode == 0, r.stderr
    b = out.read_bytes()
    assert len(b) == 64 + 256
    magic, version, arch, total, crc = struct.unpack_from("<IHHII", b)
    assert b[:4] == b"TCFG" and version == 1 and arch == 1 and total == len(b)
    assert crc == zlib.crc32(b[16:], zlib.crc32(b[:12]))
    assert struct.unpack_from("<HHH", b, 16) == (64, 256, 1)
    rec = b[64:]
    assert rec[:4] == b"web\0" and rec[32:50] == b"\\tessera\\web.bin\0\0"
    assert struct.unpack_from("<QQQII I", rec, 96) == (0x40, 0x1122334455667788, 2, 1, 1, 1)
    assert struct.unpack_from("<QI", rec, 136) == (0x40000000, 16)  # default ram_base
    assert rec[152:] == bytes(256 - 152)


@pytest.mark.parametrize("name", sorted(n for n in os.listdir(CONFIGS) if n.endswith(".toml")))
def test_examples_compile_and_dump_round_trip(tmp_path, name):
    out = tmp_path / "a.bin"
    r = run(os.path.join(CONFIGS, name), "-o", out)
    assert r.returncode == 0, r.stderr
    d = run("--dump", out)
    assert d.returncode == 0, d.stderr
    (tmp_path / "dump.toml").write_text(d.stdout)
    r2 = run(tmp_path / "dump.toml", "-o", tmp_path / "b.bin")
    assert r2.returncode == 0, r2.stderr
    assert out.read_bytes() == (tmp_path / "b.bin").read_bytes()
    c = run("--check", out)
    assert c.returncode == 0 and c.stdout.strip() == "config: OK"


def test_dump_shows_fields(tmp_path):
    r, out = compile_text(tmp_path, ONE_VM + "extra_ram = [{ base = 0x80000000, mib = 4 }]\n"
                          "autostart = false\ndevices = []\n")
    assert r.returncode == 0, r.stderr
    d = run("--dump", out).stdout
    for line in ("name = 'web'", "ram_mib = 16", "ram_base = 0x40000000", "cpus = [1]",
                 "autostart = false", "devices = []", "extra_ram = [{ base = 0x80000000, mib = 4 }]"):
        assert line in d.splitlines(), (line, d)


@pytest.mark.parametrize("text,words", [
    ("arch = \n", ["TOML syntax error"]),
    ("arch = 'sparc'\n[[vm]]\nname='a'\n", ["arch 'sparc' unknown"]),
    ("colour = 1\n", ["unknown top-level key 'colour'"]),
    ("arch = 'aarch64'\n", ["no [[vm]]"]),
    (ONE_VM + "ram = 3\n", ["vm 'web'", "unknown key 'ram'"]),
    (ONE_VM.replace("ram_mib = 16\n", ""), ["vm 'web'", "missing key 'ram_mib'"]),
    (ONE_VM.replace("ram_mib = 16", "ram_mib = '16'"), ["ram_mib must be an integer"]),
    (ONE_VM.replace("ram_mib = 16", "ram_mib = -2"), ["ram_mib", "out of range"]),
    (ONE_VM.replace('"web"', '"' + "x" * 32 + '"'), ["name", "32 bytes, at most 31"]),
    (ONE_VM.replace('"web"', '"wéb"'), ["must be ASCII"]),
    (ONE_VM.replace("cpus = [1]", "cpus = [1, 1]"), ["CPU 1 twice"]),
    (ONE_VM.replace("cpus = [1]", "cpus = [64]"), ["cpus entry 64", "out of range"]),
    (ONE_VM.replace("cpus = [1]", "cpus = 1"), ["cpus must be an array"]),
    (ONE_VM + "devices = ['gpu']\n", ["unknown device 'gpu'"]),
    (ONE_VM + "extra_ram = [{ base = 0 }]\n", ["extra_ram[0]", "base and mib"]),
    # Semantic errors come from the C validator, with its message.
    (ONE_VM.replace("ram_mib = 16", "ram_mib = 0"), ['config: vm "web": ram_mib 0 must be > 0']),
    (ONE_VM.replace("cpus = [1]", "cpus = [0]"), ['vm "web"', "CPU 0"]),
    (ONE_VM + "entry_offset = 0x1000000\n", ["entry_offset 0x1000000 is outside RAM"]),
    (ONE_VM + "ram_base = 0x8200000\n", ["ram_base 0x8200000 + 16 MiB overlaps the console UART"]),
    (ONE_VM + ONE_VM.split("\n", 2)[2], ['"web" is already used']),
])
def test_bad_config_refused(tmp_path, text, words):
    r, out = compile_text(tmp_path, text)
    assert r.returncode == 1
    assert r.stderr.startswith("mkconfig: ") and r.stderr.count("\n") == 1, r.stderr
    for w in words:
        assert w in r.stderr, (w, r.stderr)
    assert not out.exists() and not (tmp_path / "out.bin.tmp").exists()


def test_no_check_writes_bad_blob_and_check_reports_it(tmp_path):
    r, out = compile_text(tmp_path, ONE_VM.replace("cpus = [1]", "cpus = [0, 2]"), "--no-check")
    assert r.returncode == 0 and out.exists()
    c = run("--check", out)
    assert c.returncode == 1
    assert c.stdout.strip() == 'config: vm "web": cpus includes CPU 0, which the hypervisor keeps for the console'


def test_check_malformed_blobs(tmp_path):
    r, out = compile_text(tmp_path, ONE_VM)
    good = out.read_bytes()
    cases = [
        (good[:40], "blob truncated: 40 bytes, header needs 64"),
        (good[:300], "blob truncated: 300 bytes, total_size says 320"),
        (b"XXXX" + good[4:], "bad magic 0x58585858"),
        (good[:100] + bytes([good[100] ^ 1]) + good[101:], "bad CRC32"),
    ]
    for blob, words in cases:
        p = tmp_path / "bad.bin"
        p.write_bytes(blob)
        c = run("--check", p)
        assert c.returncode == 1 and words in c.stdout, (words, c.stdout)


def test_check_platform(tmp_path):
    r, out = compile_text(tmp_path, ONE_VM.replace("cpus = [1]", "cpus = [3]"))
    assert r.returncode == 0
    assert run("--check", out, "--cpus", 4).returncode == 0
    c = run("--check", out, "--cpus", 3)
    assert c.returncode == 1 and "CPU 3 is not present (the platform has 3 CPUs)" in c.stdout
    c = run("--check", out, "--free-mib", 15)
    assert c.returncode == 1 and "RAM needs 4096 pages" in c.stdout
    assert run("--check", out, "--free-mib", 16).returncode == 0
    c = run("--check", out, "--arch", "x86_64")
    assert c.returncode == 1 and "blob is for aarch64, this hypervisor is x86_64" in c.stdout
    c = run("--check", out, "--ipa-bits", 16)
    assert c.returncode == 1 and "IPA size 16" in c.stdout

    esp = tmp_path / "esp"
    c = run("--check", out, "--image-dir", esp)
    assert c.returncode == 1 and 'image "\\tessera\\web.bin" not found' in c.stdout
    (esp / "tessera").mkdir(parents=True)
    (esp / "tessera" / "web.bin").write_bytes(b"\0" * 4096)
    assert run("--check", out, "--image-dir", esp).returncode == 0
    (esp / "tessera" / "web.bin").write_bytes(b"\0" * (16 * 1024 * 1024 + 1))
    c = run("--check", out, "--image-dir", esp)
    assert c.returncode == 1 and "larger than RAM minus entry_offset" in c.stdout


def test_usage_errors(tmp_path):
    assert run().returncode == 2
    r = run("--dump", tmp_path / "missing.bin")
    assert r.returncode == 2 and "missing.bin" in r.stderr
    (tmp_path / "short.bin").write_bytes(b"TCFG")
    r = run("--dump", tmp_path / "short.bin")
    assert r.returncode == 1 and "truncated" in r.stderr
