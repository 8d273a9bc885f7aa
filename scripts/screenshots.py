"""Screenshots of the main pages in English, French and Arabic, for the README.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--port 0]

Builds the sample mission (with its demo activity and a published schedule) in a
temporary database, serves it on a free local port, and photographs each page with
Playwright in Debian's Chromium at 1280x800. The PNGs are reduced to a 256-colour
palette, which keeps each one near 100 kB. Deterministic data: the sample's seed is fixed.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

JISR = ROOT / ".venv" / "bin" / "jisr"
SLUG = "casablanca-rabat-ito-2027"
PASSWORD = "jisr-demo-2027"
BUYER = "jorge.martinez@summit-ridge-utilities.example"
ORGANIZER = "organizer@jisr.example"
LANGUAGES = ("en", "fr", "ar")
# (file stem, who, path after /<language>/)
PAGES = [
    ("mission", None, f"m/{SLUG}/"),
    ("directory", None, f"m/{SLUG}/organizations/"),
    ("recommendations", BUYER, f"m/{SLUG}/recommended/"),
    ("agenda", BUYER, f"m/{SLUG}/agenda/"),
    ("schedule", ORGANIZER, f"m/{SLUG}/schedule/"),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run(*args: str, env: dict[str, str]) -> None:
    subprocess.run([str(JISR), *args], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)


def _wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"The server did not answer at {url}")


def _optimise(path: Path) -> None:
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def _shoot(base: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written: list[Path] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for language in LANGUAGES:
            sessions: dict[str | None, object] = {}
            for stem, who, path in PAGES:
                if who not in sessions:
                    context = browser.new_context(
                        viewport={"width": 1280, "height": 800},
                        locale={"en": "en-US", "fr": "fr-FR", "ar": "ar-MA"}[language],
                    )
                    page = context.new_page()
                    if who:
                        page.goto(f"{base}/{language}/login/")
                        page.locator("#id_username").fill(who)
                        page.locator("#id_password").fill(PASSWORD)
                        page.locator("main form button[type=submit]").click()
                        page.wait_for_load_state()
                    sessions[who] = page
                page = sessions[who]
                page.goto(f"{base}/{language}/{path}")  # type: ignore[attr-defined]
                page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
                target = out / f"{stem}-{language}.png"
                page.screenshot(path=str(target))  # type: ignore[attr-defined]
                _optimise(target)
                written.append(target)
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--port", type=int, default=0, help="default: any free port")
    options = parser.parse_args()
    options.out.mkdir(parents=True, exist_ok=True)
    port = options.port or _free_port()
    with tempfile.TemporaryDirectory(prefix="jisr-screens-") as data:
        env = {**os.environ, "JISR_DATA_DIR": data, "JISR_DEBUG": "1"}
        _run("migrate", "--no-input", "-v0", env=env)
        _run("sample-mission", env=env)
        _run("sample-activity", "--publish", env=env)
        server = subprocess.Popen(
            [str(JISR), "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_for(f"{base}/en/")
            written = _shoot(base, options.out)
        finally:
            server.terminate()
            server.wait(timeout=10)
    total = sum(path.stat().st_size for path in written)
    print(f"{len(written)} screenshots in {options.out}, {total / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
