"""The PDF briefing people receive: layout, navigation, metadata, accessibility, branding,
and bad input that must give one clear line or a graceful layout, never a lost briefing.

Every test builds real PDFs (WeasyPrint) and reads them back with pypdf, or pictures them
with pypdfium2; nothing is mocked.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import shutil
import time
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from conftest import SEEDS, needs_shared

from briefing.config import load_config
from briefing.model import Article, Briefing, KeyPoint, Section, Story, ThemeScore
from briefing.pipeline import build
from briefing.render import RenderOptions, load_logo, render_all, text_direction

pypdf = pytest.importorskip("pypdf")

ORG = "Joint Situation Centre"
MARKING = "UNCLASSIFIED // FOR OFFICIAL USE ONLY"
LOGO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
    '<circle cx="32" cy="32" r="30" fill="#1f4e79"/>'
    '<path d="M14 34 L32 14 L50 34 L32 50 Z" fill="#fff"/></svg>'
)


def pdf_text(reader) -> str:
    """All pages' text, whitespace collapsed (line breaks fall anywhere in a paragraph)."""
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    """The shipped seeds built for 2024-12-08 with an organisation, a marking and a logo."""
    root = tmp_path_factory.mktemp("seed")
    shutil.copytree(SEEDS, root / "seeds")
    (root / "logo.svg").write_text(LOGO_SVG)
    (root / "briefing.toml").write_text(
        f'[briefing]\norganisation = "{ORG}"\nmarking = "{MARKING}"\nlogo = "logo.svg"\n'
    )
    result = build(load_config(root / "briefing.toml"), day=date(2024, 12, 8),
                   now=datetime(2024, 12, 8, 7, tzinfo=UTC))
    reader = pypdf.PdfReader(result.files["pdf"])
    return result, reader


def test_outline_has_top_lines_each_theme_and_sources(seed):
    result, reader = seed
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    themes = [s.title for s in result.briefing.sections]
    assert themes and titles == ["Top lines", *themes, "Sources"]


def test_metadata_title_author_subject_keywords_and_date(seed):
    result, reader = seed
    meta = reader.metadata
    assert meta.title == "Daily briefing, 8 December 2024"
    assert meta.author == ORG
    assert meta.subject.startswith("Daily briefing for 8 December 2024")
    for section in result.briefing.sections:
        assert section.title in meta["/Keywords"]
    assert meta.creation_date == datetime(2024, 12, 8, 7, tzinfo=UTC)


def test_pdf_is_tagged_with_a_language_and_embedded_fonts(seed):
    _, reader = seed
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en"
    fonts = {}
    for page in reader.pages:
        for name, ref in (page["/Resources"].get("/Font") or {}).items():
            fonts[name] = ref.get_object()
    assert fonts
    for font in fonts.values():
        descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font
                      else font)["/FontDescriptor"]
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]


XMP = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
       "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
       "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
       "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#"}


def identification(reader) -> dict[str, str]:
    """The standards the PDF's XMP metadata says it meets ({"pdfaid:part": "2", ...}), and
    the namespaces of the extension schemas it declares ("schemas": "uri uri")."""
    from xml.etree import ElementTree

    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    rdf = ElementTree.fromstring(xmp[xmp.index("<x:xmpmeta"):xmp.rindex("</x:xmpmeta>") + 12])
    found = {f"{prefix}:{name}": value
             for description in rdf.iter(f"{{{XMP['rdf']}}}Description")
             for prefix in ("pdfaid", "pdfuaid") for name in ("part", "conformance")
             if (value := description.get(f"{{{XMP[prefix]}}}{name}")) is not None}
    schemas = rdf.iter(f"{{{XMP['pdfaSchema']}}}namespaceURI")
    return {**found, "schemas": " ".join(e.text or "" for e in schemas)}


def test_the_pdf_says_it_is_pdf_ua_1_and_not_pdf_a_by_default(seed):
    _, reader = seed
    ids = identification(reader)
    assert ids.get("pdfuaid:part") == "1" and "pdfaid:part" not in ids


def test_an_archival_variant_is_pdf_a_and_stays_tagged_pdf_ua(run_cli, workdir):
    """`[output] pdf_variant = "pdf/a-2b"`: archives file PDF/A (ISO 19005), and the same
    file must still read with a screen reader and say so (PDF/UA-1, whose identification
    PDF/A-2 only admits with its schema declared)."""
    write_config(workdir, '[output]\npdf_variant = "pdf/a-2b"\n')
    assert run_cli("build", "--date", "2024-12-08", "--format", "pdf").code == 0
    reader = pypdf.PdfReader(workdir / "out/2024-12-08/briefing.pdf")
    ids = identification(reader)
    assert (ids.get("pdfaid:part"), ids.get("pdfaid:conformance")) == ("2", "B")
    assert ids.get("pdfuaid:part") == "1" and XMP["pdfuaid"] in ids["schemas"]
    root = reader.trailer["/Root"]
    assert [i["/S"] for i in root["/OutputIntents"]] == ["/GTS_PDFA1"]  # sRGB, embedded
    assert "/ID" in reader.trailer
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"] and root["/Lang"] == "en"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert "8 December 2024" in pdf_text(reader)


