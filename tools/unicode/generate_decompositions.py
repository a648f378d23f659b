#!/usr/bin/env python3
"""Writes src/LocalAi.Speech/Text/Unicode/decompositions.txt from Python's unicodedata.

.NET running with invariant globalization (as every LocalAi service does) leaves string.Normalize a no-op, so
the tokenizer carries its own decomposition data. One line per code point that decomposes or has a non-zero
canonical combining class (Hangul syllables are left out: they decompose by formula):

    <hex code point>;<ccc>;<NFD hex code points or empty>;<NFKD hex code points or empty>

An empty field means "same as NFD" for NFKD and "no canonical decomposition" for NFD.
Run: python3 tools/unicode/generate_decompositions.py
"""
import os
import sys
import unicodedata

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "src", "LocalAi.Speech", "Text", "Unicode", "decompositions.txt")


def spell(text):
    return " ".join(format(ord(c), "X") for c in text)


def main():
    lines = [f"# Unicode {unicodedata.unidata_version} decompositions from Python {sys.version.split()[0]} unicodedata; see tools/unicode/generate_decompositions.py"]
    for cp in range(0x110000):
        if 0xAC00 <= cp <= 0xD7A3 or 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        ccc = unicodedata.combining(c)
        nfd = unicodedata.normalize("NFD", c)
        nfkd = unicodedata.normalize("NFKD", c)
        if ccc == 0 and nfd == c and nfkd == c:
            continue
        nfd_field = "" if nfd == c else spell(nfd)
        nfkd_field = "" if nfkd == nfd else spell(nfkd)
        lines.append(f"{cp:X};{ccc};{nfd_field};{nfkd_field}")
    with open(OUT, "w", encoding="ascii", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
