#!/usr/bin/env python3
"""Writes the man page mosaic-telemetry(1) from docs/cli.md, so that the two never disagree.

Usage: man_from_md.py docs/cli.md VERSION OUT.1

Handles what docs/cli.md uses: headings (# is the page, ## a section, ### a subsection),
paragraphs, bullet lists, fenced code blocks, tables (one tagged paragraph per row), inline
code, bold and links (their text is kept). Anything else is written as plain text, escaped.
"""
import re
import sys

INLINE = [
    (re.compile(r"\[([^\]]+)\]\([^)]+\)"), r"\1"),  # [text](url) -> text
    (re.compile(r"\*\*([^*]+)\*\*"), "\x01B\\1\x01R"),
    (re.compile(r"`([^`]+)`"), "\x01B\\1\x01R"),
]


def escape(text):
    """roff-safe text: backslashes doubled, a hyphen in a word kept a hyphen."""
    return text.replace("\\", "\\e").replace("-", "\\-")


def inline(text):
    for pattern, replacement in INLINE:
        text = pattern.sub(replacement, text)
    text = escape(text).replace("\x01B", "\\fB").replace("\x01R", "\\fR")
    return protect(text)


def protect(line):
    """A line that starts with . or ' would be read as a request."""
    return "\\&" + line if line[:1] in (".", "'") else line


def table_rows(lines):
    """The rows of a markdown table, without its header separator."""
    rows = []
    for line in lines:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if all(re.fullmatch(r":?-+:?", c) for c in cells if c):
            continue
        rows.append(cells)
    return rows


def convert(markdown, version):
    out = ['.TH MOSAIC\\-TELEMETRY 1 "" "mosaic-telemetry %s" "User Commands"' % version,
           ".SH NAME", "mosaic\\-telemetry \\- report AI coding tasks and query predictions"]
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            end = i + 1
            while end < len(lines) and not lines[end].startswith("```"):
                end += 1
            out += [".PP", ".nf", ".RS 4"]
            out += [protect(escape(code)) for code in lines[i + 1:end]]
            out += [".RE", ".fi"]
            i = end + 1
            continue
        if line.startswith("|"):
            end = i
            while end < len(lines) and lines[end].startswith("|"):
                end += 1
            rows = table_rows(lines[i:end])
            for row in rows[1:]:  # the first row is the header
                out += [".TP", inline(row[0]), inline(" \u2014 ".join(c for c in row[1:] if c))]
            i = end
            continue
        if line.startswith("# "):
            out += [".SH DESCRIPTION"]
        elif line.startswith("## "):
            out += [".SH " + inline(line[3:]).upper().replace("\\FB", "").replace("\\FR", "")]
        elif line.startswith("### "):
            out += [".SS " + inline(line[4:])]
        elif re.match(r"\s*[-*] ", line):
            out += [".IP \\(bu 2", inline(re.sub(r"^\s*[-*] ", "", line))]
        elif not line.strip():
            out += [".PP"]
        else:
            out += [inline(line.strip())]
        i += 1
    return "\n".join(collapse(out)) + "\n"


def collapse(out):
    """No paragraph break right after a heading or another break."""
    kept = []
    for line in out:
        if line == ".PP" and kept and (kept[-1] == ".PP" or kept[-1].startswith((".SH", ".SS"))):
            continue
        kept.append(line)
    return kept


def main():
    source, version, target = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(source, encoding="utf-8") as f:
        page = convert(f.read(), version)
    with open(target, "w", encoding="utf-8") as f:
        f.write(page)


if __name__ == "__main__":
    main()
