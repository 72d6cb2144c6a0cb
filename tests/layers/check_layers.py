#!/usr/bin/env python3
"""The layers' rules, checked on the built objects (docs/architecture.md, "Layers"):

  1. no object calls a function (or reads data) defined in a layer above its own;
  2. no two source files call each other, directly or round a longer cycle;
  3. every global name a layer defines carries that layer's prefix.

Usage: check_layers.py LEVEL:NAME=ARCHIVE:PREFIX[,PREFIX] ...
LEVEL is the layer's height (0 lowest); layers at the same height (two adapters) may not call
each other either. Reads the archives with nm. Prints one line per broken rule and exits 1, or
says what it checked.
"""
import subprocess
import sys
from collections import defaultdict


def nm(archive, *flags):
    """(member, symbol type, symbol) of every symbol nm lists for the archive, whose lines read
    "archive:member:address TYPE name" (no address for undefined names)."""
    out = subprocess.run(["nm", "-A", *flags, archive], check=True, capture_output=True,
                         text=True).stdout
    for line in out.splitlines():
        tokens = line.split()
        yield tokens[0].split(":")[-2], tokens[-2], tokens[-1]


def load(layers):
    """defined[symbol] = (layer index, object); uses[object] = undefined symbols; owner[object]."""
    defined, uses, owner, names = {}, defaultdict(set), {}, defaultdict(list)
    for index, (layer, archive, _, _) in enumerate(layers):
        for member, kind, symbol in nm(archive, "--defined-only", "-g"):
            obj = f"{layer}/{member}"
            defined[symbol] = (index, obj)
            owner[obj] = index
            names[obj].append(symbol)
        for member, _, symbol in nm(archive, "-u"):
            obj = f"{layer}/{member}"
            uses[obj].add(symbol)
            owner[obj] = index  # an object may define nothing global (abi_layout.c)
    return defined, uses, owner, names


def upward_calls(layers, defined, uses, owner):
    for obj, symbols in sorted(uses.items()):
        mine = layers[owner[obj]]
        for symbol in sorted(symbols):
            if symbol not in defined or defined[symbol][0] == owner[obj]:
                continue
            theirs = layers[defined[symbol][0]]
            if theirs[3] > mine[3]:
                yield f"{obj} uses {symbol}, defined in {theirs[0]}, a layer above"
            elif theirs[3] == mine[3]:
                yield f"{obj} uses {symbol}, defined in {theirs[0]}, a layer beside it"


def graph(defined, uses):
    edges = defaultdict(set)
    for obj, symbols in uses.items():
        for symbol in symbols:
            if symbol in defined and defined[symbol][1] != obj:
                edges[obj].add(defined[symbol][1])
    return edges


def cycles(nodes, edges):
    """Strongly connected components of more than one file (Tarjan, iteratively)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def unprefixed(layers, names, owner):
    for obj, symbols in sorted(names.items()):
        prefixes = layers[owner[obj]][2]
        for symbol in symbols:
            # Names that begin with "__" are the compiler's (a sanitizer's __odr_asan.*), never
            # the project's: C reserves them.
            if not symbol.lower().startswith(prefixes) and not symbol.startswith("__"):
                yield f"{obj} defines {symbol}, without its layer's prefix ({', '.join(prefixes)})"


def main(argv):
    layers = []
    for arg in argv:
        level, _, arg = arg.partition(":")
        name, _, rest = arg.partition("=")
        archive, _, prefixes = rest.rpartition(":")
        layers.append((name, archive, tuple(prefixes.split(",")), int(level)))
    defined, uses, owner, names = load(layers)
    problems = list(upward_calls(layers, defined, uses, owner))
    problems += [f"files that call each other: {' <-> '.join(c)}"
                 for c in cycles(owner.keys(), graph(defined, uses))]
    problems += list(unprefixed(layers, names, owner))
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"{len(owner)} objects in {len(layers)} layers "
          f"({', '.join(f'{name} at {level}' for name, _, _, level in layers)}): no call up or "
          f"across, no cycle, "
          f"every global name prefixed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
