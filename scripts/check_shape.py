#!/usr/bin/env python3
"""The house rules of issue #13, checked in `make test` (scripts/test.sh):
  - no non-test source file over 600 lines;
  - no function over 150 lines (a brace-matching count: a function starts at a line that
    ends with "{" at nesting depth 0 or 1 — namespace level — and ends at its matching "}");
  - no SQL in route files: tx.query / tx.exec / tx.query_one under src/*/web/ and src/web/.
Prints every breach and exits 1 when there is one."""
import os, re, sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
MAX_FILE, MAX_FN = 600, 150
bad = []

def sources():
    for d, _, files in os.walk(os.path.join(ROOT, 'src')):
        for f in files:
            if f.endswith(('.cc', '.h')) and not f.endswith('_test.cc') and f != 'test_support.h':
                yield os.path.join(d, f)

def strip(line):
    line = re.sub(r'"(\\.|[^"\\])*"', '""', line)
    line = re.sub(r"'(\\.|[^'\\])*'", "''", line)
    return line.split('//')[0]

for path in sources():
    rel = os.path.relpath(path, ROOT)
    lines = open(path, encoding='utf-8').read().split('\n')
    if len(lines) > MAX_FILE and not rel.endswith('calendar_data.cc'):
        bad.append(f'{rel}: {len(lines)} lines (at most {MAX_FILE})')
    depth, start, ns_depth = 0, None, 0
    raw_string = False
    for i, line in enumerate(lines, 1):
        if raw_string:
            if ')"' in line: raw_string = False
            continue
        if 'R"(' in line and ')"' not in line.split('R"(', 1)[1]:
            raw_string = True
        code = strip(line)
        if re.match(r'\s*namespace\b.*\{\s*$', code) or re.match(r'\s*extern "C"', line):
            ns_depth += 1
            depth += 1
            continue
        opens, closes = code.count('{'), code.count('}')
        if start is None and opens > closes and depth == ns_depth and re.search(r'\)\s*(const)?\s*(noexcept)?\s*(->\s*[\w:<>]+\s*)?\{\s*$', code):
            start = (i, line.strip()[:60])
        depth += opens - closes
        if start is not None and depth == ns_depth:
            n = i - start[0] + 1
            if n > MAX_FN:
                bad.append(f'{rel}:{start[0]}: function of {n} lines (at most {MAX_FN}): {start[1]}')
            start = None
        if depth < ns_depth:
            ns_depth = depth
    if re.search(r'(^|/)web/', rel.replace(os.sep, '/')):
        for i, line in enumerate(lines, 1):
            if re.search(r'\btx\.(query|exec|query_one|script)\s*\(', line):
                bad.append(f'{rel}:{i}: SQL in a route file (move it into a service taking store::Tx&)')

for b in bad:
    print(b)
sys.exit(1 if bad else 0)
