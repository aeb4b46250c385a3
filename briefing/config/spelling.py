"""Did you mean: the known names closest to a misspelt one, for the loader's unknown keys
(`closest_keys`) and for unknown desk ids, themes and places (`closest`)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence


def closest_keys(name: str, candidates: list[str], limit: int = 3) -> list[str]:
    """The known names a misspelt `name` most likely meant (difflib), compared by their
    last part too, so a key written outside its table ("timezon" for briefing.timezone,
    "to" for email.to) finds it."""
    import difflib

    wanted = name.lower()
    scored = []
    for candidate in candidates:
        last = candidate.rsplit(".", 1)[-1]
        score = max(difflib.SequenceMatcher(None, wanted, c.lower()).ratio()
                    for c in (candidate, last))
        if score >= 0.75:
            scored.append((-score, candidates.index(candidate), candidate))
    return [c for _, _, c in sorted(scored)[:limit]]


def closest(name: str, known: Sequence[str]) -> str:
    """ "did you mean: X, Y?" for a misspelt name, else the known names (or a few)."""
    near = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    if not near:  # "syria" for "Syria"
        near = [k for k in known if k.lower() == name.lower()]
    if near:
        return "did you mean: " + ", ".join(near) + "?"
    shown = list(known)[:12]
    more = f", and {len(known) - len(shown)} more" if len(known) > len(shown) else ""
    return "known: " + ", ".join(shown) + more
