"""QR codes as data URIs, so a PDF carries them without fetching anything."""

from __future__ import annotations

import segno


def qr_data_uri(text: str, *, scale: int = 4) -> str:
    """A PNG data URI; error correction M survives a creased or smudged printout."""
    return segno.make(text, error="m", micro=False).png_data_uri(scale=scale, border=2)
