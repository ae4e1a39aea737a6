"""Draw the console's application icon with Pillow (the project's own drawing, no third-party art):
a dispatch-blue rounded square with a white map pin over three signal arcs. Writes PNGs for the
freedesktop icon theme (hicolor) and a multi-size .ico for Windows.

    python installer/make_icon.py OUT_DIR      ->  OUT_DIR/branch-console-<N>.png, branch-console.ico
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

SIZES = (16, 32, 48, 64, 128, 256)
BLUE, WHITE, AMBER = (21, 94, 168, 255), (255, 255, 255, 255), (255, 176, 32, 255)


def draw(size: int = 1024) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    s = size / 64
    d.rounded_rectangle((2 * s, 2 * s, 62 * s, 62 * s), radius=12 * s, fill=BLUE)
    for r, w in ((22, 3), (16, 3), (10, 3)):  # signal arcs above the pin
        d.arc((32 * s - r * s, 24 * s - r * s, 32 * s + r * s, 24 * s + r * s), 215, 325, fill=AMBER, width=int(w * s))
    d.ellipse((22 * s, 22 * s, 42 * s, 42 * s), fill=WHITE)  # the pin's head
    d.polygon([(23.5 * s, 36 * s), (40.5 * s, 36 * s), (32 * s, 56 * s)], fill=WHITE)  # and its point
    d.ellipse((27.5 * s, 27.5 * s, 36.5 * s, 36.5 * s), fill=BLUE)
    return img


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    big = draw()
    for n in SIZES:
        big.resize((n, n), Image.LANCZOS).save(out / f"branch-console-{n}.png")
    big.resize((256, 256), Image.LANCZOS).save(out / "branch-console.ico", sizes=[(n, n) for n in SIZES])


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_icon.py OUT_DIR")
    main(Path(sys.argv[1]))
