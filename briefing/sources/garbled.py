"""Text garbled before it reached us, put right: mojibake and HTML entities left as text.

**Mojibake.** A feed or an export whose UTF-8 was read as windows-1252 or latin-1 somewhere
upstream (a CMS, a scraper, a database) says "Cassiniâ€“Huygens", "JÃ¼rgen Klinsmann" and
"itâ€™s": the bytes were fine once, and decoding them again the right way gives the text
back. Our own decoding of pages follows the browsers (`html.py`); this repairs what was
garbled before the bytes were ours. The held-out Wikinews texts of `research/heldout_day.py`
hold 186 such paragraphs in 9,349, and their key points showed the garbled dashes and
quotes, which also read as half a quotation.

**Entities.** Plain text that still holds HTML's escapes: WordPress's JSON gives titles as
"It&#8217;s", exports and double-escaped feeds give "Fruits &amp;amp; Passion", and the
Wikinews texts hold "53&ndash;7". In text that is not HTML an entity is what its writer's
tool made of a character, so the character is put back (the renderers escape every value
again on the way out, so nothing of it can become markup).

ftfy decides whether a text is mojibake and how to undo it (it leaves alone text that
merely holds an accented letter next to a dash), and unescapes the entities. Asking it
costs about 70 µs a paragraph, a third of a whole article's summary, so it is asked only
when the text holds what every UTF-8-read-as-windows-1252 sequence starts with (a letter
from Â to ô followed by a character a UTF-8 continuation byte becomes: U+0080 to U+00BF,
or a windows-1252 punctuation mark such as € or ™) or something shaped like an entity.
Only these two are repaired: curly quotes, ligatures, widths and line breaks stay as the
source wrote them.

**Bidi controls.** Every article passes through here, so here too its text (title, body,
outlet) loses the Unicode controls that reorder what follows them: embeddings, overrides and
isolates (U+202A to U+202E, U+2066 to U+2069). One left open in an article reversed the
briefing's own citation after it (the source, the title, the [n] link) in the HTML, PDF and
Markdown. The marks (U+200E, U+200F) reorder nothing beyond themselves and stay.

**Control characters.** The C0 and C1 controls and DEL go too (tabs and line breaks stay,
NEL among them; the other controls that break a line, form feed and the like, become one).
A feed's escape sequence ("\\x1b]0;…\\x07", "\\x9b2J") was written as it was into the
Markdown and the email's text part, where a reader's terminal acts on it, and a NUL or
escape in the HTML stopped `send` with a traceback (lxml refuses them in a document).

**Composed letters.** Text pasted from a Mac or a PDF may spell "Erdoğan" as "Erdog" and a
combining breve (Unicode's decomposed form, NFD). It looks the same, but a reader's search
for "Erdoğan" skips it and the name's words split at the mark ("Erdog", "Ło"); cleaning
composed the body's sentences, not the title or the outlet. Title, text and outlet are
composed (NFC) here: the same letters, one code point each where Unicode has one.

**Invisible breaks inside words.** A CMS that hyphenates for narrow screens leaves soft
hyphens inside words ("Fero\u00adzepur"), and pastes leave zero-width spaces, word joiners
and stray byte-order marks. They draw nothing, but they split the word for everything that
reads it: a desk watching "Hussainiwala" missed the story, the name read as "Hussaini", and
a search of the PDF found nothing. They go (the joiners that shape a script's letters,
U+200C and U+200D, stay).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from briefing.model import Article

# a lead byte of a UTF-8 sequence (0xC2-0xF4) as windows-1252 or latin-1 decode it, then a
# continuation byte (0x80-0xBF) as they decode it
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6"
    "\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122]"
)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKING_CONTROLS = re.compile("[\x0b\x0c\x1c-\x1e]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
# soft hyphen, zero-width space, word joiner, byte-order mark (zero-width no-break space)
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")


def repaired_text(text: str) -> str:
    """`text` with mojibake undone and HTML entities unescaped; `text` itself when it has
    neither."""
    if not (_MOJIBAKE.search(text) or _ENTITY.search(text)):
        return text
    import ftfy  # imported here: most articles never need it

    return ftfy.fix_text(text, ftfy.TextFixerConfig(
        unescape_html=True, fix_encoding=True, remove_terminal_escapes=False,
        fix_latin_ligatures=False, fix_character_width=False, uncurl_quotes=False,
        fix_line_breaks=False, remove_control_chars=False, normalization=None, explain=False))


def without_bidi_controls(text: str) -> str:
    """`text` without bidi embeddings, overrides and isolates (see the module's note)."""
    return _BIDI_CONTROLS.sub("", text) if _BIDI_CONTROLS.search(text) else text


def without_controls(text: str) -> str:
    """`text` without C0/C1 controls and DEL, those that break a line made line breaks;
    tabs and line breaks as they were (see the module's note)."""
    if not _CONTROLS.search(text) and not _LINE_BREAKING_CONTROLS.search(text):
        return text
    return _CONTROLS.sub("", _LINE_BREAKING_CONTROLS.sub("\n", text))


def normalized(text: str) -> str:
    """`text` in Unicode's composed form, NFC, without the invisible characters that break
    a word (see the module's note)."""
    text = _INVISIBLE.sub("", text) if _INVISIBLE.search(text) else text
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def repaired(article: Article) -> Article:
    """The article with its title and text repaired (`repaired_text`), and its title, text
    and outlet without bidi controls (`without_bidi_controls`) or other controls
    (`without_controls`), composed and whole (`normalized`)."""
    title = normalized(without_controls(without_bidi_controls(repaired_text(article.title))))
    text = normalized(without_controls(without_bidi_controls(repaired_text(article.text))))
    source = normalized(without_controls(without_bidi_controls(article.source)))
    if (title, text, source) == (article.title, article.text, article.source):
        return article
    return replace(article, title=title, text=text, source=source)
