#!/usr/bin/env python3
"""Render icons/skolhub.svg into every icon file Tauri 2 needs.

Usage:  python3 scripts/render-icons.py [--check]

Requires (Debian):  apt-get install -y librsvg2-bin imagemagick
  - rsvg-convert      SVG -> PNG (always 8-bit RGBA)
  - /usr/bin/convert  ImageMagick, used to pack icon.ico
                      (called by absolute path: /usr/local/bin/convert may be
                      a stand-in). If it is missing, a built-in PNG-in-ICO
                      writer is used instead.
icon.icns is written directly by this script (PNG payload chunks).

--check only verifies the existing outputs (sizes, 8-bit RGBA), renders nothing.
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ICONS = os.path.join(ROOT, "icons")
SVG = os.path.join(ICONS, "skolhub.svg")
CONVERT = "/usr/bin/convert"

PNG_OUTPUTS = {
    "32x32.png": 32,
    "64x64.png": 64,
    "128x128.png": 128,
    "128x128@2x.png": 256,
    "icon.png": 512,
    "Square30x30Logo.png": 30,
    "Square44x44Logo.png": 44,
    "Square71x71Logo.png": 71,
    "Square89x89Logo.png": 89,
    "Square107x107Logo.png": 107,
    "Square142x142Logo.png": 142,
    "Square150x150Logo.png": 150,
    "Square284x284Logo.png": 284,
    "Square310x310Logo.png": 310,
    "StoreLogo.png": 50,
}
ICO_SIZES = [16, 24, 32, 48, 64, 256]
ICNS_CHUNKS = [  # (OSType, pixel size)
    (b"ic11", 32),    # 16@2x
    (b"ic12", 64),    # 32@2x
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic13", 256),   # 128@2x
    (b"ic09", 512),
    (b"ic14", 512),   # 256@2x
    (b"ic10", 1024),  # 512@2x
]

PNG_SIG = b"\x89PNG\r\n\x1a\n"


def png_info(path):
    """Return (width, height, bit_depth, color_type) from a PNG's IHDR."""
    with open(path, "rb") as f:
        head = f.read(33)
    if head[:8] != PNG_SIG or head[12:16] != b"IHDR":
        raise ValueError(f"{path}: not a PNG")
    return struct.unpack(">IIBB", head[16:26])


def check_rgba(path, size):
    w, h, depth, ctype = png_info(path)
    if (w, h) != (size, size) or depth != 8 or ctype != 6:
        raise SystemExit(
            f"{path}: got {w}x{h} depth={depth} colortype={ctype}, "
            f"want {size}x{size} 8-bit RGBA (colortype 6)")


def render(size, out):
    subprocess.run(
        ["rsvg-convert", "--width", str(size), "--height", str(size),
         "--format", "png", "--output", out, SVG],
        check=True)
    check_rgba(out, size)


def write_icns(pngs, out):
    """pngs: list of (ostype, png_bytes). Writes an ICNS container."""
    body = b"".join(t + struct.pack(">I", 8 + len(d)) + d for t, d in pngs)
    with open(out, "wb") as f:
        f.write(b"icns" + struct.pack(">I", 8 + len(body)) + body)


def write_ico_fallback(pngs, out):
    """pngs: list of (size, png_bytes). PNG-compressed ICO (Vista+)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, data = b"", b""
    for size, d in pngs:
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32,
                               len(d), offset + len(data))
        data += d
    with open(out, "wb") as f:
        f.write(header + entries + data)


def check_ico(path):
    with open(path, "rb") as f:
        data = f.read()
    _, typ, n = struct.unpack("<HHH", data[:6])
    sizes = []
    for i in range(n):
        w = data[6 + 16 * i] or 256
        sizes.append(w)
    if typ != 1 or sorted(sizes) != sorted(ICO_SIZES):
        raise SystemExit(f"{path}: unexpected ICO layers {sizes}")
    return sizes


def check_icns(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"icns" or struct.unpack(">I", data[4:8])[0] != len(data):
        raise SystemExit(f"{path}: bad ICNS header")
    pos, found = 8, []
    while pos < len(data):
        t, ln = data[pos:pos + 4], struct.unpack(">I", data[pos + 4:pos + 8])[0]
        payload = data[pos + 8:pos + ln]
        w, h, depth, ctype = struct.unpack(">IIBB", payload[16:26])
        if payload[:8] != PNG_SIG or depth != 8 or ctype != 6:
            raise SystemExit(f"{path}: chunk {t!r} is not 8-bit RGBA PNG")
        found.append((t.decode(), w))
        pos += ln
    if sorted(found) != sorted((t.decode(), s) for t, s in ICNS_CHUNKS):
        raise SystemExit(f"{path}: unexpected chunks {found}")
    return found


def check_all():
    for name, size in PNG_OUTPUTS.items():
        check_rgba(os.path.join(ICONS, name), size)
    ico = check_ico(os.path.join(ICONS, "icon.ico"))
    icns = check_icns(os.path.join(ICONS, "icon.icns"))
    print(f"ok: {len(PNG_OUTPUTS)} RGBA PNGs, icon.ico layers {ico}, "
          f"icon.icns chunks {[t for t, _ in icns]}")


def main():
    if "--check" in sys.argv[1:]:
        check_all()
        return
    if not shutil.which("rsvg-convert"):
        raise SystemExit("rsvg-convert missing: apt-get install -y librsvg2-bin")

    for name, size in PNG_OUTPUTS.items():
        render(size, os.path.join(ICONS, name))

    with tempfile.TemporaryDirectory() as tmp:
        cache = {}

        def png(size):
            if size not in cache:
                p = os.path.join(tmp, f"{size}.png")
                render(size, p)
                with open(p, "rb") as f:
                    cache[size] = (p, f.read())
            return cache[size]

        # icon.icns
        write_icns([(t, png(s)[1]) for t, s in ICNS_CHUNKS],
                   os.path.join(ICONS, "icon.icns"))

        # icon.ico: one layer per size, each rendered natively from the SVG
        ico = os.path.join(ICONS, "icon.ico")
        if os.path.exists(CONVERT):
            subprocess.run([CONVERT] + [png(s)[0] for s in ICO_SIZES] + [ico],
                           check=True)
        else:
            print(f"note: {CONVERT} missing, using built-in ICO writer")
            write_ico_fallback([(s, png(s)[1]) for s in ICO_SIZES], ico)

    check_all()


if __name__ == "__main__":
    main()
