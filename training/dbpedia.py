"""A third, optional training corpus: DBpedia abstracts of athletes, artists, albums, films
and books, as sport and culture (research: see research/README.md for what it did).

Source: github.com/J-zin/DHIM, which holds a 10,000-text sample of the DBpedia ontology
classification dataset (Zhang, Zhao and LeCun 2015: the first paragraph of a Wikipedia
article and its DBpedia 2014 class) in data/dbpedia/{val,test}.csv, with the class names in
meta.txt (its own numbering). The texts are Wikipedia's, licensed CC BY-SA 3.0 (and GFDL) by
their authors, as the dataset's readme states; the repository's MIT licence covers its code,
which is not used. Its train.csv (50,000 texts) is stored outside git (too large for the
snapshot) and is not read.

The texts are encyclopedic ("X (born 1976) is a Russian professional footballer"), not
news, so they count for little beside the news corpora (`WEIGHT`); only the classes that
are a kind of news briefing leaves out are read.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from portal import SourceError, _git

REPOSITORY = "https://github.com/J-zin/DHIM"
COMMIT = "477e226cdc5a2c83a6114e46187da1091bd6a345"
FILES = ("data/dbpedia/meta.txt", "data/dbpedia/val.csv", "data/dbpedia/test.csv")
LICENCE = "CC BY-SA 3.0 and GFDL (Wikipedia contributors; DBpedia ontology dataset)"
BY_CLASS = {"Athlete": "sport", "Artist": "culture", "Album": "culture", "Film": "culture",
            "WrittenWork": "culture"}


def read_files(source: Path, commit: str = COMMIT) -> dict[str, bytes]:
    if not _git(source, "cat-file", "-t", commit).strip() == b"commit":
        raise SourceError(f"{source}: commit {commit} not found (clone {REPOSITORY})")
    return {path: _git(source, "show", f"{commit}:{path}") for path in FILES}


def texts(files: dict[str, bytes]) -> list[tuple[str, str, str]]:
    """(id, kind, text) of every text of a read class."""
    names = {}
    for line in files["data/dbpedia/meta.txt"].decode().splitlines():
        number, _, name = line.partition(":")
        if number.strip().isdigit():
            names[number.strip()] = name.strip()
    out = []
    for path in FILES[1:]:
        rows = csv.reader(io.StringIO(files[path].decode("utf-8")))
        for i, (label, text) in enumerate(rows):
            kind = BY_CLASS.get(names.get(label, ""))
            if kind and len(text.split()) >= 8:
                out.append((f"dbpedia:{path}:{i}", kind, " ".join(text.split())))
    return out
