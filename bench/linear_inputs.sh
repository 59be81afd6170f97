#!/bin/sh
# bench/linear_inputs.sh BINARY HEADINGS PAGES DIR (BENCHMARKS.md, "Linear in the input"):
# in DIR, three sites from `BINARY init`: heads/ with one page of HEADINGS identical
# `## a` headings; links/ with PAGES pages each linking to a missing page far from every
# name; links2/ the same with each link near its own page's name.
set -e
B=$1; H=$2; P=$3; D=$4
rm -rf "$D"; mkdir -p "$D"
for s in heads links links2; do "$B" init "$D/$s" >/dev/null; done
python3 - "$H" "$P" "$D" <<'PY'
import os, sys
h, p, d = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
with open(f'{d}/heads/content/nhieu-muc.md', 'w') as f:
    f.write('---\ntitle: Nhiều mục\n---\n' + '## a\n\n' * h)
for site, text, target in (('links', 'trang khác', 'khong-co-{i:04d}.md'),
                           ('links2', 'bản cũ', 'trang-{i:04d}-cu.md')):
    os.makedirs(f'{d}/{site}/content/p', exist_ok=True)
    for i in range(p):
        with open(f'{d}/{site}/content/p/trang-{i:04d}.md', 'w') as f:
            link = target.format(i=i)
            f.write(f'---\ntitle: Trang {i}\n---\nXem [{text}]({link}).\n')
PY
