"""What every rule of ``briefing.standalone`` returns: a ``Dangle``, what leaves a point
hanging and where it is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Dangle:
    """What leaves a point hanging: its kind, the words as written, and where they are
    (character offsets in the text), so that a repair knows what to drop or resolve."""

    kind: str  # "connective", "pronoun", "demonstrative", "definite", "back-reference",
    # "first person", "second person", "reader", "quotation", "event", "ellipsis" or
    # "object"
    words: str
    start: int
    end: int

    def __str__(self) -> str:
        return f"{self.kind}: {self.words}"