def test_an_unknown_pdf_variant_is_one_line_naming_those_allowed(run_cli, workdir):
    write_config(workdir, '[output]\npdf_variant = "pdf/a-1"\n')
    r = run_cli("build", "--date", "2024-12-08", "--format", "md")
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1
    assert "output.pdf_variant = 'pdf/a-1' is not allowed (one of: 'pdf/ua-1', " in r.err
    assert "'pdf/a-2b'" in r.err


def structure(reader) -> list[tuple[dict, list[str]]]:
    """Every element of the PDF's structure tree, with the types of its ancestors (the
    root's first)."""
    found: list[tuple[dict, list[str]]] = []

    def walk(node, ancestors: list[str]) -> None:
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [] if kids is None else [kids]:
            if isinstance(kid, int):  # marked content on the element's page
                continue
            kid = kid.get_object()
            if kid.get("/Type") in ("/MCR", "/OBJR"):  # content or an annotation
                continue
            found.append((kid, ancestors))
            walk(kid, [*ancestors, kid["/S"]])

    walk(reader.trailer["/Root"]["/StructTreeRoot"].get_object(), [])
    return found


def test_each_list_item_is_a_label_and_a_body_and_a_citation_reads_in_its_point(seed):
    """A key point's citation line ("News report · … · 8 Dec 2024 [1]") was tagged beside
    the item's body, not in it: PDF/UA-1 allows a list item only a label and a body (ISO
    32000-1 table 336; veraPDF's rule 7.2-20 failed on every point), and a screen reader
    leaving the body left the point before its source."""
    _, reader = seed
    elements = structure(reader)
    items = [e for e, _ in elements if e["/S"] == "/LI"]
    assert len(items) >= 9
    for item in items:
        kinds = [k.get_object()["/S"] for k in item["/K"] if not isinstance(k, int)]
        assert set(kinds) <= {"/Lbl", "/LBody"} and kinds.count("/LBody") == 1, kinds
    for element, ancestors in elements:
        assert element["/S"] != "/LBody" or ancestors[-1] == "/LI"
        assert element["/S"] != "/LI" or ancestors[-1] == "/L"
    # the "[1]" of each point links to Sources from inside that point's body
    citations = [ancestors for element, ancestors in elements if element["/S"] == "/Link"
                 and any(str(k.get_object().get("/Obj", {}).get("/Dest", "")).startswith(
                     "source-") for k in element["/K"] if not isinstance(k, int))]
    assert len(citations) >= 9
    assert all("/LBody" in ancestors for ancestors in citations)


def test_a_citations_number_is_read_as_its_source_as_in_the_html(seed):
    """The HTML names a citation's "[1]" for a screen reader ("Source 1: News report"); the
    PDF, which is what is read, described the link by its target's name, "source-1"."""
    result, reader = seed
    labels = {}
    for element, _ in structure(reader):
        for kid in element["/K"] if element["/S"] == "/Link" else ():
            annotation = {} if isinstance(kid, int) else kid.get_object().get("/Obj", {})
            if str(annotation.get("/Dest", "")).startswith("source-"):
                labels[str(annotation["/Dest"])] = (element.get("/Alt"), annotation["/Contents"])
    sources = [a.source for a in result.briefing.articles]
    assert labels == {f"source-{n}": (f"Source {n}: {name}", f"Source {n}: {name}")
                      for n, name in enumerate(sources, start=1)}


def test_page_numbers_date_and_marking_on_every_page(seed):
    _, reader = seed
    pages = len(reader.pages)
    assert 1 <= pages < 20
    for number, page in enumerate(reader.pages, start=1):
        text = " ".join(page.extract_text().split())
        assert f"Page {number} of {pages}" in text
        assert "8 December 2024" in text
        assert text.count(MARKING) >= 2, f"page {number}: marking not at top and bottom"
        if number > 1:
            assert "Daily briefing" in text  # the running header


def test_every_key_point_and_top_line_is_in_the_pdf_text(seed):
    result, reader = seed
    text = pdf_text(reader)
    points = [p for s in result.briefing.sections for st in s.stories for p in st.key_points]
    assert points and result.briefing.top_lines
    for p in [*points, *result.briefing.top_lines]:
        assert " ".join(p.text.split()) in text, p.text
    for article in result.briefing.articles:  # the sources appendix
        assert " ".join(article.title.split())[:60] in text


