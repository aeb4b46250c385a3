"""How two tellings of a fact relate: whether a sentence says again what a kept one says
("same"), says it and more ("fuller"), or tells another fact ("").

Two kinds of rule, by words and by content. By words (`retelling`): the same sentence
lightly reworded, or one sentence contained in another. By content (`relate`, for two
outlets' tellings within a story): compared by the facts they carry, so that "rose" and
"fell" stay two facts however alike the rest, and "coast" for "surrounding" is the same
fact in other words. `compose` shows a fact once and credits every outlet that tells it;
`follow` does not tell again a fact briefed on an earlier day.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from briefing.themes.features import stem as stem_word

_WORD = re.compile(r"\w+")


def words_of(text: str) -> frozenset[str]:
    """The words a sentence is compared by (lower case), for `retelling`."""
    return frozenset(w.lower() for w in _WORD.findall(text))


# Two tellings of one fact, by their sets of words:
# * the same sentence lightly reworded: Jaccard similarity at least _SAME_WORDING;
# * a shorter sentence whose every word recurs in a longer one tells the same fact with
#   less detail ("The strike group entered the area of responsibility, Dec 14." beside the
#   release that also lists its ships). Every word, not nearly every: the one word missing
#   could be the fact ("died"). Under 8 distinct words a sentence says too little ("It was
#   over.") for its words to identify a fact; and the longer one must add at least 3 words,
#   or it is a rewording of the same length, which the first telling wins.
_SAME_WORDING = 0.7
_CONTAINED_MIN_WORDS = 8
_CONTAINED_MORE_WORDS = 3


def retelling(new: frozenset[str], kept: frozenset[str]) -> str:
    """How a new sentence relates to a kept one, by their words (`words_of`): "fuller" (it
    contains the kept one), "same" (a rewording, or contained in the kept one) or ""
    (another fact). Following a story across days uses it too: a fact already briefed,
    lightly reworded, is "same" and not told again."""
    shared = len(new & kept)
    if not shared:
        return ""
    if shared == len(kept) and _CONTAINED_MIN_WORDS <= shared <= len(new) - _CONTAINED_MORE_WORDS:
        return "fuller"
    if shared == len(new) and _CONTAINED_MIN_WORDS <= shared <= len(kept) - _CONTAINED_MORE_WORDS:
        return "same"
    return "same" if shared / (len(new) + len(kept) - shared) >= _SAME_WORDING else ""


# Whatever the wording, one telling gives way to another (`_gives_way`) only when nothing it
# says is lost: every word of it that carries a fact recurs in the other (a name, a number,
# a negation or direction, an outcome: "rose" and "fell", "three" and "five", "killed" and
# "wounded" tell two facts, however alike the rest), and neither denies what the other
# affirms (the words just after a "not" are what it denies).
#
# Two outlets rarely tell one fact in the same words ("The pirates are from Somalia and
# Yemen, two countries surrounding the Gulf of Aden, Sinha said." and "The Indians say the
# pirates were from Somalia and Yemen, two countries on the coast of the Gulf."), so beside
# the wording rules above, a point of another article restates a kept one (`_restates`)
# when, compared by content words (stems; a reporting clause left out, as the citation
# names the source), it gives way to it and the words it has of its own are fewer than a
# quarter of its words, none a verb ("coast" for "surrounding", not "died" for "fell"): the
# wording of the same fact. Under _RESTATED_MIN_TERMS content words a sentence does not
# identify a fact ("He was arrested on Monday.").
_RESTATED_MIN_TERMS = 4
_RESTATED_OWN_SHARE = 0.25
# words, and the marks that end a clause (where a "not" stops denying)
_TERM = re.compile(r"\d+(?:[.,:]\d+)*\w*|[^\W\d_]+(?:['’][^\W\d_]+)?|[,;:.!?()—–]")
_NEGATIONS = frozenset({"not", "no", "nor", "never", "without"})
_DENIED_SPAN = 3  # content words after a negation, in its clause, that it may deny
# Function words that decide a fact ("more" or "less", "before" or "after") and numbers
# spelled out, outcomes and directions: compared like names, never taken for wording.
_FACT_WORDS_TEXT = (
    "not no nor never without more less most least fewer up down above below over under "
    "before after against only again one two three four five six seven eight nine ten "
    "eleven twelve twenty thirty forty fifty hundred hundreds thousand thousands million "
    "millions billion billions dozen dozens half first second third last "
    "dead death deaths die died dies killed wounded injured injury injuries hurt missing "
    "alive rescued arrested charged convicted acquitted sentenced jailed released freed "
    "guilty innocent resigned elected won lost defeated rise rises rose risen rising fall "
    "falls fell fallen falling gain gains gained loss losses drop drops dropped increase "
    "increased decrease decreased higher lower record"
)
_FACT_WORDS = frozenset(_FACT_WORDS_TEXT.split())
_FUNCTION_WORDS_TEXT = (
    "a an and are as at be been being but by can could did do does for from had has have he "
    "her hers him his how i if in into is it its itself me my of off on once or other our out "
    "own same she should so some such than that the their them then there these they this "
    "those through to too until very was we were what when where which while who whom why "
    "will with would you your also about between during since just now s t mr mrs ms "
    "said says say saying told tells according reported added"
)
_FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split()) - _FACT_WORDS
# English verbs' irregular past forms; regular ones end in -ed
_IRREGULAR_PAST_TEXT = (
    "arose ate beat became began bent bet bit bled blew broke brought built burnt bought "
    "caught chose came cost crept cut dealt dug dove drew drank drove fed felt fought "
    "found fled flew forbade forgot forgave froze got gave went ground grew hung heard hid "
    "hit held kept knelt knew laid led leapt left lent let lay lit made meant met "
    "paid put quit ran rang sought sold sent set shook shot shut sang sank sat slew "
    "slept slid spoke sped spent spun split spread sprang stood stole stuck stung struck "
    "swore swept swam swung took taught tore thrown threw withdrew wore wove wrote "
    "arisen beaten become begun bitten blown broken chosen done drawn drunk driven eaten "
    "flown forbidden forgotten forgiven frozen given gone grown hidden known ridden "
    "seen shaken shown shrunk slain spoken stolen stricken sworn swollen taken torn "
    "withdrawn worn written"
)
IRREGULAR_PAST = frozenset(_IRREGULAR_PAST_TEXT.split())  # briefing.standalone reads it too
# A reporting clause at either end: "The Indians say …", "…, navy spokesman Nirad Sinha
# said." or "…, according to police." A leading one only when it reports a statement with
# a subject of its own: in "Hewlett-Packard said it agreed to buy EYP" the speaker is the
# one who acts, and "T-Mobile hasn't said when …" or "… said whether …" tells no statement.
_LEADING_REPORT = re.compile(
    r"^(?:(?![^,;:.]*(?:\bnot\b|\bnever\b|n['’]t\b))[^,;:.]{1,60}?\s)?"
    r"(?:says?|said|told \w+):?\s+(?:that\s+)?"
    r"(?!(?:it|its|he|his|she|her|they|their|we|our|i|when|what|whether|if|how|why|who)\b)",
    re.IGNORECASE)
# (after its verb, only whom it was told to, where and when: "…, he told the Timaru Herald
# in an interview on Thursday.")
_TRAILING_REPORT = re.compile(
    r"[,:]\s*[\"”’]?\s*(?:[^,;:]{1,80}?\s(?:says?|said|told|added|wrote)"
    r"(?:\s+(?:[A-Z][\w.'’-]*|to|in|on|at|the|a|an|with|during|this|last|statement|"
    r"interview|reporters|news|conference|briefing|morning|afternoon|evening|\w+day))*"
    r"|according to [^,;:]{1,80}?)\s*[.!]?[\"”’]?\s*$")

_REPORTING = re.compile(r"\b(?:says?|said|told|wrote|added|according)\b", re.IGNORECASE)
# Who said a quotation, before or after it: "“…,” Mrs. Clinton said at a rally here." and
# "In a statement to The Atlantic, his attorney, Alan Futerfas, said, “…”"
_QUOTE_REPORT = re.compile(
    r"(?<=[,!?])\s*[\"”’]\s+(?=[^\"“”]*\b(?:says?|said|told|wrote|added)\b)[^\"“”]{1,150}$"
    r"|^[^\"“”]{1,150}?\b(?:says?|said|told|wrote|added)(?:\s[^\"“”]{0,40})?[,:]\s*(?=[\"“])")


@dataclass(frozen=True)
class _Terms:
    """What a sentence says, for `_gives_way` and `_restates`: its content stems, those that
    carry a fact (names, numbers, `_FACT_WORDS`), those of its verbs and those it denies."""

    all: frozenset[str]
    facts: frozenset[str]
    verbs: frozenset[str]
    denied: frozenset[str]
    whole: frozenset[str]  # `all` and the reporting clause's: where a name may recur


# what a word is to `_terms`: a clause mark, a function word, or a stem and its kind
_CLAUSE_END, _FUNCTION, _FACT, _VERB, _OTHER = range(5)
_NEGATION_STEMS = frozenset(stem_word(w)[:6] for w in _NEGATIONS)


@lru_cache(maxsize=1 << 16)
def _word(token: str) -> tuple[int, str]:
    """A token's kind and stem, for `_terms` (cached: a day's news repeats its words)."""
    if not token[0].isalnum():
        return _CLAUSE_END, ""
    word = token.lower().replace("’", "'")
    # "haven't", "won't": "not"; "I'm", "Fox's": "i", "fox"
    word = "not" if word.endswith("n't") else word.split("'")[0]
    if word in _FUNCTION_WORDS:
        return _FUNCTION, ""
    if word[0].isdigit():
        return _FACT, word.replace(",", "").removesuffix(":00")
    stem = stem_word(word)[:6]
    # a name is capitalised: the first word too, unless it is a function word ("The")
    if token[0].isupper() or word in _FACT_WORDS:
        return _FACT, stem
    if word in IRREGULAR_PAST or word.endswith("ed") or (
            len(word) > 4 and word.endswith("ing")):
        return _VERB, stem
    return _OTHER, stem


@lru_cache(maxsize=1 << 14)
def _terms(text: str) -> _Terms:
    """The content stems of a sentence without its reporting clause: the theme model's stems
    cut to six letters, as the summarizer compares sentences ("Somali" and "Somalia",
    "seized" and "seizing"); numbers whole, their separators dropped ("2,000" is "2000",
    "4:00" is "4"). Cached: a story's points are compared for its strength and again for
    its section."""
    whole = text
    if _REPORTING.search(text):
        text = _QUOTE_REPORT.sub("", text)
        text = _TRAILING_REPORT.sub("", _LEADING_REPORT.sub("", text, count=1), count=1)
    words = list(map(_word, _TERM.findall(text)))
    terms = {stem for kind, stem in words if kind >= _FACT}
    facts = {stem for kind, stem in words if kind == _FACT}
    verbs = {stem for kind, stem in words if kind == _VERB}
    denied: set[str] = set()
    if terms & _NEGATION_STEMS:
        denying = 0
        for kind, stem in words:
            if kind == _CLAUSE_END:
                denying = 0
            elif kind == _FUNCTION:
                continue
            elif stem in _NEGATION_STEMS:
                denying = _DENIED_SPAN
            elif denying:
                denied.add(stem)
                denying -= 1
    # what is denied is an event or an outcome ("not charged", "not going to pay"); "no
    # deal" beside "the best deal possible" is no contradiction
    said = terms.union(stem for kind, stem in map(_word, _TERM.findall(whole))
                       if kind >= _FACT) if whole != text else terms
    return _Terms(frozenset(terms), frozenset(facts), frozenset(verbs),
                  frozenset(denied & (facts | verbs)), frozenset(said))


def _gives_way(told: _Terms, other: _Terms) -> bool:
    """Whether a telling may give way to another with no fact lost (see above)."""
    contradicted = (told.denied ^ other.denied) & told.all & other.all
    return not told.facts - other.whole and not contradicted


def _without_loss(relation: str, new: _Terms, kept: _Terms) -> str:
    """A wording rule's `relation` of a new telling to a kept one, turned so that the one
    that gives way tells nothing the other does not: worded alike, the telling that names
    the driver is shown rather than "The driver was charged…"; worded alike but for "rose"
    and "fell", "three" and "five", the two are two facts ("")."""
    new_gives_way, kept_gives_way = _gives_way(new, kept), _gives_way(kept, new)
    if relation == "fuller" and kept_gives_way or relation == "same" and not new_gives_way:
        return "fuller" if kept_gives_way else ""
    return "same" if new_gives_way else ""


def _restates(new: _Terms, kept: _Terms) -> bool:
    """Whether a sentence says nothing a kept one does not, in other words (see above)."""
    if len(new.all) < _RESTATED_MIN_TERMS or not _gives_way(new, kept):
        return False
    own = new.all - kept.all
    return not own & new.verbs and len(own) < _RESTATED_OWN_SHARE * len(new.all)


def relate(new: str, new_words: frozenset[str], kept: str, kept_words: frozenset[str], *,
           new_article: bool) -> str:
    """How a new telling of a story relates to a kept one: "fuller", "same" or "".
    `new_words` and `kept_words` are their `words_of`; `new_article`: the new telling comes
    from an article that does not tell the kept fact yet. Worded alike, the one that gives
    way must lose nothing (`_without_loss`); worded otherwise, another outlet's telling may
    still restate it (`_restates`). Within one article a second sentence on the same matter
    is the writer's, and stays."""
    found = retelling(new_words, kept_words)
    if found:
        found = _without_loss(found, _terms(new), _terms(kept))
    if found or not new_article:
        return found
    new_terms, kept_terms = _terms(new), _terms(kept)
    if _restates(new_terms, kept_terms):
        return "same"
    if _restates(kept_terms, new_terms) and len(new_terms.all) > len(kept_terms.all):
        return "fuller"
    return ""


