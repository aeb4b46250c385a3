"""A third, optional training corpus: HuffPost headlines and their short descriptions, filed
by HuffPost's editors under 42 categories (research: see research/README.md for what it did).

Source: the "News Category Dataset" (Rishabh Misra, 2022, arXiv:2209.11429), licensed
CC BY 4.0 as the dataset's Kaggle page states: one JSON object a line, `headline`,
`short_description`, `category`, `date`, `link`, `authors`. Only a fragment is read: the
10,000 newest items (2018-05-01 to 2022-09-23), as uploaded to github.com/Limpery/MGO in
News_Category_Dataset_v3.json (the repository's other files are not used). The repository
is not one the development sets' `origin` fields name; its texts still go through the
build's 8-word overlap check, like every training text.

The items dated `HELD_OUT_FROM` or later (the newest 1,501, 2021-12-13 to 2022-09-23) are
never trained on, whatever the options: they measure the model on news written after
everything it learned from (research/huffpost_heldout.py). `labels.py` maps the categories
onto kinds of news.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from portal import SourceError, _git

REPOSITORY = "https://github.com/Limpery/MGO"
COMMIT = "6229ca6e9d6d63af0a5c1dcf0d3fd9bdbe0580c6"
FILE = "News_Category_Dataset_v3.json"
LICENCE = "CC BY 4.0 (Rishabh Misra, News Category Dataset, arXiv:2209.11429; HuffPost)"
HELD_OUT_FROM = "2021-12-13"  # this day and later: never trained on
# a HuffPost address ends in the article's id: ".../entry/mail-pipe-bomb-plot_n_5bd32b4d..."
_ARTICLE_ID = re.compile(r"huff(?:ington)?post\.[a-z.]+/.*_([0-9a-f]{24})/?$")


@dataclass(frozen=True)
class HuffPostItem:
    id: str  # "huffpost:<line number>"
    day: str  # YYYY-MM-DD
    category: str  # HuffPost's ("SPORTS", "WORLD NEWS"...)
    text: str  # the headline and its short description, as one text
    article: str = ""  # HuffPost's id of the article (`article_id`), "" if its link has none

    @property
    def held_out(self) -> bool:
        return self.day >= HELD_OUT_FROM


def read_files(source: Path, commit: str = COMMIT) -> dict[str, bytes]:
    if not _git(source, "cat-file", "-t", commit).strip() == b"commit":
        raise SourceError(f"{source}: commit {commit} not found (clone {REPOSITORY})")
    return {FILE: _git(source, "show", f"{commit}:{FILE}")}


def article_id(url: str) -> str:
    """HuffPost's id of the article at `url` ("" for another site): the same in the
    dataset's links and in the development sets' urls, whatever the host or prefix."""
    found = _ARTICLE_ID.search(url.strip())
    return found.group(1) if found else ""


def headline_and_description(headline: str, description: str) -> str:
    """One text, as a key point reads: the headline ended as a sentence, then the
    description ("Klitschko Wins. He knocked out..."), spaces collapsed."""
    headline, description = " ".join(headline.split()), " ".join(description.split())
    if headline and description and headline[-1] not in ".?!:\"'”’":
        headline += "."
    return f"{headline} {description}".strip()


def items(files: dict[str, bytes]) -> list[HuffPostItem]:
    """Every item of the file, in its order (newest first); a line that is not a complete
    JSON object (the fragment's last, cut short, if it were) is refused, not guessed at."""
    out = []
    for number, line in enumerate(files[FILE].decode("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            raise SourceError(f"{FILE}: line {number} is not a JSON object ({e})") from None
        text = headline_and_description(row.get("headline", ""),
                                        row.get("short_description", ""))
        out.append(HuffPostItem(f"huffpost:{number}", row["date"], row["category"], text,
                                article_id(row.get("link", ""))))
    return out
