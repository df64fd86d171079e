#!/usr/bin/env bash
# Refresh the README's pictures from the screen tour's English 1.0× run: each is one of the tour's
# full-screen shots cropped to the window(s) it shows, by the frames (in screen pixels) the tour
# wrote beside them in test-artifacts/tour-en-1.0.json. Takes no picture itself: run the tour first,
#   .venv/bin/python -m pytest -q -p no:cacheprovider tests/e2e/test_screen_tour.py -k en-1.0
# then this. DOCS=/some/dir writes the pictures there instead of docs/ (to look before replacing).
set -euo pipefail
cd "$(dirname "$0")/.."
artifacts=${ARTIFACTS:-test-artifacts}
docs=${DOCS:-docs}
frames=$artifacts/tour-en-1.0.json
python=${PYTHON:-python3}

if [ ! -f "$frames" ]; then
  echo "no $frames: run the screen tour first (tests/e2e/test_screen_tour.py -k en-1.0)" >&2
  exit 1
fi
if ! command -v convert >/dev/null; then
  echo "needs ImageMagick's convert (Debian package imagemagick)" >&2
  exit 1
fi
mkdir -p "$docs"

# tour shot → README picture
pictures=(
  "main-popup:screenshot.png"        # the list, a ticket's detail, and the reminder popup
  "palette:replies-palette.png"
  "break:break-window.png"
  "wellbeing-week:wellbeing.png"
)
for pair in "${pictures[@]}"; do
  shot=${pair%%:*}
  target=$docs/${pair#*:}
  # The shot's crop rectangle as ImageMagick geometry, WxH+X+Y.
  geometry=$("$python" - "$frames" "$shot" <<'PY'
import json, sys

frames, shot = sys.argv[1], sys.argv[2]
found = [s for s in json.load(open(frames, encoding="utf-8"))["shots"] if s["window"] == shot]
if not found:
    sys.exit(f"{frames} has no shot {shot!r}: did that part of the tour fail?")
x, y, w, h = found[0]["crop_px"]
print(f"{w}x{h}+{x}+{y}")
PY
)
  source=$artifacts/tour-en-1.0-$shot.png
  convert "$source" -crop "$geometry" +repage "$target"
  echo "$target ← $source ($geometry)"
done
