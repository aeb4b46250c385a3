"""Which language an article is written in, so that one the briefing cannot read is not
filed under a theme by chance.

The summarizer's sentence rules and both theme models read English. Given a German trade
fair's blog post, they filed it under Humanitarian and human rights; given Korean television
reviews, under Other developments. An article in another language is therefore not themed:
it is left out like a kind of news the briefing does not brief, under "In other languages"
(listed at the end with `compose.also_in_the_news`), so it is neither misfiled nor lost.

CLD2 (Google's compact language detector, as pycld2) decides. A headline or two says too
little ("Obama, Merkel talk Ukraine" reads as Estonian to some detectors), so a text shorter
than `MIN_WORDS` is taken as English (Chinese, Japanese, Thai and other scripts written
without spaces count two characters as a word: a paragraph of Chinese is one "word" to
`split`, and was read as English and summarized), and so is one CLD2 is not sure of, or
one that is at least half English (an English report quoting a French minister is
English).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pycld2

from briefing.model import OTHER_LANGUAGES_ID

READ = "en"  # the language the briefing's models read
OTHER_LANGUAGES = (OTHER_LANGUAGES_ID, "In other languages")  # (id, label) as a kind of news
MIN_WORDS = 20
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # CLD2 refuses them
# Scripts written without spaces between words: Thai, Lao, Myanmar, Khmer, kana, CJK.
_UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff"
                       "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1 where there is one, as CLD2 names it: "de", "ko", "zh-Hant"
    name: str  # "German"
    percent: int  # of the text CLD2 found in it


def long_enough(text: str) -> bool:
    """Whether `text` has `MIN_WORDS` words, counting two characters of a script written
    without spaces as one."""
    if len(text.split(maxsplit=MIN_WORDS)) >= MIN_WORDS:
        return True
    return len(_UNSPACED.findall(text)) >= 2 * MIN_WORDS


def foreign_language(text: str) -> Language | None:
    """The language `text` is written in when the briefing cannot read it: another language
    than English, that CLD2 is sure of, in a text of `MIN_WORDS` words or more, of which
    under half is English. None otherwise (the text is read as English)."""
    if not long_enough(text):
        return None
    try:
        reliable, _, found = pycld2.detect(_UNPRINTABLE.sub(" ", text))
    except (pycld2.error, UnicodeError):  # text CLD2 cannot take is read as English
        return None
    name, code, percent, _ = found[0]
    english = sum(p for _, c, p, _ in found if c == READ)
    if not reliable or code in (READ, "un") or english >= 50:
        return None
    return Language(code, name.title(), percent)
