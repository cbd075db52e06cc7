"""Helpers for the VM system tests: write VM configs, compile them, make bad blobs.

A config is written as TOML (docs/config.md) into a temporary directory and
compiled with tools/mkconfig; `--no-check` produces blobs the validator refuses,
and `patch_blob` edits raw fields (then fixes the CRC unless told not to) for
cases TOML cannot express.  `esp_files` turns a blob and guest images into the
`--file SRC:ESP/PATH` arguments of tools/qemu-run.
"""
import os
import struct
import subprocess
import zlib

from conftest import TOP

MKCONFIG = os.path.join(TOP, "tools", "mkconfig")
GUESTS = os.path.join(TOP, "build", "guests")
CONFIG_ESP_PATH = "tessera/config.bin"       # \tessera\config.bin, the default path
GUEST_NAMES = ("hello", "memtest", "probe", "calls")

# Blob layout (docs/config.md, "The blob (format version 1)").
HEADER_SIZE = 64
RECORD_SIZE = 256
OFF_VERSION = 4
OFF_ARCH = 6
OFF_CRC = 12
OFF_VM_COUNT = 20
REC_FLAGS = 120


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return hex(v) if v > 9 else str(v)
    if isinstance(v, str):
        return "'%s'" % v           # literal string: backslashes stay as they are
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join("%s = %s" % (k, toml_value(x)) for k, x in v.items()) + " }"
    raise TypeError(v)


def vm(name, image=None, ram_mib=16, cpus=(1,), **kw):
    """One [[vm]] table; image defaults to \\tessera\\NAME.bin."""
    d = {"name": name, "image": image or "\\tessera\\%s.bin" % name, "ram_mib": ram_mib,
         "cpus": list(cpus)}
    d.update(kw)
    return d


def toml_text(vms, arch="aarch64"):
    out = ['arch = "%s"' % arch]
    for v in vms:
        out.append("")
        out.append("[[vm]]")
        out += ["%s = %s" % (k, toml_value(x)) for k, x in v.items()]
    return "\n".join(out) + "\n"


def compile_config(tmpdir, vms, arch="aarch64", name="config", check=True):
    """Compile @vms (a list of vm() dicts) to a blob in @tmpdir; returns its path."""
    src = os.path.join(str(tmpdir), name + ".toml")
    out = os.path.join(str(tmpdir), name + ".bin")
    with open(src, "w") as f:
        f.write(toml_text(vms, arch))
    cmd = ["/usr/bin/python3", MKCONFIG, src, "-o", out] + ([] if check else ["--no-check"])
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise AssertionError("mkconfig failed on\n%s\n%s" % (toml_text(vms, arch), r.stderr))
    return out


def mkconfig_check(blob, *extra):
    """tools/mkconfig --check BLOB [platform facts]: (exit status, stdout line)."""
    r = subprocess.run(["/usr/bin/python3", MKCONFIG, "--check", str(blob), *map(str, extra)],
                       capture_output=True, text=True, timeout=60)
    return r.returncode, r.stdout.strip()


def crc32(blob):
    """The blob's CRC: every byte except the CRC field (docs/config.md)."""
    return zlib.crc32(blob[OFF_CRC + 4:], zlib.crc32(blob[:OFF_CRC])) & 0xFFFFFFFF


def patch_blob(path, out, edits=(), fix_crc=True, truncate=None):
    """Copy blob @path to @out with (offset, struct format, value) @edits applied."""
    with open(path, "rb") as f:
        b = bytearray(f.read())
    for off, fmt, val in edits:
        struct.pack_into(fmt, b, off, val)
    if truncate is not None:
        del b[truncate:]
    if fix_crc and len(b) >= HEADER_SIZE:
        struct.pack_into("<I", b, OFF_CRC, crc32(bytes(b)))
    with open(out, "wb") as f:
        f.write(b)
    return out


def record_offset(index):
    return HEADER_SIZE + RECORD_SIZE * index


def guest_image(name):
    return os.path.join(GUESTS, name + ".bin")


def esp_files(blob, images=GUEST_NAMES):
    """qemu-run --file arguments: the blob at the default path and the guest images."""
    files = [] if blob is None else ["%s:%s" % (blob, CONFIG_ESP_PATH)]
    for n in images:
        files.append("%s:tessera/%s.bin" % (guest_image(n), n))
    return files
