#!/usr/bin/env python3
# A 10,000-report corpus with cross flags, made from the 10,000 generated reports (bench
# README, sixth round): 7,000 as they are, 1,000 exact copies (duplicate-report,
# report-superseded), 1,000 copies under another report's agency name (copied-from-peer), 1,000
# copies a year later (copied-from-previous-year, the continuity rules).
#
#   target/release/nianbao-corpus /tmp/cm10k --count 10000 --seed 1
#   bench/cross-corpus.py /tmp/cm10k /tmp/cmx10k
#
# Any other size keeps the shares (a tenth of the reports per part): from 2,000 generated
# reports, 1,400 as they are and 200 of each kind of copy.
import os
import sys
src, dst = sys.argv[1], sys.argv[2]
for part in ("orig", "dup", "peer", "next"):
    os.makedirs(os.path.join(dst, part), exist_ok=True)
names = sorted(os.listdir(src))
tenth = len(names) // 10
def text(n):
    try:
        return open(os.path.join(src, n), encoding='utf-8').read()
    except UnicodeDecodeError:
        return None
def agency(t, year):
    for line in t.splitlines():
        line = line.strip()
        if line and str(year) + '年' in line:
            return line.split(str(year) + '年')[0]
    return None
count = 0
for n in names[:7 * tenth]:
    open(os.path.join(dst, 'orig', n), 'w', encoding='utf-8').write(text(n) or '')
    count += 1
for n in names[:tenth]:
    t = text(n)
    if t: open(os.path.join(dst, 'dup', n), 'w', encoding='utf-8').write(t); count += 1
for i, n in enumerate(names[tenth:2 * tenth]):
    t, o = text(n), text(names[5 * tenth + i])
    if not t or not o: continue
    y, oy = int(n[-8:-4]), int(names[5 * tenth + i][-8:-4])
    a, b = agency(t, y), agency(o, oy)
    if a and b and a != b:
        open(os.path.join(dst, 'peer', n), 'w', encoding='utf-8').write(t.replace(a, b)); count += 1
for n in names[3 * tenth:4 * tenth]:
    t = text(n)
    if not t: continue
    y = int(n[-8:-4])
    t = t.replace(str(y + 1), str(y + 2)).replace(str(y), str(y + 1))
    open(os.path.join(dst, 'next', n[:-8] + str(y + 1) + '.txt'), 'w', encoding='utf-8').write(t); count += 1
print(count)
