"""Characters of a briefing that no font on this machine draws: the PDF shows them as empty
boxes, and WeasyPrint says nothing. `font_gap` finds them, `font_gap_warning` says in one
line which briefing, where, which scripts and what to install.

How coverage is known: WeasyPrint lays text out with Pango, and Pango picks fonts through
fontconfig, falling back to any installed font that has the character; when none has it,
the PDF gets an empty box (.notdef). So "can it be drawn?" is fontconfig's "does any font
have it?", asked here through `fc-list`, which reads the same configuration and the same
cached charsets. Chosen over
- reading the fonts embedded in the PDF back (pypdf/fontTools, looking for .notdef): a box
  there is a glyph of whatever font Pango fell back to, found only by decoding subset fonts'
  content streams through their ToUnicode maps as this WeasyPrint version writes them
  (and shaped Arabic does not map back to its letters at all), and it no longer says which
  key point it came from; here the check is on the text we have, so it can quote the point;
- listening to WeasyPrint's own log: it reports a missing glyph only since version 66, in
  words changed in 67 (".notdef glyph rendered for Unicode string unsupported by fonts")
  and again within it, while pyproject accepts WeasyPrint 62, which drops such characters
  without a word: a check reading that log would go quiet with nobody noticing.
fontconfig's answer does not depend on WeasyPrint's version, and is testable on its own:
`fc-list ':charset=1c5a'` says whether Ol Chiki has a font here.

Cost: one `fc-list` per build (every font's charset, from fontconfig's cache: about 25 ms
with a few dozen fonts), and the check runs on the set of distinct non-ASCII characters of
the HTML, not per glyph; the HTML is parsed only when something is missing, to find the
example. Without `fc-list` (fontconfig's tools are a package of their own on some systems)
there is no check and no message: the build is as it was.
"""

from __future__ import annotations

import bisect
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass

# Drawn as nothing, so never an empty box: controls, format characters (bidi isolates, soft
# hyphen, zero-width joiners), spaces and separators, and the default-ignorable marks
# Unicode lists outside those categories (variation selectors, Hangul fillers...).
_NOT_DRAWN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zs", "Zl", "Zp"})
_DEFAULT_IGNORABLE = ((0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
                      (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0),
                      (0xE0100, 0xE01EF))

# The README's font advice, by script: CJK needs fonts-noto-cjk, emoji (past U+1F000)
# fonts-noto-color-emoji, every other script (Devanagari, Thai, Ethiopic, Ol Chiki...)
# one of fonts-noto-core's.
_CJK_SCRIPTS = frozenset({"Hani", "Hira", "Kana", "Hang", "Bopo"})
_PACKAGE_ORDER = ("fonts-noto-core", "fonts-noto-cjk", "fonts-noto-color-emoji")
_EXAMPLE_CHARS = 100  # the quoted point or title is cut to about this many characters
_QUOTABLE = 30  # an element with fewer characters is quoted with its parent
_SHOWN_PER_SCRIPT = 8  # characters shown beside each script's name

_ASCII = bytes(range(128))

# an element whose whole text is worth quoting: a point, a title, a heading, a line
_BLOCKS = frozenset({"li", "p", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "td", "th",
                     "figcaption", "blockquote", "caption"})


@dataclass(frozen=True)
class FontGap:
    """What a briefing's PDF cannot draw."""

    missing: str  # the characters no font has, each once, in the order they first appear
    scripts: tuple[tuple[str, str], ...]  # (script name, its missing characters)
    example: str  # the first point, title or line they are in, shortened
    packages: tuple[str, ...]  # the Debian font packages that have them


def _drawn_as_nothing(char: str) -> bool:
    code = ord(char)
    return (unicodedata.category(char) in _NOT_DRAWN_CATEGORIES
            or any(lo <= code <= hi for lo, hi in _DEFAULT_IGNORABLE))


Charsets = tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]


