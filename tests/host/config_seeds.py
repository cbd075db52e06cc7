#!/usr/bin/python3
"""Write a seed corpus for the config fuzzer: good blobs compiled from
configs/*.toml and from generated configs, plus each with one field broken
(CRC re-sealed so the fuzzer starts past the CRC check)."""
import importlib.machinery
import importlib.util
import os
import struct
import sys
import tomllib

top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
loader = importlib.machinery.SourceFileLoader("mkconfig", os.path.join(top, "tools", "mkconfig"))
spec = importlib.util.spec_from_loader("mkconfig", loader)
mk = importlib.util.module_from_spec(spec)
loader.exec_module(mk)


def reseal(blob):
    return blob[:12] + struct.pack("<I", mk.crc32(blob)) + blob[16:]


def main(out):
    os.makedirs(out, exist_ok=True)
    good = []
    for name in sorted(os.listdir(os.path.join(top, "configs"))):
        if name.endswith(".toml"):
            with open(os.path.join(top, "configs", name), "rb") as f:
                good.append(mk.compile_config(tomllib.load(f)))
    for n in range(1, 9):
        vms = [{"name": f"g{i}", "image": f"\\tessera\\g{i}.bin", "ram_mib": 2 * (i + 1),
                "cpus": [i + 1], "entry_offset": 4 * i, "arg": i,
                "extra_ram": [{"base": 0x100000000 + 0x10000000 * k, "mib": 2}
                              for k in range(i % 4)]}
               for i in range(n)]
        good.append(mk.compile_config({"arch": "aarch64" if n % 2 else "x86_64", "vm": vms}))
    seeds = list(good)
    # One broken field per seed: offsets of interesting fields in the first record.
    for blob in good[:4]:
        for off in (20, 64 + 0, 64 + 31, 64 + 32, 64 + 96, 64 + 112, 64 + 120, 64 + 124,
                    64 + 128, 64 + 136, 64 + 144, 64 + 152):
            if off < len(blob):
                b = bytearray(blob)
                b[off] ^= 0x41
                seeds.append(reseal(bytes(b)))
        seeds.append(blob[:63])
        seeds.append(blob + b"\0")
    for i, s in enumerate(seeds):
        with open(os.path.join(out, f"seed-{i:03d}.bin"), "wb") as f:
            f.write(s)
    print(f"config_seeds: {len(seeds)} seeds in {out}")


if __name__ == "__main__":
    main(sys.argv[1])
