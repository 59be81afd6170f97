#!/usr/bin/env bash
# The full checks of the bundled site in a real browser: build it into output/, then
# tests/e2e/main.mjs serves output/ on 127.0.0.1 and runs the Nu HTML checker on every
# HTML file, axe-core, keyboard, reflow and print checks on one page of each kind
# (pages.json) in both languages, and writes screenshots to target/e2e/screenshots/.
# Needs Node.js, Java 11+ and Debian's chromium (.ci/run installs them).
# Arguments go to main.mjs, e.g. `bash tests/e2e/run.sh --all` to scan every page.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

missing=0
for tool in node npm java cargo; do
  command -v "$tool" >/dev/null || { echo "run.sh: '$tool' not found" >&2; missing=1; }
done
chromium="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] || { echo "run.sh: $chromium not found (apt-get install chromium)" >&2; missing=1; }
[ "$missing" = 0 ] || exit 2

# --ignore-scripts: vnu-jar's install script would try to fetch a Java runtime; the
# machine's Java is used instead.
if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/axe-core" ] || [ ! -d "$here/node_modules/vnu-jar" ]; then
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund)
fi

cargo run --quiet -- build --root "$repo"
node "$here/main.mjs" --site "$repo/output" "$@"

# The second theme must pass the same gates: the bundled site again, with
# `theme: congthongtin`, in a copy of its own (the repository's config stays as it is).
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$repo/config.yaml" "$repo/content" "$repo/themes" "$work/"
sed -i 's/^theme: .*/theme: congthongtin/' "$work/config.yaml"
grep -q '^theme: congthongtin$' "$work/config.yaml"
SOURCE_DATE_EPOCH=1605257460 cargo run --quiet -- build --quiet --root "$work"
echo
echo "== theme congthongtin"
node "$here/main.mjs" --site "$work/output" --screenshots "$repo/target/e2e/screenshots/congthongtin" "$@"

# Archived copies, translation fallbacks and drafts, in both themes.
bash "$here/honest.sh" "$@"

# Plans of many periods, lists split over pages, events over five years, in both themes.
bash "$here/years.sh" "$@"

# Notices and the list of disclosed information, in both themes: the notices test site
# (the bundled site plus ten notices of test data), built as the other tests build it.
for theme in default congthongtin; do
  site="$work/notices-$theme"
  python3 "$repo/tests/fixtures/notices/make_site.py" "$site"
  sed -i "s/^theme: .*/theme: $theme/" "$site/config.yaml"
  grep -q "^theme: $theme\$" "$site/config.yaml"
  SOURCE_DATE_EPOCH=1605257460 cargo run --quiet -- build --quiet --root "$site"
  echo
  echo "== notices test site, theme $theme"
  node "$here/main.mjs" --site "$site/output" --pages "$here/pages-notices.json" \
    --screenshots "$repo/target/e2e/screenshots/notices-$theme" "$@"
done