def test_page_one_pictured_is_not_blank(seed, tmp_path):
    pdfium = pytest.importorskip("pypdfium2")
    result, _ = seed
    document = pdfium.PdfDocument(result.files["pdf"])
    image = document[0].render(scale=1).to_pil().convert("L")
    image.save(tmp_path / "page1.png")
    histogram = image.histogram()  # 256 grey levels
    inked = sum(histogram[:200]) / (image.width * image.height)
    assert 0.03 < inked < 0.6, f"page 1 is {inked:.1%} ink"


def test_html_is_standalone_and_carries_the_logo_with_alt_text(seed):
    result, _ = seed
    html = result.files["html"].read_text()
    resources = re.findall(r'<(?:img|script|link|iframe|source)\b[^>]*>', html, re.I)
    for tag in resources:
        assert not re.search(r'(?:src|href)="(?:https?:)?//', tag), tag
    assert "@import" not in html and not re.search(r"url\(\s*['\"]?(?:https?:)?//", html)
    assert "<img src=\"data:image/svg+xml;base64," in html and f'alt="{ORG} logo"' in html


def test_markdown_and_html_carry_the_same_points(seed):
    result, _ = seed
    md = result.files["md"].read_text()
    html = result.files["html"].read_text()
    for s in result.briefing.sections:
        assert f"## {s.title}" in md and s.title in html
    assert md.count(MARKING) == 2 and "Top lines" in md and "## Sources" in md


# --- text fidelity and bad input ------------------------------------------------------


def one_article_briefing(title: str, points: list[str], **article: str) -> Briefing:
    a = Article(id="a1", title=title, text=" ".join(points), source=article.get("source", "Agence"),
                url=article.get("url", "https://example.org/news/1"),
                published=datetime(2024, 12, 8, 9, 30, tzinfo=UTC))
    kps = tuple(KeyPoint("a1", t, i, 1.0, (ThemeScore("diplomacy", 0.8),))
                for i, t in enumerate(points))
    story = Story("a1", (a,), kps, 1.0)
    return Briefing(date=date(2024, 12, 8), title="Daily briefing",
                    generated_at=datetime(2024, 12, 8, 7, tzinfo=UTC),
                    sections=(Section("diplomacy", "Diplomacy", (story,)),),
                    top_lines=kps[:1], articles=(a,))


def test_text_extracts_back_exactly_quotes_dashes_accents_guillemets():
    point = ("Le ministre a déclaré « nous resterons » – puis, à Zürich, l’envoyé a répondu "
             "“no comment” — 5–7 km, naïve café façade ‘Œuvre’ 10 °C…")
    out = render_all(one_article_briefing("Réunion à Genève — « accord »", [point]), ["pdf"],
                     RenderOptions())
    text = pdf_text(pypdf.PdfReader(io.BytesIO(out["pdf"])))
    assert point in text
    assert "Réunion à Genève — « accord »" in text


def test_without_an_organisation_the_pdf_author_is_the_briefings_title():
    briefing = replace(one_article_briefing("Talks", ["The talks resumed on Sunday."]),
                       title="Ops Centre morning brief")
    out = render_all(briefing, ["pdf"], RenderOptions())
    assert pypdf.PdfReader(io.BytesIO(out["pdf"])).metadata.author == "Ops Centre morning brief"


def test_a_2000_character_title_is_clipped_in_citations_and_the_layout_holds():
    title = ("Extremely long headline " * 90)[:2000]
    briefing = one_article_briefing(title, ["The talks resumed on Sunday after a pause."])
    out = render_all(briefing, ["md", "html", "pdf"], RenderOptions())
    reader = pypdf.PdfReader(io.BytesIO(out["pdf"]))
    assert len(reader.pages) <= 2
    text = pdf_text(reader)
    assert "The talks resumed on Sunday after a pause." in text and "…" in text
    assert len(out["md"]) < 2000  # clipped in the Markdown too, link kept
    assert "https://example.org/news/1" in out["md"].decode()


def test_a_word_longer_than_the_line_breaks_inside_the_page():
    """A hash, a code name or a URL written out with no space ran off the right margin,
    where the PDF cut it off; title and outlet too (the citation, Sources)."""
    pdfium = pytest.importorskip("pypdfium2")
    long_word = "Operation_" + "Sector00Grid000" * 16
    briefing = one_article_briefing(long_word, [f"The army said {long_word} had ended."],
                                    source="www." + "press-office-" * 12 + "example.org")
    document = pdfium.PdfDocument(render_all(briefing, ["pdf"], RenderOptions())["pdf"])
    for page in document:
        width, text = page.get_width(), page.get_textpage()
        rights = [text.get_charbox(i)[2] for i in range(text.count_chars())]
        assert rights and max(rights) <= width, (max(rights), width)


