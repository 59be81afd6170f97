"""Draws the illustrations of the bundled OCOP fairs album and the `init` skeleton's album.

They are drawings, not photographs, and say so on their face ("Minh họa / Illustration").
Every fact on them comes from the source plan: 04 OCOP fairs, phố đi bộ Trịnh Công Sơn,
Quý IV/2020, UBND quận Tây Hồ. Run from the repository root:

    python3 -m venv .venv && .venv/bin/pip install pillow
    .venv/bin/python tools/draw_album_images.py
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
RED, YELLOW, GREEN, CREAM, INK = "#b3261e", "#f4c430", "#2e6b3a", "#fbf6ea", "#1d1d1d"
W, H = 1200, 800


def font(size, bold=False):
    return ImageFont.truetype(BOLD if bold else FONT, size)


def centred(d, y, text, size, fill=INK, bold=False):
    f = font(size, bold)
    w = d.textlength(text, font=f)
    d.text(((W - w) / 2, y), text, font=f, fill=fill)


def stamp(d):
    """The label that keeps a drawing from passing for a photograph."""
    f = font(26, True)
    label = "MINH HỌA · ILLUSTRATION"
    w = d.textlength(label, font=f)
    d.rectangle([W - w - 60, 24, W - 24, 74], fill=INK)
    d.text((W - w - 42, 34), label, font=f, fill="white")


def poster(path):
    im = Image.new("RGB", (W, H), CREAM)
    d = ImageDraw.Draw(im)
    d.rectangle([0, 0, W, 120], fill=RED)
    d.text((48, 36), "UBND quận Tây Hồ", font=font(40, True), fill=YELLOW)
    stamp(d)
    centred(d, 190, "HỘI CHỢ OCOP", 110, RED, True)
    centred(d, 340, "Phố đi bộ Trịnh Công Sơn", 58, INK, True)
    centred(d, 430, "04 hội chợ trong Quý IV/2020", 50, GREEN, True)
    for i in range(4):
        x = 240 + i * 190
        d.ellipse([x, 540, x + 130, 670], fill=YELLOW, outline=RED, width=6)
        f = font(64, True)
        t = str(i + 1)
        d.text((x + 65 - d.textlength(t, font=f) / 2, 565), t, font=f, fill=RED)
    centred(d, 715, "Hình vẽ minh họa, không phải ảnh chụp", 30, INK)
    im.save(path, optimize=True)


def series(path):
    im = Image.new("RGB", (W, H), "white")
    d = ImageDraw.Draw(im)
    stamp(d)
    centred(d, 110, "Chuỗi 04 Hội chợ OCOP", 64, INK, True)
    centred(d, 195, "Phố đi bộ Trịnh Công Sơn · Quý IV/2020", 40, GREEN)
    d.line([120, 430, 1080, 430], fill=INK, width=6)
    for i in range(4):
        x = 150 + i * 250
        d.rounded_rectangle([x, 330, x + 190, 530], radius=20, fill=CREAM, outline=RED, width=6)
        f = font(34, True)
        for j, t in enumerate(["Hội chợ", f"{i + 1}/4"]):
            d.text((x + 95 - d.textlength(t, font=f) / 2, 380 + j * 50), t, font=f, fill=RED)
    centred(d, 600, "Kế hoạch không nêu ngày cụ thể của từng hội chợ.", 36, INK)
    centred(d, 660, "The plan gives no exact date for each fair.", 32, "#444444")
    im.save(path, optimize=True)


def stalls(path):
    im = Image.new("RGB", (W, H), "#e8f1f8")
    d = ImageDraw.Draw(im)
    stamp(d)
    d.rectangle([0, 620, W, H], fill="#c9c1b1")
    for i in range(4):
        x = 60 + i * 285
        d.polygon([(x, 330), (x + 125, 250), (x + 250, 330)], fill=RED if i % 2 == 0 else GREEN)
        d.rectangle([x + 10, 330, x + 240, 620], fill=CREAM, outline=INK, width=4)
        d.rectangle([x + 30, 360, x + 220, 420], fill=YELLOW)
        f = font(40, True)
        d.text((x + 125 - d.textlength("OCOP", font=f) / 2, 366), "OCOP", font=f, fill=INK)
        for k in range(3):
            d.rectangle([x + 40 + k * 60, 480, x + 85 + k * 60, 600], fill="#d9a066", outline=INK, width=3)
    centred(d, 110, "Gian hàng OCOP · OCOP stalls", 56, INK, True)
    centred(d, 680, "Hình vẽ minh họa · A drawing, not a photograph", 34, INK)
    im.save(path, optimize=True)


def example(path):
    im = Image.new("RGB", (960, 640), CREAM)
    d = ImageDraw.Draw(im)
    d.rectangle([40, 40, 920, 600], outline=GREEN, width=10)
    f = font(110, True)
    t = "Ví dụ"
    d.text((480 - d.textlength(t, font=f) / 2, 200), t, font=f, fill=GREEN)
    f = font(40)
    t = "Hình minh họa · Example illustration"
    d.text((480 - d.textlength(t, font=f) / 2, 380), t, font=f, fill=INK)
    im.save(path, optimize=True)


if __name__ == "__main__":
    album = Path("content/album-anh/hoi-cho-ocop")
    album.mkdir(parents=True, exist_ok=True)
    poster(album / "ap-phich-hoi-cho-ocop.png")
    series(album / "chuoi-04-hoi-cho.png")
    stalls(album / "gian-hang-ocop.png")
    example(Path("src/cmd/init/skeleton/content/album-anh/vi-du/minh-hoa.png"))
