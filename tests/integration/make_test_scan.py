#!/usr/bin/python3
"""Writes a small test scan into DIR: page1.png and page2.png (a typed page drawn as grey text
lines on paper, a stamp in the corner), scan.pdf (a one-page PDF with the text), and
redacted.pdf (the same page with the second paragraph blacked out). Made here, from nothing
downloaded, for the digital-objects tests (tests/integration/files_cli_test.cc,
tests/browser/files_page.mjs). Usage: make_test_scan.py DIR"""
import os
import struct
import sys
import zlib


def png(path, width, height, pixel):
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            rows.extend(pixel(x, y))
    def chunk(kind, data):
        out = struct.pack(">I", len(data)) + kind + data
        return out + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(data)


def page(seed, redact_lines=()):
    paper = (246, 241, 226)
    ink = (60, 60, 70)
    def pixel(x, y):
        # A red stamp top right.
        if 300 <= x <= 370 and 20 <= y <= 60 and (x in (300, 301, 369, 370) or y in (20, 21, 59, 60)):
            return (180, 30, 30)
        line = (y - 90) // 22
        if 90 <= y and (y - 90) % 22 < 9 and 0 <= line < 16 and 40 <= x <= 360:
            if line in redact_lines:
                return (0, 0, 0)
            # Words: ink runs with gaps that vary per line.
            if ((x - 40) // (7 + (line * seed) % 5)) % 6 != 5 and not (line % 5 == 4 and x > 220):
                return ink
        return paper
    return pixel


def pdf(path, lines, redact=()):
    content = "BT /F1 11 Tf 50 760 Td 14 TL\n"
    for i, text in enumerate(lines):
        content += "(%s) '\n" % text.replace("(", "[").replace(")", "]")
    content += "ET\n"
    for i in redact:
        y = 760 - 14 * (i + 1) - 3
        content += "0 0 0 rg 48 %d 500 13 re f\n" % y
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        "<< /Length %d >>\nstream\n%sendstream" % (len(content), content),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += ("%d 0 obj\n%s\nendobj\n" % (n, body)).encode("latin-1")
    xref = len(out)
    out += ("xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)).encode()
    for o in offsets:
        out += ("%010d 00000 n \n" % o).encode()
    out += ("trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)).encode()
    with open(path, "wb") as f:
        f.write(out)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    png(os.path.join(out, "page1.png"), 400, 460, page(3))
    png(os.path.join(out, "page2.png"), 400, 460, page(7))
    png(os.path.join(out, "page1-redacted.png"), 400, 460, page(3, redact_lines=(5, 6, 7)))
    lines = ["TOP SECRET", "Hand the reply to Chervonenko today.",
             "The Kremlin channel through Harbin remains open.",
             "Report the reactions by telegram."]
    pdf(os.path.join(out, "scan.pdf"), lines)
    pdf(os.path.join(out, "redacted.pdf"), [lines[0], lines[1], "", lines[3]], redact=(2,))


if __name__ == "__main__":
    main()
