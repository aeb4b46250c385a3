"""The HTML briefing as its reader opens it: on a phone, on a laptop, printed from the
browser. Headless Chromium (Debian's `chromium`) loads the real files a build wrote; a
script measures what the reader gets (links that land, contrast, width, pages printed).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from test_render import hostile_briefing

from briefing.config import load_config
from briefing.model import Article, KeyPoint, Story
from briefing.pipeline import build
from briefing.render import RenderOptions, render_html

MARKING = "Official - sensitive"

# Runs inside the page; appends its findings as JSON to the page that framed it.
PROBE = r"""
(function () {
  const r = {};
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
  r.duplicateIds = ids.filter((id, i) => ids.indexOf(id) !== i);
  r.brokenFragments = [];
  r.otherLinks = [];
  for (const a of document.querySelectorAll('a[href]')) {
    const h = a.getAttribute('href');
    if (h.startsWith('#')) {
      if (!document.getElementById(decodeURIComponent(h.slice(1)))) r.brokenFragments.push(h);
    } else if (!/^https?:\/\//i.test(h)) r.otherLinks.push(h);
  }
  r.lang = document.documentElement.lang;
  r.headings = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1]);
  r.scrollWidth = document.documentElement.scrollWidth;
  r.clientWidth = document.documentElement.clientWidth;
  const rgb = c => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(',').map(parseFloat);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const lum = c => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const background = e => { const layers = [];
    for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
    let out = [255, 255, 255];
    for (const c of layers.reverse()) out = out.map((v, i) => c[i] * c[3] + v * (1 - c[3]));
    return out; };
  r.lowContrast = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode());) {
    if (!n.textContent.trim()) continue;
    const e = n.parentElement, cs = getComputedStyle(e);
    if (cs.display === 'none' || cs.visibility === 'hidden') continue;
    const a = lum(rgb(cs.color)), b = lum(background(e));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const words = n.textContent.trim().slice(0, 40);
    if (ratio < 4.5) r.lowContrast.push(`${ratio.toFixed(2)} ${e.className}: ${words}`);
  }
  const out = document.createElement('pre');
  out.id = '__probe';
  out.textContent = JSON.stringify(r);
  parent.document.body.appendChild(parent.document.importNode(out, true));
})();
"""


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium)")
    return found


def run_chromium(profile: Path, *args: str) -> str:
    # Chromium on the real clock: CI runs the suite again under faketime (LD_PRELOAD), and
    # Chromium's sandboxed processes die on a faked clock; what it reports has no date in it
    real_clock = {k: v for k, v in os.environ.items()
                  if k not in ("LD_PRELOAD", "FAKETIME", "FAKETIME_SKIP_CMDS")}
    # its crash reports too go in the test"s folder, not in ~/.config/chromium
    real_clock["XDG_CONFIG_HOME"] = str(profile.parent / "config")
    done = subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                           "--disable-background-networking", "--disable-component-update",
                           "--no-first-run", f"--user-data-dir={profile}", *args],
                          check=True, capture_output=True, timeout=120, env=real_clock, text=True)
    return done.stdout


def probe(page: Path, tmp_path: Path, width: int = 375) -> dict:
    """What a reader's browser makes of `page` at `width` CSS pixels (a phone: 375).

    Headless Chromium's window is never under 500 pixels wide, so the page is opened in a
    frame of that width; file: pages share an origin only with --allow-file-access-from-files.
    """
    copy = tmp_path / "page.html"
    copy.write_text(page.read_text() + f"<script>{PROBE}</script>")
    frame = tmp_path / "frame.html"
    frame.write_text(f'<!DOCTYPE html><body style="margin:0"><iframe src="{copy.name}" '
                     f'style="width:{width}px;height:900px;border:0"></iframe></body>')
    dom = run_chromium(tmp_path / "profile", "--allow-file-access-from-files",
                       "--window-size=900,900", "--virtual-time-budget=5000", "--dump-dom",
                       frame.as_uri())
    found = re.search(r'<pre id="__probe">(.*?)</pre>', dom, re.S)
    assert found, dom[-2000:]
    import html

    return json.loads(html.unescape(found.group(1)))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The seeds' 8 December briefing with a marking and an accent colour that only just
    reads on white (teal, 4.8:1): the HTML, the folder, and the config's root."""
    root = tmp_path_factory.mktemp("reader")
    shutil.copytree(Path(__file__).resolve().parent.parent / "seeds", root / "seeds")
    (root / "briefing.toml").write_text(
        f'[briefing]\nmarking = "{MARKING}"\naccent_colour = "teal"\n'
        '[themes]\nshow_evidence = true\n')
    result = build(load_config(root / "briefing.toml"), day=date(2024, 12, 8),
                   formats=["html"], now=datetime(2024, 12, 8, 7, tzinfo=UTC))
    return result.files["html"]


def wcag(hex_colour: str) -> float:
    c = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]


