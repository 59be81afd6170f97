#!/usr/bin/env bash
# Screenshots of the bundled site in both themes, at phone and desktop widths, for a
# person to look at (CI keeps them as e2e output). Needs Debian's `chromium`.
#   bash tests/e2e/theme-screenshots.sh [OUT_DIR]     (default: target/e2e/screenshots)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$repo/target/e2e/screenshots}"
bin="${CONGKHAI:-$repo/target/debug/congkhai}"
chrome="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
[ -n "$chrome" ] || { echo "chromium is not installed (apt-get install chromium)" >&2; exit 1; }
[ -x "$bin" ] || (cd "$repo" && cargo build --quiet)
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for theme in default congthongtin; do
  site="$work/$theme"
  mkdir -p "$site"
  cp -r "$repo/config.yaml" "$repo/content" "$repo/themes" "$site/"
  sed -i "s/^theme: .*/theme: $theme/" "$site/config.yaml"
  SOURCE_DATE_EPOCH=1605257460 "$bin" build --quiet --root "$site"
  for page in index.html album-anh/hoi-cho-ocop/index.html ke-hoach/2020-q4/index.html; do
    name="$(echo "${page%/index.html}" | tr '/' '-')"
    [ "$name" = "index.html" ] && name=home
    for size in phone:390,1400 desktop:1280,1100; do
      label="${size%%:*}"
      "$chrome" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
        --window-size="${size#*:}" --screenshot="$out/$theme-$name-$label.png" \
        "file://$site/output/$page" >/dev/null 2>&1
    done
  done
done
ls "$out"
