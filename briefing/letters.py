"""Latin letters read without their accents, dots and strokes: "İstanbul" as Istanbul,
"Erdoğan" as Erdogan, "Wałęsa" as Walesa.

Outlets spell a name both ways, and the lists that read names (the gazetteer, the shapes a
person's name takes) are written in plain letters: the desks' place finder and terms and
the actors' reading of a name's shape read a text through `folded`. One character stands
for one, so an offset in the folded text is the same offset in the text.
"""

from __future__ import annotations

import unicodedata


def _base_letters() -> dict[int, str]:
    """Each accented Latin letter -> the letter it is written on ("ó" -> "o", "İ" -> "I"),
    and the few with a stroke or without a dot that Unicode does not decompose."""
    table = {ord(c): b for c, b in zip("ıŁłØøĐđĦħ", "iLlOoDdHh", strict=True)}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        parts = unicodedata.normalize("NFD", chr(code))
        if len(parts) > 1 and parts[0].isascii() and parts[0].isalpha():
            table[code] = parts[0]
    return table


_BASE_LETTERS = _base_letters()  # read only


def folded(text: str) -> str:
    """`text` with its accented Latin letters read as the letters they are written on, one
    character for one, so offsets stay: Turkish outlets write "İstanbul" and "Diyarbakır",
    Polish ones "Kraków", where the gazetteer has Istanbul, Diyarbakir, Krakow."""
    return text if text.isascii() else text.translate(_BASE_LETTERS)