def test_an_english_point_opening_with_an_arabic_name_is_laid_out_left_to_right():
    """The direction is the text's, by most of its letters, not its first: "حزب الله, the
    Iran-backed group, said…" laid out right to left put the bullet on the right and the
    full stop first, and scrambled the citation after it in the PDF."""
    point = "حزب الله, the Iran-backed Lebanese armed group, said it would not disarm."
    briefing = one_article_briefing("حزب الله says it will not disarm", [point])
    html = render_all(briefing, ["html"], RenderOptions())["html"].decode()
    assert 'dir="rtl"' not in html
    assert text_direction("قال وزير الخارجية إن المحادثات ستستأنف، said Reuters") == "rtl"


def test_right_to_left_titles_and_points_render_and_read_right_to_left():
    pdfium = pytest.importorskip("pypdfium2")
    arabic = "قال وزير الخارجية إن المحادثات ستستأنف يوم الأحد في عمّان."
    hebrew = "שר החוץ אמר כי השיחות יתחדשו ביום ראשון בירושלים."
    briefing = one_article_briefing("وزير الخارجية يلتقي نظيره", [arabic, hebrew],
                                    source="الجزيرة")
    out = render_all(briefing, ["md", "html", "pdf"], RenderOptions())
    html = out["html"].decode()
    assert html.count('dir="rtl"') >= 4  # both points, the title and the outlet
    document = pdfium.PdfDocument(out["pdf"])
    text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    for sentence in (arabic, hebrew):
        assert set(sentence.replace(" ", "")) <= set(text)
    assert len(document) <= 2


# --- branding and overrides through the command line ---------------------------------


def write_config(workdir: Path, text: str) -> None:
    (workdir / "briefing.toml").write_text(text)


def test_an_unknown_colour_is_one_line_naming_the_key(run_cli, workdir):
    write_config(workdir, '[briefing]\naccent_colour = "blurple"\n')
    r = run_cli("build", "--date", "2024-12-08", "--format", "md")
    assert r.code == 2 and "Traceback" not in r.err
    assert len(r.err.strip().splitlines()) == 1
    assert "briefing.accent_colour = 'blurple' is not a colour" in r.err
    assert '"#1f4e79"' in r.err and "CSS colour name" in r.err


def test_a_colour_too_light_to_read_is_refused(run_cli, workdir):
    write_config(workdir, '[briefing]\nmarking_colour = "yellow"\n')
    r = run_cli("build", "--date", "2024-12-08", "--format", "md")
    assert r.code == 2 and "briefing.marking_colour = 'yellow' is too light" in r.err


def test_a_missing_logo_is_a_warning_and_the_briefing_is_built_without_it(run_cli, workdir):
    write_config(workdir, '[briefing]\nlogo = "branding/nope.png"\naccent_colour = "navy"\n')
    r = run_cli("build", "--date", "2024-12-08", "--format", "html,pdf")
    assert r.code == 0, r.err
    assert "warning: briefing.logo:" in r.err and "nope.png not found" in r.err
    html = (workdir / "out/2024-12-08/briefing.html").read_text()
    assert "<img" not in html and "color: navy" in html  # the accent colour, by name
    assert (workdir / "out/2024-12-08/briefing.pdf").stat().st_size > 1000


def test_a_desks_missing_logo_is_a_warning_naming_the_desks_key(run_cli, workdir):
    write_config(workdir, '[[desks]]\nid = "ops"\ntitle = "Operations"\n'
                          'themes = ["military"]\nlogo = "branding/ops.png"\n')
    r = run_cli("build", "--date", "2024-12-08", "--format", "html")
    assert r.code == 0, r.err
    assert "warning: desks[1] (ops).logo:" in r.err and "ops.png not found" in r.err
    assert "briefing.logo" not in r.err  # not the key to fix


def test_a_logo_that_is_not_an_image_is_a_warning(tmp_path):
    (tmp_path / "logo.png").write_text("not an image")
    logo, problem = load_logo(tmp_path / "logo.png")
    assert logo == "" and "is not a PNG, JPEG or SVG image" in problem


def test_user_templates_override_file_by_file(run_cli, workdir):
    (workdir / "tpl").mkdir()
    (workdir / "tpl" / "custom.css").write_text("h1 { color: #123456; }\n")
    (workdir / "tpl" / "briefing.md.j2").write_text("# {{ briefing.title }} (our format)\n")
    write_config(workdir, '[output]\ntemplates = "tpl"\n')
    r = run_cli("build", "--date", "2024-12-08", "--format", "md,html")
    assert r.code == 0, r.err
    assert (workdir / "out/2024-12-08/briefing.md").read_text() == "# Daily briefing (our format)\n"
    html = (workdir / "out/2024-12-08/briefing.html").read_text()
    assert "h1 { color: #123456; }" in html and "Top lines" in html  # built-in HTML, our CSS


