#!/usr/bin/env bash
# The browser gates over what a site that lives for years adds (issue 16 items 5-7):
# an archived copy (the banner and its link), a list in English that falls back to a
# page written only in Vietnamese (the mark), and a draft shown by --drafts (the banner),
# in both themes. The bundled site in a copy of its own, with that page and that draft
# added (test data) and its 2020-Q4 plan frozen; pages-honest.json lists what to scan.
# Run by run.sh; needs what run.sh needs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for theme in default congthongtin; do
  site="$work/$theme"
  mkdir -p "$site"
  cp -r "$repo/config.yaml" "$repo/content" "$repo/themes" "$site/"
  sed -i "s/^theme: .*/theme: $theme/" "$site/config.yaml"
  grep -q "^theme: $theme\$" "$site/config.yaml"
  printf -- '---\ntitle: "Trang thử chỉ có tiếng Việt"\n---\nTrang thử nghiệm, chưa dịch sang tiếng Anh.\n' \
    > "$site/content/ke-hoach/chi-tieng-viet.md"
  printf -- '---\ntitle: "Trang nháp thử"\ndraft: true\n---\nTrang thử nghiệm, chưa đăng.\n' \
    > "$site/content/ban-nhap.md"
  SOURCE_DATE_EPOCH=1609372800 cargo run --quiet -- snapshot 2020-Q4 --quiet --root "$site"
  SOURCE_DATE_EPOCH=1605257460 cargo run --quiet -- build --quiet --drafts --root "$site"
  echo
  echo "== archived copy, fallback, draft: theme $theme"
  node "$here/main.mjs" --site "$site/output" --pages "$here/pages-honest.json" \
    --screenshots "$repo/target/e2e/screenshots/honest-$theme" "$@"
done
