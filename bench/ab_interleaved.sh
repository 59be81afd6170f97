#!/usr/bin/env bash
# Two congkhai builds and Hugo, interleaved round by round, output into tmpfs: the
# before/after series of BENCHMARKS.md ("Years of content").
#
#   BEFORE=bin SITE_BEFORE=dir AFTER=bin SITE_AFTER=dir [SITE_AFTER_FLAT=dir] \
#   HUGO_SITE=dir bench/ab_interleaved.sh [ROUNDS] > runs.tsv
#
# Each site is a copy of bench/sites/N/congkhai with the themes/ of its binary's commit
# (a theme from another commit may not render). SITE_AFTER_FLAT, when given, is the same
# site with `paginate: 100000` in config.yaml: the output then has the same pages as
# before pagination existed. Prints one line per run: name, exit code, wall s,
# CPU s (user + system), max RSS KB. One warm-up build of each first, not printed.
set -u
ROUNDS=${1:-5}
: "${BEFORE:?} ${SITE_BEFORE:?} ${AFTER:?} ${SITE_AFTER:?} ${HUGO_SITE:?}"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
OUT=${OUT:-/dev/shm/ab-out}
TIMES=$(mktemp)
trap 'rm -f "$TIMES"; rm -rf "$OUT"' EXIT

run() { # print? name command...
    local print=$1 name=$2
    shift 2
    rm -rf "$OUT"
    sync
    local t0 t1 rc
    t0=$(date +%s%N)
    /usr/bin/time -f "%U %S %M" -o "$TIMES" "$@" >/dev/null 2>&1
    rc=$?
    t1=$(date +%s%N)
    local u s m
    read -r u s m <"$TIMES"
    [[ $print == yes ]] && printf "%s\t%s\t%.3f\t%.2f\t%d\n" "$name" "$rc" \
        "$(echo "($t1-$t0)/1000000000" | bc -l)" "$(echo "$u+$s" | bc -l)" "$m"
    return 0
}

round() { # print?
    run "$1" before "$BEFORE" build -q --root "$SITE_BEFORE" --output "$OUT"
    [[ -n ${SITE_AFTER_FLAT:-} ]] &&
        run "$1" after-flat "$AFTER" build -q --root "$SITE_AFTER_FLAT" --output "$OUT"
    run "$1" after "$AFTER" build -q --root "$SITE_AFTER" --output "$OUT"
    run "$1" hugo hugo --quiet -s "$HUGO_SITE" -d "$OUT"
}

round no
for _ in $(seq "$ROUNDS"); do
    round yes
done