def test_the_pdf_is_made_offline_whatever_a_users_stylesheet_links_to(run_cli, workdir):
    """WeasyPrint may fetch local files and data: URLs only: a user's custom.css that names
    an image on a server must not make a build reach the network (a build is offline, and
    a tracker must not learn when briefings are made). The HTML keeps the link as written."""
    from httpserver import send, serve

    with serve({"/bg.png": lambda h: send(h, 200, b"\x89PNG\r\n\x1a\n", "image/png")}) as server:
        (workdir / "tpl").mkdir()
        (workdir / "tpl" / "custom.css").write_text(
            f"body {{ background: url({server.url('/bg.png')}); }}\n")
        write_config(workdir, '[output]\ntemplates = "tpl"\n')
        r = run_cli("build", "--date", "2024-12-08", "--format", "pdf,html")
    assert r.code == 0, r.err
    assert server.url("/bg.png") in (workdir / "out/2024-12-08/briefing.html").read_text()
    assert (workdir / "out/2024-12-08/briefing.pdf").read_bytes().startswith(b"%PDF")
    assert server.requests == []


@pytest.mark.parametrize(
    ("template", "expected"),
    [("<html>\n<body>\n{% if %}\n</body>\n", "briefing.html.j2: line 3: "),
     ("<html>\n{{ briefing.no_such_field }}\n", "briefing.html.j2: line 2: ")],
    ids=["syntax-error", "runtime-error"],
)
def test_a_broken_user_template_is_one_line_and_the_previous_files_stay(
    run_cli, workdir, template, expected
):
    assert run_cli("build", "--date", "2024-12-08", "--format", "md,html").code == 0
    folder = workdir / "out/2024-12-08"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    (workdir / "tpl").mkdir()
    (workdir / "tpl" / "briefing.html.j2").write_text(template)
    write_config(workdir, '[output]\ntemplates = "tpl"\n')
    r = run_cli("build", "--date", "2024-12-08", "--format", "md,html")
    assert r.code != 0
    assert "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1
    assert str(workdir / "tpl" / "briefing.html.j2") in r.err and expected in r.err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_user_template_that_is_not_utf8_is_named_by_its_path_and_line(run_cli, workdir):
    """It was "template briefing.md.j2: 'utf-8' codec can't decode byte 0xe9 in position
    36: invalid continuation byte": a name the built-in template has too, in Python's words."""
    assert run_cli("build", "--date", "2024-12-08", "--format", "md").code == 0
    folder = workdir / "out/2024-12-08"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    (workdir / "tpl").mkdir()
    head = "{# our format #}\n" * 2
    (workdir / "tpl" / "briefing.md.j2").write_bytes(
        (head + "# {{ briefing.title }} café\n").encode("latin-1"))
    write_config(workdir, '[output]\ntemplates = "tpl"\n')
    r = run_cli("build", "--date", "2024-12-08", "--format", "md")
    assert r.code == 1
    assert r.err == (f"error: {workdir / 'tpl' / 'briefing.md.j2'}: not UTF-8 text (line 3, "
                     f"byte {len(head) + 26}); save it as UTF-8\n")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


# --- size and speed --------------------------------------------------------------------


def test_200_articles_stay_under_20_pages(tmp_path):
    """The real pipeline on 200 CNN articles: the per-theme cap keeps the PDF short."""
    rows = needs_shared("summ-dev.jsonl").read_text().splitlines()[:200]
    with (tmp_path / "articles.jsonl").open("w") as f:
        for i, line in enumerate(rows):
            row = json.loads(line)
            f.write(json.dumps({
                "id": row["id"], "title": row.get("title") or row["text"][:90],
                "text": row["text"], "source": "CNN",
                "url": f"https://edition.cnn.com/2015/04/{1 + i % 28:02d}/{row['id']}.html",
                "published": f"2015-04-{1 + i % 28:02d}T09:00:00Z"}) + "\n")
    config = load_config(cwd=tmp_path)
    start = time.perf_counter()
    result = build(config, day=date(2015, 4, 30), sources=[str(tmp_path / "articles.jsonl")],
                   formats=["pdf"])
    reader = pypdf.PdfReader(result.files["pdf"])
    # every article is briefed, or left out as news of a kind the briefing does not brief
    assert len(result.briefing.articles) + len(result.briefing.left_out) == 200
    assert len(reader.pages) < 20, f"{len(reader.pages)} pages"
    assert time.perf_counter() - start < 60