# A fact swapped in place: the same sentence with one short span told differently, where
# each side's span carries a fact the other sentence never has ("advanced 25 miles" and
# "advanced 40 miles", "resume in Geneva" and "resume in Moscow", "three suspects" and
# "five suspects"). By words the two are nearly one sentence, which is why a briefing
# following a story across days must ask: the word that differs is the news. A span longer
# than this is a rewording of the sentence, not a fact swapped within it.
_SWAPPED_SPAN = 3


def swaps_a_fact(new: str, kept: str) -> bool:
    """Whether `new` is `kept` with a fact swapped for another in place (see above):
    a name, a number or a fact word (`_FACT_WORDS`) where the other has a different one."""
    new_tokens = [t for t in _TERM.findall(new) if t[0].isalnum()]
    kept_tokens = [t for t in _TERM.findall(kept) if t[0].isalnum()]
    new_said, kept_said = _terms(new).whole, _terms(kept).whole

    def facts(tokens: list[str]) -> set[str]:
        return {stem for kind, stem in map(_word, tokens) if kind == _FACT}

    matcher = difflib.SequenceMatcher(None, [t.lower() for t in kept_tokens],
                                      [t.lower() for t in new_tokens], autojunk=False)
    for op, k1, k2, n1, n2 in matcher.get_opcodes():
        if op == "replace" and k2 - k1 <= _SWAPPED_SPAN and n2 - n1 <= _SWAPPED_SPAN and (
                facts(new_tokens[n1:n2]) - kept_said and facts(kept_tokens[k1:k2]) - new_said):
            return True
    return False
