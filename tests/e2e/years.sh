#!/usr/bin/env bash
# The browser gates over the years site (issue 16): plans of many periods, 150 news split
# over pages, 500 events over five years. tests/common/years_site.rs writes the site (by
# the `write_the_years_site_where_asked` test of tests/years.rs), then it is built with
# each theme ("now" 15 May 2021, so plans are marked current) and main.mjs scans the pages
# of pages-years.json. Screenshots go to target/e2e/screenshots/years[-congthongtin]/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
shots="${SCREENSHOTS:-$repo/target/e2e/screenshots}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
YEARS_SITE_DIR="$work/site" cargo test --quiet --test years write_the_years_site_where_asked >/dev/null
for theme in default congthongtin; do
  echo "== years site, theme $theme"
  sed -i "/^theme: /d" "$work/site/config.yaml"
  echo "theme: $theme" >> "$work/site/config.yaml"
  SOURCE_DATE_EPOCH=1621080000 cargo run --quiet -- build --quiet --root "$work/site"
  node "$here/main.mjs" --site "$work/site/output" --pages "$here/pages-years.json" --skip-search \
    --screenshots "$shots/years-$theme" "$@"
done
