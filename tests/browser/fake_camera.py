"""A still picture as a Y4M video, the format Chromium's fake camera plays
(``--use-file-for-fake-video-capture``): the badge QR code held up to the lens."""

from __future__ import annotations

import base64
import io
from pathlib import Path

from PIL import Image

WIDTH, HEIGHT = 640, 480  # a phone camera's smallest usual stream
NEUTRAL_CHROMA = 128  # U and V of a grey, black or white pixel


def image_from_data_uri(uri: str) -> Image.Image:
    header, _, payload = uri.partition(",")
    assert header == "data:image/png;base64", header
    return Image.open(io.BytesIO(base64.b64decode(payload)))


def write_y4m(path: Path, picture: Image.Image, *, frames: int = 5) -> Path:
    """``picture`` centred on white, as large as fits in three quarters of the height,
    scaled by whole pixels so the modules stay sharp; ``frames`` identical frames at
    10 fps (Chromium loops the file)."""
    grey = picture.convert("L")
    factor = max(1, (HEIGHT * 3 // 4) // grey.height)
    grey = grey.resize((grey.width * factor, grey.height * factor), Image.Resampling.NEAREST)
    canvas = Image.new("L", (WIDTH, HEIGHT), 255)
    canvas.paste(grey, ((WIDTH - grey.width) // 2, (HEIGHT - grey.height) // 2))
    luma = canvas.tobytes()
    # 4:2:0 keeps one U and one V sample per 2x2 pixels; full range ("jpeg") so white is 255.
    chroma = bytes([NEUTRAL_CHROMA]) * ((WIDTH // 2) * (HEIGHT // 2))
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode("ascii"))
        for _ in range(frames):
            out.write(b"FRAME\n" + luma + chroma + chroma)
    return path
