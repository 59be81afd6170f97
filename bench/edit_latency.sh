#!/usr/bin/env bash
# Edit-to-written latency of `congkhai watch`, side by side with a full build.
#
#   bench/edit_latency.sh [EDITS] [PAGES]
#
# For two sites, the bundled one (a copy) and a synthetic PAGES-page one (default
# 10000; made by bench/gen_site.py when present, else by a minimal generator here):
# 1. times RUNS (default 3) full builds (`congkhai build` into an emptied folder);
# 2. starts `congkhai watch`, then EDITS times (default 15) appends a sentence to one
#    page and polls its output file every millisecond until the sentence is there:
#    edit-to-written, debounce included. Each rebuild's own time, as watch prints it
#    ("in N ms"), is reported too: the part that is congkhai's work, and when its
#    pages were written ("pages written after N ms", before the search index); the CPU time
#    (user + system) the watch process spent per edit, steadier than wall time on a
#    machine shared with other work (resolution 10 ms);
# 3. prints a Markdown table of medians.
# A benchmark, not a test: it asserts nothing about speed. It runs the profiling build
# (built if missing; or set CONGKHAI=path). Environment: RUNS, SEED (default 1),
# BENCH_SITES (default bench/sites), GEN_SITE (a gen_site.py to use).
set -euo pipefail

EDITS=${1:-15}
PAGES=${2:-10000}
RUNS=${RUNS:-3}
[[ $EDITS =~ ^[0-9]+$ && $PAGES =~ ^[0-9]+$ && $EDITS -ge 1 ]] || {
    echo "usage: bench/edit_latency.sh [EDITS] [PAGES]" >&2
    exit 2
}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SITES=${BENCH_SITES:-$ROOT/bench/sites}
GEN_SITE=${GEN_SITE:-$ROOT/bench/gen_site.py}
SEED=${SEED:-1}
say() { printf '== %s\n' "$*" >&2; }

if [[ -n ${CONGKHAI:-} ]]; then
    BIN=$CONGKHAI
else
    BIN=$ROOT/target/profiling/congkhai
    [[ -x $BIN ]] || { say "cargo build --profile profiling"; (cd "$ROOT" && cargo build --profile profiling --quiet); }
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/congkhai-edit-latency.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# --- the sites ----------------------------------------------------------------------
BUNDLED=$WORK/bundled
mkdir -p "$BUNDLED"
cp -r "$ROOT/content" "$ROOT/themes" "$ROOT/config.yaml" "$BUNDLED/"

SYNTH=$SITES/edit-latency-$PAGES
if [[ -f $GEN_SITE ]]; then
    if [[ ! -d $SYNTH/congkhai/content ]]; then
        say "generating a $PAGES-page site with $GEN_SITE"
        python3 "$GEN_SITE" "$PAGES" "$SYNTH" --seed "$SEED" --theme-from "$ROOT" >&2
    fi
    SYNTH_ROOT=$SYNTH/congkhai
else
    SYNTH_ROOT=$SYNTH/minimal
    if [[ ! -d $SYNTH_ROOT/content ]]; then
        say "generating a minimal $PAGES-page site (no $GEN_SITE)"
        python3 - "$PAGES" "$SYNTH_ROOT" "$ROOT" <<'PY'
import os, shutil, sys
n, out, repo = int(sys.argv[1]), sys.argv[2], sys.argv[3]
shutil.copytree(os.path.join(repo, "themes"), os.path.join(out, "themes"))
with open(os.path.join(out, "config.yaml"), "w") as f:
    f.write("title: placeholder\n")  # replaced below