def test_the_last_source_does_not_stand_alone_on_a_page(tmp_path):
    """`build --date 2024-12-08` on a fresh clone: page 2 of the PDF held only the second
    of its two sources, one line under the running header. The last source now takes the
    one before it along (and with two, the heading)."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    result = build(load_config(cwd=tmp_path), day=date(2024, 12, 8), formats=["pdf"],
                   now=datetime(2024, 12, 8, 7, tzinfo=UTC))
    pages = [" ".join(p.extract_text().split()) for p in
             pypdf.PdfReader(result.files["pdf"]).pages]
    lines = [f"{a.source}: {a.title}"[:60] for a in result.briefing.articles]
    assert len(lines) >= 2
    where = [next(i for i, text in enumerate(pages) if line in text) for line in lines]
    assert where[-1] == where[-2], (where, pages[where[-1]][:300])


def test_a_storys_more_points_note_and_a_sections_count_stay_on_their_storys_page():
    """On a held-out Wikinews day, "2 more points in this story's reports." and "4 more
    stories in this theme: see Sources." opened the next page, away from the story and the
    section they count. Stories of varied length push the notes to every position on a
    page; none may be a page's first line."""
    pdfium = pytest.importorskip("pypdfium2")
    published = datetime(2024, 12, 8, 9, 30, tzinfo=UTC)
    for filler in range(4):
        stories, articles = [], []
        for s in range(14):
            a = Article(id=f"a{s}", title=f"Report {s}", text="", source="Agence",
                        url=f"https://example.org/news/{s}", published=published)
            n = 1 + (s + filler) % 3
            words = " ".join(["the council met again to discuss the budget"] * (1 + s % 4))
            kps = tuple(KeyPoint(a.id, f"Point {i} of report {s}: {words}.", i, 1.0,
                                 (ThemeScore("diplomacy", 0.8),)) for i in range(n))
            stories.append(Story(a.id, (a,), kps, 1.0, more_points=2))
            articles.append(a)
        briefing = Briefing(date=date(2024, 12, 8), title="Daily briefing",
                            generated_at=datetime(2024, 12, 8, 7, tzinfo=UTC),
                            sections=(Section("diplomacy", "Diplomacy", tuple(stories[:7]),
                                              omitted=3),
                                      Section("economy", "Economy", tuple(stories[7:]),
                                              omitted=3)),
                            top_lines=(), articles=tuple(articles))
        document = pdfium.PdfDocument(render_all(briefing, ["pdf"], RenderOptions())["pdf"])
        for number in range(1, len(document)):
            lines = document[number].get_textpage().get_text_range().splitlines()
            # the running header and footer (title, date, page number) are not the body
            margins = {"Daily briefing", "Sunday 8 December 2024"}
            body = [line.strip() for line in lines if line.strip()
                    and line.strip() not in margins and not line.startswith("Page ")]
            assert not re.match(r"\d+ more (points?|stories)\b", body[0]), (
                f"filler {filler}, page {number + 1} opens with {body[0]!r}")


def test_a_story_is_not_split_when_its_next_point_fits_at_the_page_foot():
    """On a long Wikinews week (4-17 July 2005, 166 articles), a Hong Kong radio host's
    two-point story was split across pages 5 and 6 with room for its second point left
    blank on page 5: the next story did not fit, and WeasyPrint's own `ul { break-before:
    avoid }` forbade the break before that story's list, so the break went back inside
    the story before it. A point that opens a page must not have fitted on the page
    before."""
    pdfium = pytest.importorskip("pypdfium2")
    published = datetime(2024, 12, 8, 9, 30, tzinfo=UTC)
    bottom_margin = 18 / 25.4 * 72  # @page margin-bottom, 18mm in points
    for filler in range(3):
        stories, articles = [], []
        for s in range(24):
            a = Article(id=f"a{s}", title=f"Report {s}", text="", source="Agence",
                        url=f"https://example.org/news/{s}", published=published)
            # first points of one to three lines move the page foot from story to story
            words = " ".join(["the council met again to discuss the budget"]
                             * (1 + (s + filler) % 5))
            kps = (KeyPoint(a.id, f"First point of report {s}: {words}.", 0, 1.0,
                            (ThemeScore("diplomacy", 0.8),)),
                   KeyPoint(a.id, f"Second point of report {s}: the vote is on Monday.", 1, 1.0,
                            (ThemeScore("diplomacy", 0.8),)))
            stories.append(Story(a.id, (a,), kps, 1.0))
            articles.append(a)
        briefing = Briefing(date=date(2024, 12, 8), title="Daily briefing",
                            generated_at=datetime(2024, 12, 8, 7, tzinfo=UTC),
                            sections=(Section("diplomacy", "Diplomacy", tuple(stories)),),
                            top_lines=(), articles=tuple(articles))
        document = pdfium.PdfDocument(render_all(briefing, ["pdf"], RenderOptions())["pdf"])
        for number in range(1, len(document)):
            page = document[number].get_textpage()
            found = page.search("Second point of report ").get_next()
            if not found:
                continue
            start = found[0]
            text = page.get_text_range()
            # the running header and footer (title, date, page number) are not the body
            margins = {"Daily briefing", "Sunday 8 December 2024",
                       "Daily briefing Sunday 8 December 2024"}
            body = [line.strip() for line in text.splitlines() if line.strip()
                    and line.strip() not in margins and not line.startswith("Page ")]
            if not body[0].startswith("Second point of report "):
                continue
            report = re.match(r"Second point of report (\d+)", text[start:]).group(1)
            end = page.search(f"First point of report {int(report) + 1}:").get_next()
            last = end[0] if end else page.count_chars()
            # the point's height: its text and its citation line
            needed = page.get_charbox(start)[3] - min(
                page.get_charbox(i)[1] for i in range(start, last) if text[i].strip())
            before = document[number - 1].get_textpage()
            body_bottom = min(before.get_charbox(i)[1] for i in range(before.count_chars())
                              if before.get_charbox(i)[1] > bottom_margin
                              and before.get_text_range(i, 1).strip())
            room = body_bottom - bottom_margin
            assert room < needed, (
                f"filler {filler}: report {report}'s second point opens page {number + 1}, "
                f"but page {number} left {room:.0f}pt blank and it needs {needed:.0f}pt")


