#!/usr/bin/env bash
# Build a synthetic N-page site with congkhai, Hugo and the floor, in turns, and print medians.
#
#   bench/run.sh N [RUNS]
#
# 1. generates bench/sites/N/{congkhai,hugo} with bench/gen_site.py (reused when its stamp
#    says the same N, seed and generator made it);
# 2. builds congkhai (`cargo build --profile profiling` in the repo root: the release build
#    with line tables, so perf and callgrind name functions) and the floor (bench/floor);
# 3. one warm-up build each, then RUNS rounds (default 5) of congkhai, Hugo, floor in turn,
#    each under /usr/bin/time -v, into an output folder emptied before each run (not timed);
# 4. prints a Markdown table of medians of wall time and peak memory (max RSS), and the
#    ratios congkhai/Hugo and congkhai/floor.
# If congkhai fails to build or its build of the site fails (or writes no HTML), the script
# says so, shows the end of its log, and still measures Hugo and the floor.
#
# Environment: SEED (default 1), BENCH_SITES (default bench/sites), BENCH_OUT (where the
# output folders go, default BENCH_SITES; /dev/shm keeps the disk out of it), CONGKHAI (a congkhai
# binary to use instead of building target/profiling/congkhai), HUGO_LINKS (relref | url).
# Needs: python3, cargo, hugo (`apt-get install -y hugo`), /usr/bin/time (`apt-get install -y time`).
set -euo pipefail

usage() { echo "usage: bench/run.sh N [RUNS]" >&2; exit 2; }
[[ $# -ge 1 && $# -le 2 ]] || usage
N=$1
RUNS=${2:-5}
[[ $N =~ ^[0-9]+$ && $RUNS =~ ^[0-9]+$ && $RUNS -ge 1 ]] || usage

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SITES=${BENCH_SITES:-$ROOT/bench/sites}
SEED=${SEED:-1}
HUGO_LINKS=${HUGO_LINKS:-relref}
SITE=$SITES/$N
OUT=${BENCH_OUT:-$SITES}/out-$N
LOGS=$SITES/logs-$N
RESULTS=$LOGS/runs.tsv

for tool in python3 cargo hugo /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "error: $tool not found (apt-get install -y hugo time)" >&2; exit 1; }
done

say() { printf '== %s\n' "$*" >&2; }

# --- 1. the sites ----------------------------------------------------------------------------
gen=(python3 "$ROOT/bench/gen_site.py" "$N" "$SITE" --seed "$SEED" --hugo-links "$HUGO_LINKS")
if [[ -f $SITE/.gen-stamp && "$("${gen[@]}" --print-stamp)" == "$(cat "$SITE/.gen-stamp")" ]]; then
    say "reusing $SITE"
else
    say "generating $SITE"
    "${gen[@]}" >&2
fi

# the theme is copied afresh on every run, so that a reused site gets the current themes/
rm -rf "${SITE:?}/congkhai/themes"
[[ -d $ROOT/themes ]] && cp -R "$ROOT/themes" "$SITE/congkhai/themes"

# --- 2. the programs -------------------------------------------------------------------------
mkdir -p "$LOGS" "$OUT"
rm -f "$LOGS"/*.time "$LOGS"/*.log "$RESULTS"
CK_OK=1
CK_WHY=""
if [[ -n ${CONGKHAI:-} ]]; then
    CK_BIN=$CONGKHAI
else
    CK_BIN=$ROOT/target/profiling/congkhai
    say "cargo build --profile profiling (congkhai)"
    if ! (cd "$ROOT" && cargo build --profile profiling) >"$LOGS/cargo-congkhai.log" 2>&1; then
        CK_OK=0
        CK_WHY="cargo build --profile profiling failed (log: $LOGS/cargo-congkhai.log)"
    fi
fi
[[ $CK_OK == 1 && ! -x $CK_BIN ]] && { CK_OK=0; CK_WHY="no binary at $CK_BIN"; }

say "cargo build --release (bench/floor)"
(cd "$ROOT" && cargo build --release --manifest-path bench/floor/Cargo.toml \
    --target-dir "$ROOT/target/bench-floor") >"$LOGS/cargo-floor.log" 2>&1 \
    || { cat "$LOGS/cargo-floor.log" >&2; echo "error: the floor did not build" >&2; exit 1; }
FLOOR_BIN=$ROOT/target/bench-floor/release/congkhai-bench-floor

# --- 3. the runs -----------------------------------------------------------------------------
# run_one TOOL RUN: prints the exit status; appends "tool run rc wall_s maxrss_kb cpu_s" to RESULTS
run_one() {
    local tool=$1 run=$2 rc=0 cmd
    case $tool in
        congkhai) cmd=("$CK_BIN" build --root "$SITE/congkhai" --output "$OUT/congkhai") ;;
        hugo) cmd=(hugo --quiet -s "$SITE/hugo" -d "$OUT/hugo") ;;
        floor) cmd=("$FLOOR_BIN" "$SITE/congkhai/content" "$OUT/floor") ;;
    esac
    rm -rf "${OUT:?}/$tool"
    sync
    local t0 t1
    t0=$(date +%s%N)
    /usr/bin/time -v -o "$LOGS/$tool.$run.time" "${cmd[@]}" >"$LOGS/$tool.$run.log" 2>&1 || rc=$?
    t1=$(date +%s%N)
    # wall time from date(1) in ns (time -v rounds it to 10 ms); max RSS and CPU from time -v
    python3 - "$LOGS/$tool.$run.time" "$tool" "$run" "$rc" "$((t1 - t0))" >>"$RESULTS" <<'PY'
import re, sys
path, tool, run, rc, ns = sys.argv[1:]
t = open(path).read()
def field(name):
    m = re.search(r"^\s*" + re.escape(name) + r".*: (\S+)\s*$", t, re.M)
    return m.group(1) if m else "nan"
wall = int(ns) / 1e9
cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
print(f"{tool}\t{run}\t{rc}\t{wall:.3f}\t{field('Maximum resident set size (kbytes)')}\t{cpu:.2f}")
PY
    echo "$rc"
}

html_count() { [[ -d $1 ]] && find "$1" -name '*.html' | wc -l || echo 0; }

TOOLS=(congkhai hugo floor)
say "warm-up"
if [[ $CK_OK == 1 ]]; then
    rc=$(run_one congkhai 0)
    if [[ $rc != 0 ]]; then
        CK_OK=0; CK_WHY="congkhai build exited with status $rc (log: $LOGS/congkhai.0.log)"
    elif [[ $(html_count "$OUT/congkhai") == 0 ]]; then
        CK_OK=0; CK_WHY="congkhai build exited 0 but wrote no HTML into $OUT/congkhai"
    fi
fi
if [[ $CK_OK == 0 ]]; then
    say "congkhai is not measured: $CK_WHY"
    for f in "$LOGS/congkhai.0.log" "$LOGS/cargo-congkhai.log"; do
        [[ -s $f ]] && { echo "--- tail of $f" >&2; tail -n 15 "$f" >&2; }
    done
    TOOLS=(hugo floor)
fi
for tool in hugo floor; do
    rc=$(run_one "$tool" 0)
    [[ $rc == 0 ]] || { tail -n 30 "$LOGS/$tool.0.log" >&2; echo "error: $tool failed in the warm-up" >&2; exit 1; }
done

# how busy the machine was (other users' work makes the figures noisy): load average, and the
# share of the last 60 s in which some task waited for a CPU (Linux pressure stall information)
busy() {
    local psi=n/a
    [[ -r /proc/pressure/cpu ]] && psi=$(sed -n 's/^some .*avg60=\([0-9.]*\).*/\1 %/p' /proc/pressure/cpu)
    echo "load $(cut -d' ' -f1-3 /proc/loadavg), CPU pressure $psi"
}
LOAD_BEFORE=$(busy)
for ((i = 1; i <= RUNS; i++)); do
    say "round $i/$RUNS"
    for tool in "${TOOLS[@]}"; do
        rc=$(run_one "$tool" "$i")
        [[ $rc == 0 ]] || say "$tool failed in round $i (status $rc, log $LOGS/$tool.$i.log)"
    done
