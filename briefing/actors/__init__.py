"""Who is in an article (people, organisations, places) and who said what.

Method: rules, not a statistical model. A named-entity model would mean either a model
download at run time (refused: see DESIGN.md, "Offline") or a heavy wheel, for a task
where news English is regular enough that rules do well and, above all, can say why:

- **Names** are runs of capitalised words ("Michael Erik Kurilla", "U.S. Air Force"),
  allowed to contain "of"/"al"/"bin"-style connectors ("Secretary of State"), and all-caps
  acronyms ("CENTCOM"). Words with digits ("B-52s") are not names.
- **Not names**: stop words and date words ("The", "Sunday", "December"), nationality
  adjectives ("Syrian"), and a capitalised first word of a sentence unless the same word is
  capitalised somewhere else in the text, is an acronym, or is in the gazetteer
  ("Specifically", "Damage" drop; "Blinken noted" stays).
- **Titles** ("General", "Secretary of State", "President") are folded off the name and
  make it a person; the title is remembered so that "the secretary of state said" can be
  resolved to the person who holds it.
- **One actor, many names**: a surname alone is the full name it ends
  ("Blinken" -> "Antony Blinken"); "Long Name (ACRONYM)" joins both, under the form used
  more often; gazetteer aliases join ("U.S." -> "United States"), but a short form the
  gazetteer's name only qualifies ("Army" of "U.S. Army", "Congo", "Gulf") joins it only
  when the article names it in full: a speaker is always a name the article gives.
- **Kinds** come from the gazetteer (`defaults/gazetteer.txt`: countries, major places,
  well-known organisations, nationality adjectives; written for this project), then from
  the words a name ends in ("Command", "Ministry" -> organisation; "Province",
  "River" -> place), then titles and name shape (two to four name-like words -> person).
- **Quotes** are spans in quotation marks of three words or more. The speaker is found,
  in this order, after the quote (`"...," said X`, `"..." X said`, `"...," he said`),
  before it (`X said (that) "..."`, `according to X, "..."`), and for a sentence that is
  a quote and nothing else, the speaker of the quote in the sentence before (a
  continuation). Otherwise the speaker is None: better unknown than wrong.

Where each part is, one module a part, each reading only those listed before it:

* ``words``: the word lists (stop words, date words, titles, connectors, the last words of
  organisations and places) and the shipped gazetteer (``gazetteer``, ``known_kind``,
  ``common_word``);
* ``names``: the names of a text: mentions (runs of capitalised words, titles folded
  off), one actor for many names (surnames, acronyms), kinds (``name_kind``,
  ``find_actors``);
* ``quotes``: the quotations of a text and their speakers (``find_quotes``).
"""

from __future__ import annotations

from collections.abc import Sequence

from briefing.actors.names import actors_of, analyse, find_actors, name_kind, split_title
from briefing.actors.quotes import find_quotes, quote_spans, quotes_of
from briefing.actors.words import TITLES, common_word, gazetteer, known_kind
from briefing.model import Actor, Quote  # noqa: F401  (re-exported: the API of this module)

__all__ = [
    "Actor",
    "Quote",
    "find_actors_and_quotes",
    # the word lists and the gazetteer (words.py)
    "TITLES",  # tests check that every title is split off a name
    "common_word",
    "gazetteer",
    "known_kind",
    # the names of a text (names.py)
    "split_title",  # tests check it against every title
    "find_actors",
    "name_kind",
    # the quotations of a text and their speakers (quotes.py)
    "quote_spans",  # tests check where a quotation opens and closes
    "find_quotes",
]


def find_actors_and_quotes(
    sentences: Sequence[str],
) -> tuple[tuple[Actor, ...], tuple[Quote, ...]]:
    """``find_actors`` and ``find_quotes`` of one text, analysing its names once."""
    analysis = analyse(sentences)
    return actors_of(analysis), quotes_of(sentences, analysis)