def test_an_accent_that_reads_on_white_reads_on_the_top_lines_panel_too():
    """The accent colours the top lines' theme tags and links, on a tint of itself: teal
    passes the config's 4.5:1 on white (4.8) and was 4.3:1 on its panel."""
    for accent, hex_accent in (("teal", "#008080"), ("#767676", "#767676"),
                               ("#1f4e79", "#1f4e79")):
        html = render_html(hostile_briefing(), RenderOptions(accent_colour=accent))
        panel = re.search(r"\.top-lines \{\s*background: (#[0-9a-f]{6});", html).group(1)
        light, dark = wcag(panel), wcag(hex_accent)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, (accent, panel)
    # the shipped accent keeps the panel it always had
    assert "background: #edf1f4;" in render_html(hostile_briefing(), RenderOptions())


def test_on_a_phone_every_link_lands_and_every_text_reads(built, tmp_path):
    got = probe(built, tmp_path, width=375)
    assert got["lang"] == "en"
    assert got["duplicateIds"] == [] and got["brokenFragments"] == []
    assert got["otherLinks"] == []  # sources open their http(s) URL, nothing else
    levels = got["headings"]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    assert got["scrollWidth"] <= got["clientWidth"]  # nothing to scroll sideways
    assert got["lowContrast"] == []


def long_briefing():
    """A briefing of several printed pages: forty points under one theme."""
    briefing = hostile_briefing()
    stories = []
    for i in range(40):
        article = Article(id=f"a{i}", title=f"Report {i}", text="x", source="Outlet",
                          url=f"https://news.example/{i}")
        text = f"Point {i}: " + "ministers met again to discuss the ceasefire and aid. " * 3
        stories.append(Story(article.id, (article,), (KeyPoint(article.id, text, 0, 1.0),), 1.0))
    section = replace(briefing.sections[0], stories=tuple(stories))
    return replace(briefing, sections=(section,), top_lines=(),
                   articles=tuple(a for s in stories for a in s.articles))


def test_printed_from_the_browser_every_page_carries_the_marking(tmp_path):
    """Ctrl-P on the HTML: the distribution marking is on every page, as in the PDF, not
    once at the top of the first (the PDF's running header is WeasyPrint's alone)."""
    pypdf = pytest.importorskip("pypdf")
    marking = 'Restricted & "internal" </style> only'
    page = tmp_path / "briefing.html"
    page.write_text(render_html(long_briefing(), RenderOptions(marking=marking)))
    printed = tmp_path / "printed.pdf"
    run_chromium(tmp_path / "profile", "--no-pdf-header-footer",
                 f"--print-to-pdf={printed}", page.as_uri())
    pages = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(printed).pages]
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert marking.upper() in text, f"page {number} has no marking"


def test_each_top_line_takes_its_reader_to_its_point_in_the_briefing(built):
    """On a phone the top lines come first: each one's label links to where its story is
    told, on its point, so the reader gets the rest of the story in one tap."""
    import lxml.html

    page = lxml.html.fromstring(built.read_text())
    tops = page.xpath('//section[@id="top-lines"]//li')
    assert tops
    for li in tops:
        text = (li.xpath('string(./text()[normalize-space()][1])') or "").strip()
        links = [a.get("href") for a in li.iter("a")
                 if a.get("href", "").startswith("#") and "ref" not in a.get("class", "")]
        assert links, f"top line not linked: {text[:60]}"
        (target,) = page.xpath(f'//*[@id="{links[0][1:]}"]')
        assert target.xpath('ancestor-or-self::section[@class="theme"]')
        assert text[:60] in " ".join(target.text_content().split())


def test_a_screen_reader_hears_which_source_each_citation_opens(built):
    """A point's "[3]" (and "Also reported by Reuters [5]") was a link named "3": read out
    of context, as in a screen reader's list of the page's links, a number alone. Each is
    named for the source it opens, by its number and outlet, and every other link has a
    name with words in it. The email carries the names too (sanitize keeps aria-*)."""
    import lxml.html

    def outlet(document, href: str) -> str:
        (item,) = document.xpath(f'//li[@id="{href[1:]}"]')
        return item.text_content().partition(":")[0]

    pages = {"seeds": built.read_text(),
             "hostile": render_html(hostile_briefing(), RenderOptions())}
    for which, html in pages.items():
        document = lxml.html.document_fromstring(html)
        refs = [a for a in document.iter("a") if re.fullmatch(r"\[\d+\]", a.text_content())]
        assert refs, which
        for a in refs:
            number = a.text_content().strip("[]")
            assert a.get("aria-label") == f"Source {number}: {outlet(document, a.get('href'))}"
        for a in document.iter("a"):
            name = a.get("aria-label") or a.text_content()
            assert re.search(r"[^\W\d_]{2}", name), (which, lxml.html.tostring(a))
    # the hostile outlet's markup is the name's text, never markup
    assert 'aria-label="Source 1: &lt;i&gt;Outlet&lt;/i&gt;"' in pages["hostile"]
    assert 'aria-label="Source 2: &lt;script&gt;alert(4)&lt;/script&gt; {{ 1111*9 }}"' \
        in pages["hostile"]
