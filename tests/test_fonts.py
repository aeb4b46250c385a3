"""Text no installed font draws is named after the build, not left as empty boxes in the PDF.

WeasyPrint prints a character no font has as an empty box and says nothing: a briefing
quoting an outlet in a script the machine has no font for went out with boxes where its
name was. The build now says which PDF, which script, where, and what to install.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from briefing import fonts

# Real scripts that Debian's DejaVu and Liberation fonts do not cover, each with an
# outlet's name in it: the test takes the first the machine really has no font for.
RARE_SCRIPTS = (
    ("Ol Chiki", "ᱥᱟᱱᱛᱟᱲᱤ ᱠᱷᱚᱵᱚᱨ"),
    ("Ethiopic", "አዲስ ዘመን"),
    ("Vai", "ꕙꔤ ꕞꔤꔫꕩ"),
    ("Cherokee", "ᏣᎳᎩ ᏧᎴᎯᏌᏅᎯ"),
)

ARTICLE = """---
title: "Council meets in the capital over land rights {name}"
source: "{name}"
url: "https://example.org/news/1"
published: "2024-12-08"
---

The regional council met in the capital on Sunday to discuss land rights, officials said.
The council leader said the government must protect community land from illegal transfer
and enforce the existing tenancy laws. Police said the meeting ended peacefully after four
hours of talks with district officials. The government said it would review the council's
demands next week.
"""


def fontconfig_has(text: str) -> bool:
    """Whether one installed font has every character of `text`, asked of fc-list directly."""
    charset = " ".join(f"{ord(c):x}" for c in set(text) if not c.isspace())
    listed = subprocess.run(["fc-list", f":charset={charset}", "family"],
                            capture_output=True, text=True, check=True).stdout
    return bool(listed.strip())


@pytest.fixture
def missing_script():
    """(script name, an outlet's name) in a script no font here draws."""
    if shutil.which("fc-list") is None:
        pytest.skip("no fc-list: the check is skipped on this machine")
    for script, name in RARE_SCRIPTS:
        if not any(fontconfig_has(c) for c in name if not c.isspace()):
            return script, name
    pytest.skip("every rare script of the test has a font here")


def write_article(workdir, name: str):
    folder = workdir / "src"
    folder.mkdir()
    (folder / "council.md").write_text(ARTICLE.format(name=name), encoding="utf-8")
    return folder


def font_warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if "no installed font draws" in line]


def test_a_script_no_font_draws_is_one_warning_naming_the_pdf_the_point_and_the_package(
        run_cli, workdir, missing_script):
    script, name = missing_script
    run = run_cli("build", "--source", write_article(workdir, name), "--date", "2024-12-08")
    assert run.code == 0, run.err
    lines = font_warnings(run.err)
    assert len(lines) == 1, run.err  # one line for the build, not one per character
    line = lines[0]
    assert line.startswith("warning: ")
    assert str(workdir / "out" / "2024-12-08" / "briefing.pdf") in line
    assert f"of {script} (" in line
    assert name in line  # the quoted citation: the outlet's name and the title
    assert "Council meets in the capital over land rights" in line
    assert "apt-get install fonts-noto-core" in line
    assert (workdir / "out" / "2024-12-08" / "briefing.pdf").is_file()  # built all the same


def test_latin_with_accents_and_typography_gives_no_warning(run_cli, workdir):
    if shutil.which("fc-list") is None:
        pytest.skip("no fc-list: the check is skipped on this machine")
    name = "Agence Réunion — « Genève » · Zürich’s “naïve” Œuvre, 10 °C…"
    run = run_cli("build", "--source", write_article(workdir, name), "--date", "2024-12-08")
    assert run.code == 0, run.err
    assert font_warnings(run.err) == []
    assert (workdir / "out" / "2024-12-08" / "briefing.pdf").is_file()


def test_without_fc_list_there_is_no_check_and_no_message(run_cli, workdir, missing_script,
                                                          monkeypatch):
    _, name = missing_script
    monkeypatch.setenv("PATH", str(workdir / "no-such-bin"))  # fc-list not found
    run = run_cli("build", "--source", write_article(workdir, name), "--date", "2024-12-08")
    assert run.code == 0, run.err
    assert font_warnings(run.err) == []
    assert (workdir / "out" / "2024-12-08" / "briefing.pdf").is_file()


def test_only_drawn_text_counts(missing_script):
    """A character in an attribute or the <title> is never drawn on a page; bidi marks,
    joiners, soft hyphens and no-break spaces are drawn as nothing."""
    _, name = missing_script
    html = (f'<html><head><title>{name}</title></head><body>'
            f'<p title="{name}"><a href="https://example.org/{name}">Talks</a> resumed.'
            '\u2066x\u2069\u200e\u200d\u00ad\u00a0\ufe0f</p></body></html>')
    assert fonts.font_gap(html, fonts.InstalledFonts()) is None


def test_the_example_is_the_first_point_drawing_it_and_scripts_are_named(missing_script):
    script, name = missing_script
    html = ("<html><body><ul><li>The talks resumed on Sunday.</li>"
            f"<li>The envoy met {name} editors in the capital on Monday.</li>"
            "<li>A second mention: 中文.</li></ul></body></html>")
    gap = fonts.font_gap(html, fonts.InstalledFonts())
    assert gap is not None
    assert gap.example == f"The envoy met {name} editors in the capital on Monday."
    names = [s for s, _ in gap.scripts]
    assert names[0] == script  # in the order they appear
    if not fontconfig_has("中文"):  # no CJK font here either
        assert names[1:] == ["Han"] and gap.packages == ("fonts-noto-core", "fonts-noto-cjk")


def test_fonts_installed_after_a_warning_count_at_the_next_days_build(run_cli, workdir,
                                                                      monkeypatch):
    """The scheduler runs for months and WeasyPrint loads the fonts afresh for each
    document: fc-list's answer is shared by one build's PDFs (desks), not from one day to
    the next, or a font installed after the warning would be reported missing forever."""
    asked = []

    def list_charsets():
        asked.append(len(asked))
        return (((0x20,), (0x7E,)),)  # one font: ASCII

    monkeypatch.setattr(fonts, "_list_charsets", list_charsets)
    build = fonts.InstalledFonts()
    assert build.undrawable({"é"}) == {"é"}
    assert build.undrawable({"ü"}) == {"ü"}  # a desk's PDF of the same build
    assert len(asked) == 1
    # two builds in one process (the scheduler's mornings): each asks once
    source = write_article(workdir, "Agence Réunion")
    for day in ("2024-12-08", "2024-12-09"):
        run = run_cli("build", "--source", source, "--date", day, "--format", "pdf")
        assert run.code == 0, run.err
        assert len(font_warnings(run.err)) == 1, run.err
    assert len(asked) == 3
