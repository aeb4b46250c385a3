"""One briefing from every development set at once: a big, real, mixed day.

summ-dev (CNN), themes-dev (BBC snippets), stories-dev (headline-only and full items from
many outlets, dates with and without a zone), the extract-dev pages (gzipped HTML) and
offtopic-dev (sport, entertainment, technology) go through `build --source` together, on a
fresh store, as a user would run it. About 40 s on a 2-core machine (1,240 articles, every
format). Skips where ../shared/data is absent.
"""

from __future__ import annotations

import json

from conftest import needs_shared

SETS = ("summ-dev.jsonl", "themes-dev.jsonl", "stories-dev.jsonl", "offtopic-dev.jsonl")


def test_one_briefing_from_every_development_set_together(tmp_path, monkeypatch, run_cli):
    import lxml.html
    import pypdf

    sets = [needs_shared(name) for name in SETS]
    pages = sorted(needs_shared("extract-dev").glob("*.html.gz"))
    assert pages
    monkeypatch.chdir(tmp_path)  # a fresh folder: no store, no config, no earlier build
    args = ["build", "--date", "2024-12-08"]
    for source in [*sets[:3], *pages, sets[3]]:
        args += ["--source", source]
    run = run_cli(*args)

    assert run.code == 0, run.err
    assert "Traceback" not in run.err
    warnings = run.err.splitlines()
    assert all(line.startswith("warning: ") for line in warnings), warnings

    folder = tmp_path / "out" / "2024-12-08"
    built = json.loads((folder / "briefing.json").read_text(encoding="utf-8"))
    # every row of every set is briefed, or left out as sport, culture... (all are readable)
    briefed = {a["id"] for a in built["articles"]} | {i for i, _ in built["left_out"]}
    for path in sets:
        ids = {json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()
               if line.strip()}
        assert ids <= briefed, f"{path.name}: {len(ids - briefed)} rows missing"
    page_ids = {p.name.removesuffix(".html.gz") for p in pages}
    page_articles = page_ids & briefed
    skipped_pages = [w for w in warnings if ".html.gz" in w]
    assert len(page_articles) + len(skipped_pages) == len(pages)  # read, or said why not
    assert built["sections"] and built["top_lines"]
    for article in built["articles"]:
        assert article["published"] is None or article["published"][-6] in "+-"  # aware

    markdown = (folder / "briefing.md").read_text(encoding="utf-8")
    assert markdown.startswith("# ") and len(markdown.splitlines()) > 50
    html = lxml.html.fromstring((folder / "briefing.html").read_bytes())
    assert html.xpath("//h1") and html.xpath("//section|//article|//h2")
    pdf = pypdf.PdfReader(folder / "briefing.pdf")
    assert len(pdf.pages) >= 2
    assert built["title"] in pdf.pages[0].extract_text()