done
LOAD_AFTER=$(busy)

# --- 4. the table ----------------------------------------------------------------------------
PAGES_MD=$(find "$SITE/congkhai/content" -name '*.md' ! -name '_index*' | wc -l)
{
    echo "congkhai=$(html_count "$OUT/congkhai")"
    echo "hugo=$(html_count "$OUT/hugo")"
    echo "floor=$(html_count "$OUT/floor")"
} >"$LOGS/html-counts"

python3 - "$RESULTS" "$LOGS/html-counts" "$N" "$PAGES_MD" "$RUNS" "$CK_OK" "$CK_WHY" \
    "$LOAD_BEFORE" "$LOAD_AFTER" "$(hugo version | cut -d' ' -f2)" \
    "$(nproc) × $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM" \
    <<'PY' | tee "$LOGS/summary.md"
import statistics, sys
results, counts, n, pages, runs, ck_ok, ck_why, load0, load1, hugo_v, machine = sys.argv[1:]
rows = {}
for line in open(results):
    tool, run, rc, wall, rss, cpu = line.split("\t")
    if run != "0" and rc == "0":
        rows.setdefault(tool, []).append((float(wall), int(rss) / 1024, float(cpu)))
html = dict(l.strip().split("=") for l in open(counts))
med = {t: tuple(statistics.median(r[k] for r in v) for k in range(3)) for t, v in rows.items()}
print(f"N = {n} ({pages} Markdown pages), {runs} runs after a warm-up; medians of successful runs.")
print(f"Machine: {machine}. Before the timed runs: {load0}; after: {load1}.\n")
print("| builder | wall s (median) | wall s (min–max) | peak MB (median) | CPU s (median) | runs ok | HTML files |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
names = {"congkhai": "congkhai", "hugo": f"Hugo {hugo_v}", "floor": "floor (pulldown-cmark + rayon)"}
for t in ("congkhai", "hugo", "floor"):
    if t in med:
        w, m, c = med[t]
        ws = [r[0] for r in rows[t]]
        print(f"| {names[t]} | {w:.2f} | {min(ws):.2f}–{max(ws):.2f} | {m:.0f} | {c:.2f} | {len(rows[t])}/{runs} | {html[t]} |")
    else:
        print(f"| {names[t]} | pending | pending | pending | pending | 0/{runs} | – |")
print()
if "congkhai" in med:
    for other in ("hugo", "floor"):
        if other in med:
            print(f"- congkhai/{other}: wall {med['congkhai'][0] / med[other][0]:.2f}×,"
                  f" peak memory {med['congkhai'][1] / med[other][1]:.2f}×")
else:
    print(f"- congkhai: not measured ({ck_why}); ratios pending.")
if "hugo" in med and "floor" in med:
    print(f"- Hugo/floor: wall {med['hugo'][0] / med['floor'][0]:.1f}×,"
          f" peak memory {med['hugo'][1] / med['floor'][1]:.1f}×")
PY
echo "(per-run figures: $RESULTS; logs: $LOGS)" >&2
