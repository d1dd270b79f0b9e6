"""Take the docs' screenshots of the explorer: the entity, article and query pages on the seeds.

    .venv/bin/python tools/screenshots.py [OUT_DIR]      (default: docs/img; `make screenshots`)

Ingests seeds/ into a temporary store (from the repository root, as the README
does), serves it on a free loopback port, and drives Debian's headless Chromium
at a laptop's 1366x768: the page of the person with the most claims (with its
timeline), the article their first claim was read from, and the query page with
a cookbook example picked and run. Writes entity.png, article.png and query.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
VIEWPORT = {"width": 1366, "height": 768}


def take(out: Path) -> list[Path]:
    """Write the screenshots into ``out`` and return their paths.

    Raises:
        RuntimeError: Chromium is missing, or a page showed a console error.
    """
    from playwright.sync_api import sync_playwright

    from kg.api import NewsKG
    from kg.server import NewsKGStore, create_app
    from kg.server.page import examples
    from kg.server.wsgi import make_server

    if not CHROMIUM.exists():
        raise RuntimeError(f"no Chromium at {CHROMIUM}: apt-get install -y chromium")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="newskg-shots-") as tmp:
        store = Path(tmp) / "store"
        here = os.getcwd()
        os.chdir(ROOT)  # sources read as seeds/..., as the README shows them
        try:
            with NewsKG(store) as kg:
                kg.ingest(["seeds/"])
                top = next(
                    iter(
                        kg.query(
                            "SELECT ?p (COUNT(?c) AS ?n) WHERE { ?p a nk:Person ; nk:said ?c } "
                            "GROUP BY ?p ORDER BY DESC(?n) ?p LIMIT 1"
                        ).rows()
                    )
                )["p"]
        finally:
            os.chdir(here)
        app = create_app({"STORE": store, "QUERY_WORKERS": 1})
        server = make_server(app, host="127.0.0.1", port=0)
        threading.Thread(target=server.run, daemon=True).start()
        base = f"http://127.0.0.1:{server.effective_port}"
        problems: list[str] = []
        shots = [out / "entity.png", out / "article.png", out / "query.png"]
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=str(CHROMIUM),
                    args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
                )
                page = browser.new_page(viewport=VIEWPORT)
                page.on(
                    "console",
                    lambda m: problems.append(m.text) if m.type in ("error", "warning") else None,
                )
                page.goto(f"{base}/entity?{_query(iri=str(top))}")
                page.screenshot(path=str(shots[0]))
                page.locator("li.fact a.source").first.click()
                page.wait_for_selector("#article-text")
                page.locator("#text-h").scroll_into_view_if_needed()
                page.evaluate("window.scrollBy(0, -16)")
                page.screenshot(path=str(shots[1]))
                page.goto(base + "/")
                page.select_option("#example", examples()[0].id)
                page.click("#run")
                page.wait_for_selector("#results table tbody tr")
                page.screenshot(path=str(shots[2]))
                browser.close()
        finally:
            server.close()
            NewsKGStore.close(app)
    if problems:
        raise RuntimeError("console errors: " + "; ".join(problems))
    return shots


def _query(**params: str) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


if __name__ == "__main__":
    for shot in take(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "img"):
        print(shot)