def _list_charsets() -> Charsets | None:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        listed = subprocess.run([fc_list, "--format", "%{charset}\n"], capture_output=True,
                                text=True, timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    charsets = []
    for line in set(listed.splitlines()):  # a family's faces mostly share one charset
        starts, ends = [], []
        for token in line.split():  # "20-7e a0-17f 192 …", hexadecimal
            low, _, high = token.partition("-")
            try:
                starts.append(int(low, 16))
                ends.append(int(high or low, 16))
            except ValueError:
                continue
        if starts:
            charsets.append((tuple(starts), tuple(ends)))
    return tuple(charsets) if charsets else None


class InstalledFonts:
    """The installed fonts' charsets, asked of `fc-list` when first needed and then kept.

    Made once per build, not once per process: the desks' PDFs of a build share one
    answer, and the next build asks again, as WeasyPrint loads the fonts afresh for every
    document: in a scheduler that runs for months a font installed after a warning draws
    the next morning's briefing, and the check must know it then. An object, not a module
    cache, so that tests (and builds run in one process) never see another's answer."""

    def __init__(self) -> None:
        self._asked = False
        self._charsets: Charsets | None = None

    def charsets(self) -> Charsets | None:
        """Each distinct charset of the installed fonts as (range starts, range ends), or
        None when fontconfig cannot be asked (no `fc-list`, or it failed): then nothing is
        checked."""
        if not self._asked:
            self._charsets, self._asked = _list_charsets(), True
        return self._charsets

    def undrawable(self, chars: set[str]) -> set[str] | None:
        """Of `chars`, those no installed font has (None: fontconfig cannot be asked).
        Only non-ASCII characters are looked up: every font has ASCII."""
        charsets = self.charsets()
        if charsets is None:
            return None
        left = {c for c in chars if c > "\x7f" and not _drawn_as_nothing(c)}
        for starts, ends in charsets:
            if not left:
                break
            left = {c for c in left
                    if (i := bisect.bisect_right(starts, ord(c)) - 1) < 0 or ord(c) > ends[i]}
        return left


def _script(char: str) -> tuple[str, str]:
    """The character's script: its ISO 15924 code and name ("Ethi", "Ethiopic")."""
    from fontTools import unicodedata as fontunicode  # a WeasyPrint dependency

    code = fontunicode.script(char)
    if code == "Zyyy":  # Common: shared by every script
        return code, "emoji" if ord(char) >= 0x1F000 else "symbols"
    if code == "Zinh":  # Inherited: takes its letter's script
        return code, "combining marks"
    return code, fontunicode.script_name(code, default=code).replace("_", " ")


def _package(char: str) -> str:
    code, _ = _script(char)
    if code in _CJK_SCRIPTS:
        return "fonts-noto-cjk"
    if code == "Zyyy" and ord(char) >= 0x1F000:
        return "fonts-noto-color-emoji"
    return "fonts-noto-core"


def _example(body, missing: set[str]) -> tuple[str, set[str]]:
    """The text of the first block (a point, a title) drawing one of `missing`, and which
    of `missing` the page draws at all (an attribute or a `<title>` is not drawn)."""
    example, drawn = "", set()
    for element in body.iter():
        if not isinstance(element.tag, str) or element.tag in ("style", "script"):
            continue
        for text, owner in ((element.text, element), (element.tail, element.getparent())):
            if not text or owner is None or owner.tag in ("style", "script"):
                continue
            found = missing.intersection(text)
            if not found:
                continue
            drawn |= found
            if not example:
                example = _clip(_quotable(owner), missing)
    return example, drawn


def _quotable(element) -> str:
    """The text around `element` worth quoting: its own when it is a block (a point, a
    heading) or long enough to read alone, else its nearest such ancestor's (an outlet's
    name quoted with its citation line)."""
    while True:
        # parts joined by a space: a point and its citation line are two lines on the page
        text = " ".join(" ".join(element.itertext()).split())
        parent = element.getparent()
        if (element.tag in _BLOCKS or len(text) >= _QUOTABLE or parent is None
                or parent.tag == "body"):
            return text
        element = parent


def _clip(text: str, missing: set[str]) -> str:
    """`text` cut to about _EXAMPLE_CHARS characters around its first missing one."""
    if len(text) <= _EXAMPLE_CHARS:
        return text
    first = next(i for i, c in enumerate(text) if c in missing) if missing & set(text) else 0
    start = max(0, min(first - _EXAMPLE_CHARS // 4, len(text) - _EXAMPLE_CHARS))
    clipped = text[start:start + _EXAMPLE_CHARS]
    return ("…" if start else "") + clipped + ("…" if start + _EXAMPLE_CHARS < len(text) else "")


def _non_ascii(text: str) -> set[str]:
    """The distinct non-ASCII characters of `text`. Its UTF-8 bytes with the ASCII ones
    deleted are still whole UTF-8 (every byte of a longer character is 0x80 or more): 2 ms
    for a megabyte of news, where set(text) or a regular expression took 60 to 100 ms."""
    return set(text.encode("utf-8", "surrogatepass").translate(None, _ASCII)
               .decode("utf-8", "surrogatepass"))


def font_gap(html: str, fonts: InstalledFonts) -> FontGap | None:
    """What of the HTML given to WeasyPrint no font of `fonts` draws, or None (all drawn, or
    fontconfig cannot be asked)."""
    # fonts a stylesheet loads itself (a user's custom.css) are not fontconfig's to report:
    # better no warning than one telling to install what is there
    if "@font-face" in html:
        return None
    missing = fonts.undrawable(_non_ascii(html))  # the raw HTML's: a superset of the drawn text's
    if not missing:
        return None
    import lxml.html

    body = lxml.html.document_fromstring(html).find("body")
    if body is None:
        return None
    example, drawn = _example(body, missing)
    if not drawn:
        return None
    ordered = "".join(sorted(drawn, key=html.find))  # as they first appear
    by_script: dict[str, str] = {}
    for char in ordered:
        name = _script(char)[1]
        by_script[name] = by_script.get(name, "") + char
    packages = {_package(c) for c in ordered}
    return FontGap(ordered, tuple(by_script.items()), example,
                   tuple(p for p in _PACKAGE_ORDER if p in packages))


def font_gap_warning(where: str, gap: FontGap) -> str:
    """One line for the build: the file, the scripts, an example, what to install."""
    scripts = ", ".join(f"{name} ({chars[:_SHOWN_PER_SCRIPT]}"
                        f"{'…' if len(chars) > _SHOWN_PER_SCRIPT else ''})"
                        for name, chars in gap.scripts)
    count = len(gap.missing)
    return (f"{where}: no installed font draws {count} "
            f"{'character' if count == 1 else 'characters'} of {scripts}: the PDF shows "
            f"empty boxes for them, e.g. in \"{_one_line(gap.example)}\"; install a font for "
            f"{'it' if len(gap.scripts) == 1 else 'them'} (Debian: apt-get install "
            f"{' '.join(gap.packages)}; see the fonts paragraph of the README)")


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
