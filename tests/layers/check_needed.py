#!/usr/bin/env python3
"""Which shared libraries a binary needs (its dynamic section's NEEDED entries, read by readelf).

Usage: check_needed.py WORD --without BINARY... --with BINARY...
Fails when a --without binary needs a library whose name holds WORD, or when a --with binary
needs none (the check would then be blind). libmosaic-telemetry.so must not need SQLite, which
only the command links (docs/architecture.md, "Layers").
"""
import subprocess
import sys


def needed(binary):
    out = subprocess.run(["readelf", "-d", "--wide", binary], check=True, capture_output=True,
                         text=True).stdout
    return [line.split("[", 1)[1].split("]", 1)[0] for line in out.splitlines()
            if "(NEEDED)" in line]


def main(argv):
    word, lists, current = argv[0], {"--without": [], "--with": []}, None
    for arg in argv[1:]:
        if arg in lists:
            current = lists[arg]
        else:
            current.append(arg)
    bad = 0
    for binary in lists["--without"]:
        hits = [lib for lib in needed(binary) if word in lib]
        if hits:
            print(f"{binary} needs {', '.join(hits)}: it must not need {word}")
            bad += 1
    for binary in lists["--with"]:
        if not any(word in lib for lib in needed(binary)):
            print(f"{binary} needs no {word} library, yet it should: is the check blind?")
            bad += 1
    if not bad:
        print(f"{len(lists['--without'])} without {word}, {len(lists['--with'])} with it, as "
              "they should be")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