def test_the_contents_read_down_each_column_in_the_order_of_the_pages():
    """A long day's contents in two columns were filled row by row: reading down the left
    column on paper gave Military action 1, Terrorism and security 3, Disasters 4,
    Economy 6, Sources 8, and the right column the sections in between. Each entry must
    come below the one before it, or at the top of the next column."""
    pdfium = pytest.importorskip("pypdfium2")
    titles = ["Military action", "Diplomacy", "Terrorism and security",
              "Humanitarian and human rights", "Disasters and accidents",
              "Politics and governance", "Economy and trade", "Law and accountability"]
    published = datetime(2024, 12, 8, 9, 30, tzinfo=UTC)
    sections, articles = [], []
    for n, title in enumerate(titles):
        a = Article(id=f"a{n}", title=f"Report {n}", text="", source="Agence",
                    url=f"https://example.org/news/{n}", published=published)
        kps = (KeyPoint(a.id, f"Point of report {n}: the council met again.", 0, 1.0,
                        (ThemeScore(f"t{n}", 0.8),)),)
        sections.append(Section(f"t{n}", title, (Story(a.id, (a,), kps, 1.0),)))
        articles.append(a)
    briefing = Briefing(date=date(2024, 12, 8), title="Daily briefing",
                        generated_at=datetime(2024, 12, 8, 7, tzinfo=UTC),
                        sections=tuple(sections), top_lines=(), articles=tuple(articles))
    page = pdfium.PdfDocument(render_all(briefing, ["pdf"], RenderOptions())["pdf"])[0]
    text = page.get_textpage()
    # the first time a title is printed is in the contents, above its section
    where = []
    for title in [*titles, "Sources"]:
        index, _ = text.search(title, match_case=True).get_next()
        left, _, _, top = text.get_charbox(index)
        where.append((title, round(left), round(top)))
    for (before, x0, y0), (after, x1, y1) in itertools.pairwise(where):
        assert (x1 == x0 and y1 < y0) or x1 > x0, (
            f"{after!r} at ({x1}, {y1}) does not follow {before!r} at ({x0}, {y0}) "
            "down the column or at the top of the next")
        if x1 > x0:
            assert y1 == max(y for _, _, y in where), f"{after!r} is not at a column's top"


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
def test_a_long_marking_leaves_the_date_and_page_number_on_one_line(page_size):
    """With a handling caveat of 66 characters as the marking, the running header and
    footer gave the marking most of the width and wrapped the date beside it ("Sunday 12
    November" above "2006"). The marking may take two lines; the date and the page number
    keep one each."""
    pdfium = pytest.importorskip("pypdfium2")
    marking = "OFFICIAL-SENSITIVE // NOT FOR RELEASE OUTSIDE THE OPERATIONS CENTRE"
    briefing = replace(one_article_briefing("Talks resume", ["The talks resumed in Geneva."]),
                       date=date(2026, 9, 30))  # the longest date: a Wednesday in September
    pdf = render_all(briefing, ["pdf"], RenderOptions(marking=marking,
                                                       page_size=page_size))["pdf"]
    lines = [line.strip() for line in
             pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range().splitlines()]
    assert "Wednesday 30 September 2026" in " ".join(lines)
    footer = [line for line in lines if "September" in line or line.startswith("Page ")]
    assert any("Wednesday 30 September 2026" in line for line in footer[-2:]), footer
    assert any("Page 1 of 1" in line for line in footer), footer