def write(rel, title, body, tags=()):
    p = os.path.join(out, "content", rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w") as f:
        t = ", ".join(f'"{x}"' for x in tags)
        f.write(f'---\ntitle: "{title}"\ntags: [{t}]\n---\n\n{body}\n')
write("_index.md", "Trang chủ", "Trang thử.")
write("_index.en.md", "Home", "A test site.")
words = "kế hoạch nhiệm vụ chỉ tiêu dự án sự kiện phường quận năm quý thực hiện".split()
for i in range(n // 2):
    sec = f"muc-{i // 100:03d}"
    if i % 100 == 0:
        write(f"{sec}/_index.md", f"Mục {i // 100}", "Mục thử.")
        write(f"{sec}/_index.en.md", f"Section {i // 100}", "A section.")
    text = "\n\n".join(" ".join(words[(i + j + k) % len(words)] for k in range(60)) for j in range(8))
    link = f"\n\nXem [trang trước](trang-{i - 1:05d}.md)." if i % 100 else ""
    tags = [f"thẻ {i % 40}", f"thẻ {(i * 7) % 40}"]
    write(f"{sec}/trang-{i:05d}.md", f"Trang {i}", text + link, tags)
    write(f"{sec}/trang-{i:05d}.en.md", f"Page {i}", text, [f"tag {i % 40}"])
PY
    fi
fi

# --- the measurement ------------------------------------------------------------------
measure() { # NAME SITE_ROOT
    python3 - "$1" "$2" "$BIN" "$EDITS" "$RUNS" "$WORK" <<'PY'
import os, re, shutil, statistics, subprocess, sys, threading, time
name, root, binary, edits, runs, work = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
content = os.path.join(root, "content")
pages = sorted(
    os.path.relpath(os.path.join(d, f), content)
    for d, _, fs in os.walk(content) for f in fs
    if f.endswith(".md") and not f.startswith("_index") and not f.endswith(".en.md")
)
page = pages[len(pages) // 2]
count = sum(1 for d, _, fs in os.walk(content) for f in fs if f.endswith(".md"))
# File names in both sites are already slugs: dir/name.md is published at dir/name/index.html.
target = os.path.join(root, "output", page[:-3], "index.html")

import resource
full, full_cpu = [], []
out = os.path.join(work, f"full-{name}")
for _ in range(runs):
    shutil.rmtree(out, ignore_errors=True)
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([binary, "build", "--root", root, "--output", out], check=True, stderr=subprocess.DEVNULL)
    full.append((time.perf_counter() - t) * 1000)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    full_cpu.append((r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime) * 1000)
shutil.rmtree(out, ignore_errors=True)

shutil.rmtree(os.path.join(root, "output"), ignore_errors=True)
# Its lines are read below in English, whatever the site's language.
watch = subprocess.Popen([binary, "watch", "--root", root], stderr=subprocess.PIPE, text=True,
                         env={**os.environ, "CONGKHAI_LANG": "en"})
lines = []
def read():
    for line in watch.stderr:
        lines.append(line.rstrip("\n"))
threading.Thread(target=read, daemon=True).start()
try:
    deadline = time.time() + 300
    while not any(l.startswith("built ") for l in lines):
        if time.time() > deadline or watch.poll() is not None:
            sys.exit(f"watch did not build {name}:\n" + "\n".join(lines))
        time.sleep(0.05)
    if not os.path.isfile(target):
        sys.exit(f"expected output {target} is missing")
    src = os.path.join(content, page)
    latencies, rebuilds, firsts, cpu = [], [], [], []
    tick = os.sysconf("SC_CLK_TCK")
    def cpu_ms():
        # utime + stime of the watch process (all its threads), from /proc.
        with open(f"/proc/{watch.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 / tick
    for i in range(edits):
        marker = f"Câu thêm số {i} để đo."
        seen = len(lines)
        c0 = cpu_ms()
        with open(src, "a", encoding="utf-8") as f:
            f.write(f"\n{marker}\n")
        t = time.perf_counter()
        deadline = t + 30
        while True:
            try:
                with open(target, encoding="utf-8") as f:
                    if marker in f.read():
                        break
            except FileNotFoundError:
                pass
            if time.perf_counter() > deadline:
                sys.exit(f"edit {i} never reached {target}:\n" + "\n".join(lines[-20:]))
            time.sleep(0.001)
        latencies.append((time.perf_counter() - t) * 1000)
        # The rebuild's own line, then a pause so that edits do not share a debounce.
        end = time.time() + 10
        while time.time() < end and not any(l.startswith("rebuilt") for l in lines[seen:]):
            time.sleep(0.005)
        cpu.append(cpu_ms() - c0)
        for l in lines[seen:]:
            m = re.match(r"rebuilt .* in (\d+) ms(?: \(pages written after (\d+) ms\))?$", l)
            if m:
                rebuilds.append(int(m.group(1)))
                if m.group(2):
                    firsts.append(int(m.group(2)))
        time.sleep(0.3)
    example = next((l for l in reversed(lines) if l.startswith("rebuilt")), "")
finally:
    watch.send_signal(2)
    try:
        watch.wait(timeout=30)
    except subprocess.TimeoutExpired:
        watch.kill()
med = lambda xs: statistics.median(xs) if xs else float("nan")
load = os.getloadavg()[0]
print(f"| {name} | {count} | {med(full):.0f} | {med(full_cpu):.0f} | {med(latencies):.0f} ({min(latencies):.0f}–{max(latencies):.0f}) | {med(firsts):.0f} | {med(rebuilds):.0f} | {med(cpu):.0f} | {len(latencies)} | {load:.1f} |")
print(f"   last rebuild line ({name}): {example}", file=sys.stderr)
PY
}

say "binary: $BIN; $EDITS edits per site; $RUNS full builds per site"
echo "| site | Markdown files | full build, median ms | full build CPU, median ms | edit to written, median ms (min–max) | pages written (watch), median ms | rebuild as watch reports it, median ms | CPU per edit, median ms | edits | load average |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
measure "bundled" "$BUNDLED"
# Edited in a copy, so that the generated site stays as generated.
cp -r "$SYNTH_ROOT" "$WORK/synthetic"
rm -rf "$WORK/synthetic/output"
# A configuration of its own, in the current format: only the content is the generator's.
cat > "$WORK/synthetic/config.yaml" <<'YAML'
title: "Trang thử"
base_url: "https://bench.example/"
issuer: "Thử nghiệm"
office: "Thử nghiệm"
theme: default
languages:
  - code: vi
    name: "Tiếng Việt"
  - code: en
    name: "English"
YAML
measure "synthetic $PAGES" "$WORK/synthetic"
