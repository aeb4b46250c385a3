"""Text to features: the one tokenizer both the shipped model's training and the product use.

A text becomes lower-cased, lightly stemmed word tokens; its features are its content words
and the pairs of adjacent content words ("air strike", "fifth round", "summit entertainment"),
which carry much of the context a single word lacks. Training (training/build_theme_model.py)
imports this module, so a model and the product can never disagree on what a feature is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

# Currency signs and "%" carry meaning ("$53", "£484bn", "5%"): they become words.
_SYMBOLS = (("$", " dollar "), ("£", " pound "), ("€", " euro "), ("%", " percent "))
_POSSESSIVE = re.compile(r"['’]s\b")
_TOKEN = re.compile(r"[^\W_]+")  # letters and digits; hyphens and apostrophes split words

# Words too common to say anything about a theme on their own. Terms may still contain them
# ("blew himself up"): a term is matched as a whole phrase.
_STOPWORD_TEXT = (
    "a an and are as at be been being but by can could did do does for from had has have he "
    "her hers him his how i if in into is it its itself me more most my no nor not of off on "
    "once only or other our out over own same she should so some such than that the their "
    "them then there these they this those through to too under until up very was we were "
    "what when where which while who whom why will with would you your also said says say "
    "after before about against between during since s t just now new one two three four five "
    "six seven eight nine ten last first year years day days week weeks month months told "
    "according mr mrs ms "
)
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A deliberately crude suffix stripper: plurals, -ed, -ing and a final -e.

    It only has to map the forms of one word to the same key on both sides (training text
    and the briefing's text), not produce real roots; a full stemmer would be a dependency
    for no gain here.
    """
    # A stop word stays as it is: stemmed, "according" became "accord", a diplomacy term,
    # in every "according to" of the news.
    if len(word) <= 3 or word.isdigit() or word in STOPWORDS:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ing") and len(word) > 5:
        word = word[:-3]
    elif word.endswith("ed") and len(word) > 4:
        word = word[:-2]
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def _symbols_spelled(text: str) -> str:
    """`_SYMBOLS` as words. (str.replace per sign: str.translate with a mapping to strings
    took two thirds of the time of tokenizing.)"""
    for sign, word in _SYMBOLS:
        if sign in text:
            text = text.replace(sign, word)
    return text


def tokens(text: str) -> list[str]:
    """Lower-cased, stemmed word tokens of a text (stop words kept: phrases need them)."""
    text = _POSSESSIVE.sub("", _symbols_spelled(text).lower())
    return list(map(stem, _TOKEN.findall(text)))


def phrase_key(phrase: str) -> str:
    """The feature key of a term: its stemmed tokens joined by spaces ('' if no words)."""
    return " ".join(tokens(phrase))


def content_features(toks: Sequence[str]) -> set[str]:
    """Content words and pairs of adjacent content words (stop words between them skipped)."""
    content = [t for t in toks if t not in STOPWORDS and len(t) > 1]
    feats = set(content)
    feats.update(f"{a} {b}" for a, b in zip(content, content[1:], strict=False))
    return feats


def text_features(text: str) -> set[str]:
    return content_features(tokens(text))


# A run of two or more capitalised words is a name: "Summit Entertainment", "Security Council".
_NAME_RUN = re.compile(r"\b[A-Z][^\W_]*(?: [A-Z][^\W_]*)+\b")
_TITLE_CASE_SHARE = 0.8  # of a text's longer words capitalised: a headline in title case


def names_in(text: str) -> list[tuple[tuple[str, ...], str]]:
    """The names of a text as (its words before the last, its last word), as feature keys.

    In an English name, as in any compound, the last word says what kind of thing it is and
    the words before it only which one: Summit Entertainment is a film studio, not a summit,
    and the Security Council a council. (A headline in title case capitalises every word:
    see `title_case`.)
    """
    out = []
    for run in _NAME_RUN.finditer(text):
        words = [stem(w.lower()) for w in _POSSESSIVE.sub("", run.group()).split(" ")]
        while words and words[0] in STOPWORDS:  # "The", "On": a sentence's capital
            words.pop(0)
        if len(words) > 1:
            out.append((tuple(words[:-1]), words[-1]))
    return out


_HYPHENATED = re.compile(r"(?<![\w-])[^\W\d_]+(?:-[^\W\d_]+)+(?![\w-])")


def hyphenated(text: str) -> list[tuple[tuple[str, ...], str]]:
    """The hyphenated words of a text, as (their parts' keys, the key of the word written
    solid): "quarter-finals" -> (("quarter", "final"), "quarterfinal"), "cease-fire" ->
    (("ceas", "fire"), "ceasefir"). A hyphenated word is one word: a quarter-final is no
    quarter of a year, a cease-fire no fire, an anti-war march no war. One with a capital
    is left out: its parts keep their meaning when one is a name (an ISIS-linked group, a
    Saudi-led coalition), and a capital at a sentence's start or in a title-case headline
    is no sign either way."""
    return [(tuple(stem(p) for p in word.split("-")), _solid_key(word))
            for word in _lowercase_compounds(text)]


def _lowercase_compounds(text: str) -> list[str]:
    """The hyphenated words of a text with no capital ("ISIS-linked", "Saudi-led" and
    "al-Qaeda" have a name in them)."""
    return [w for w in _HYPHENATED.findall(text) if w.islower()] if "-" in text else []


def _solid_key(word: str) -> str:
    """The key of a hyphenated word written solid: "cease-fire" -> "ceasefir"."""
    return stem(word.replace("-", ""))


def title_case(text: str) -> bool:
    """Whether a text capitalises most of its longer words, as a headline in title case
    does: then its capitals do not mark names."""
    longer = [w for w in _TOKEN.findall(text) if len(w) > 3 and not w.isdigit()]
    return not longer or sum(w[0].isupper() for w in longer) > _TITLE_CASE_SHARE * len(longer)


def as_written(text: str, feature: str) -> str:
    """A feature as the text writes it, for a person to read: "airstrik" -> "airstrikes",
    "fifth round" -> "fifth round" (the feature itself when the text does not have it)."""
    return written_forms(text).get(feature, feature)


@lru_cache(maxsize=4096)
def written_forms(text: str) -> dict[str, str]:
    """Each feature of a text (`text_features`), as the text first writes it."""
    text = _POSSESSIVE.sub("", _symbols_spelled(text))
    pairs = [(w, key) for w in _TOKEN.findall(text)
             if (key := stem(w.lower())) not in STOPWORDS and len(key) > 1]
    forms: dict[str, str] = {}
    for i, (word, key) in enumerate(pairs):
        forms.setdefault(key, word)
        if i + 1 < len(pairs):
            forms.setdefault(f"{key} {pairs[i + 1][1]}", f"{word} {pairs[i + 1][0]}")
    for word in _lowercase_compounds(text):  # read as written solid (`hyphenated`)
        forms.setdefault(_solid_key(word), word)
    return forms