@pytest.mark.parametrize("timed", [False, True])
def test_a_date_is_never_split_over_two_lines(timed):
    """On the seeds' 16 December 2024 the Sources list printed "· 15" above "December 2024",
    and on a held-out Wikinews day "30 Apr 2015," above "01:43 UTC" and the header
    "generated 5 Dec 2026," above "04:17 UTC"; a citation's "14 Dec 2024, 09:30" left its
    "UTC" for the next line. Titles of every length move each date along its line; none
    may be split, in a citation, in Sources or in the header."""
    pdfium = pytest.importorskip("pypdfium2")
    published = datetime(2024, 12, 14, 9, 30, tzinfo=UTC) if timed else \
        datetime(2024, 12, 14, tzinfo=UTC)
    stories, articles = [], []
    for s in range(40):
        a = Article(id=f"a{s}", title="Envoys " + "meet " * s + "in Aqaba", text="",
                    source="U.S. Department of State", url=f"https://example.org/news/{s}",
                    published=published)
        kp = KeyPoint(a.id, f"Point {s}: " + "the envoys met " * (s % 9) + "again.", 0, 1.0,
                      (ThemeScore("diplomacy", 0.8),))
        stories.append(Story(a.id, (a,), (kp,), 1.0))
        articles.append(a)
    # a long line of counts before the build's time, as on a day of a thousand articles
    briefing = Briefing(date=date(2024, 12, 16), title="Daily briefing",
                        generated_at=datetime(2024, 12, 16, 7, 5, tzinfo=UTC),
                        sections=(Section("diplomacy", "Diplomacy", tuple(stories)),),
                        top_lines=(), articles=tuple(articles),
                        left_out=tuple((f"x{i}", "sport") for i in range(472)))
    document = pdfium.PdfDocument(render_all(briefing, ["pdf"], RenderOptions())["pdf"])
    lines = [line.replace("\xa0", " ").strip() for page in document
             for line in page.get_textpage().get_text_range().splitlines()]
    whole = " ".join(lines)
    dates = (["14 Dec 2024, 09:30 UTC"] if timed else ["14 Dec 2024", "14 December 2024"]) \
        + ["16 Dec 2024, 07:05 UTC"]
    for when in dates:
        assert whole.count(when) > 0, when
        assert sum(line.count(when) for line in lines) == whole.count(when), (
            when, [pair for pair in itertools.pairwise(lines)
                   if when not in pair[0] + pair[1] and when in " ".join(pair)][:3])


def test_a_link_to_an_earlier_briefings_pdf_opens_that_file_at_the_story():
    """"Developing · first briefed 7 December 2024" links to the earlier PDF's entry. It
    was a URI action on a relative address ("../2024-12-07/briefing.pdf#story-…"), which
    a PDF viewer hands to the web browser (Acrobat, after two warnings) or ignores (macOS
    Preview, Foxit): from the archive on disk the reader never reached the story. A jump
    into another PDF file is a remote go-to: the file relative to this one, and the
    story's named destination there. Links out to the web stay URI actions."""
    pdfium = pytest.importorskip("pypdfium2")
    import ctypes

    import pypdfium2.raw as raw

    from briefing.model import FollowMark

    briefing = one_article_briefing("Talks resume", ["The talks resumed in Geneva."])
    story = replace(briefing.sections[0].stories[0], follow=FollowMark(
        "20241207-ab12cd", "developing", 2, date(2024, 12, 7), "../2024-12-07"))
    briefing = replace(briefing, sections=(replace(briefing.sections[0], stories=(story,)),))
    pdf = render_all(briefing, ["pdf"], RenderOptions())["pdf"]

    document = pdfium.PdfDocument(pdf)
    page = document[0]
    remote, web = [], []
    position = ctypes.c_int(0)
    link = raw.FPDF_LINK()
    while raw.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(link)):
        action = raw.FPDFLink_GetAction(link)
        kind = raw.FPDFAction_GetType(action) if action else None
        if kind == raw.PDFACTION_REMOTEGOTO:
            size = raw.FPDFAction_GetFilePath(action, None, 0)
            buffer = ctypes.create_string_buffer(size)
            raw.FPDFAction_GetFilePath(action, buffer, size)
            remote.append(buffer.value.decode())
        elif kind == raw.PDFACTION_URI:
            size = raw.FPDFAction_GetURIPath(document.raw, action, None, 0)
            buffer = ctypes.create_string_buffer(size)
            raw.FPDFAction_GetURIPath(document.raw, action, buffer, size)
            web.append(buffer.value.decode())
    assert remote == ["../2024-12-07/briefing.pdf"]
    assert web and all(uri.startswith("https://") for uri in web), web
    # the destination in that file is the story's anchor, by name
    actions = [a.get_object()["/A"] for p in pypdf.PdfReader(io.BytesIO(pdf)).pages
               for a in p.get("/Annots", []) if "/A" in a.get_object()]
    jumps = [a for a in actions if a["/S"] == "/GoToR"]
    assert [a["/D"] for a in jumps] == ["story-20241207-ab12cd"]
