#!/usr/bin/env python3
# Moves modules with `git mv` and rewrites every relative import specifier that pointed at (or from) them, so a
# layout change stays a pure move. Usage: scripts/move-modules.py OLD=NEW ... (paths from the repo root, with
# extension; a folder moves as a whole). Kept for the next reorganisation; not part of the build.
import os
import re
import subprocess
import sys

ROOTS = ['main', 'renderer', 'test', 'bench', 'scripts']
TOP_FILES = ['vite.config.ts', 'vitest.config.ts']
SOURCE = re.compile(r'\.(ts|tsx|mts|mjs|js|cjs)$')
SPEC = re.compile(
    r"""((?:\bfrom|^\s*import|\bimport\(|\bvi\.mock\(|\bvi\.importActual(?:<[^>]*>)?\(|\brequire\()\s*)(['"])(\.{1,2}/[^'"]*)\2""",
    re.M,
)
PROBE = ['', '.ts', '.tsx', '.mts', '.mjs', '.js', '/index.ts', '/index.tsx']


def sources():
    out = [f for f in TOP_FILES if os.path.exists(f)]
    for root in ROOTS:
        for d, dirs, files in os.walk(root):
            dirs[:] = [x for x in dirs if x not in ('node_modules', 'runtimes')]
            out += [os.path.join(d, f) for f in files if SOURCE.search(f)]
    return [os.path.normpath(f) for f in out]


def resolve(frm, spec):
    base = os.path.normpath(os.path.join(os.path.dirname(frm), spec))
    stem = re.sub(r'\.js$', '', base)
    for ext in PROBE:
        for b in ([base, stem] if stem != base else [base]):
            if os.path.isfile(b + ext):
                return b + ext, ext
    return None, None


def main():
    moves = [tuple(os.path.normpath(p) for p in a.split('=', 1)) for a in sys.argv[1:]]

    def moved(path):
        for old, new in moves:
            if path == old:
                return new
            if path.startswith(old + os.sep):
                return new + path[len(old):]
        return path

    plan = {}
    for f in sources():
        text = open(f, encoding='utf8').read()
        edits = []
        for m in SPEC.finditer(text):
            spec = m.group(3)
            target, ext = resolve(f, spec)
            if target is None:
                continue
            nf, nt = moved(f), moved(target)
            if nf == f and nt == target:
                continue
            if ext and spec.endswith(os.path.basename(target)):
                new_target_spec = nt  # the specifier names the file with its extension
            elif ext.startswith('/index'):
                new_target_spec = nt[: -len(ext)]
            elif spec.endswith('.js') and not target.endswith('.js'):
                new_target_spec = re.sub(r'\.(ts|tsx)$', '.js', nt)
            else:
                new_target_spec = nt[: -len(ext)] if ext else nt
            rel = os.path.relpath(new_target_spec, os.path.dirname(nf))
            if not rel.startswith('.'):
                rel = './' + rel
            if rel != spec:
                edits.append((m.start(3), m.end(3), rel))
        if edits:
            for s, e, rel in reversed(edits):
                text = text[:s] + rel + text[e:]
            plan[f] = text

    for old, new in moves:
        os.makedirs(os.path.dirname(new), exist_ok=True)
        subprocess.run(['git', 'mv', old, new], check=True)
    for f, text in plan.items():
        with open(moved(f), 'w', encoding='utf8') as out:
            out.write(text)
    print(f'{len(moves)} moves, {len(plan)} files rewritten')


main()
