"""The second training corpus: English Wikinews articles with their Wikinews categories.

Source: github.com/lbechberger/ML4NLP (a university seminar's repository), which holds
16,000-odd English Wikinews articles of 2004-2015 as plain text (one file each, in commit
TEXTS on its `epsilon` branch) and the categories Wikinews files them under (two pickled
mappings: top-level categories on `master`, every category in blob CATEGORIES). The texts
are Wikinews', licensed CC BY 2.5 by their authors (articles before 25 September 2005 are
in the public domain); the repository's MIT licence covers its code, which is not used.

Wikinews' "Politics and conflicts" holds wars, diplomacy and domestic politics alike, so an
article filed there is a candidate for each of the three portal headings (see `labels.py`).
"""

from __future__ import annotations

import io
import pickle
from dataclasses import dataclass
from pathlib import Path

from portal import SourceError, _git

REPOSITORY = "https://github.com/lbechberger/ML4NLP"
TEXTS = "d897f22016c34d2e2379fbc868971abf0a42f2f2"  # epsilon: "downloaded all articles"
MASTER = "974122cdf4ec799bdcbf303f79d7f521697b939e"
CATEGORIES = "aa90350086feed280f31386d6606f0cf033acbd9"  # alpha: subcategory mappings
LICENCE = "CC BY 2.5 (Wikinews contributors); public domain before 25 September 2005"


@dataclass(frozen=True)
class WikinewsArticle:
    url: str
    text: str
    top: tuple[str, ...]  # Wikinews' top-level categories ("Sports", "Crime and law")
    categories: tuple[str, ...]  # every category it is filed under


class _Plain(pickle.Unpickler):
    """The mappings are plain dicts, lists and strings: refuse anything else, so a pickle
    can never run code here."""

    def find_class(self, module: str, name: str):  # noqa: ANN201 - pickle's signature
        raise pickle.UnpicklingError(f"refused {module}.{name}: only plain data is read")


def _load(raw: bytes) -> object:
    return _Plain(io.BytesIO(raw)).load()


def read_files(source: Path) -> dict[str, bytes]:
    """Every file used, by a name that says where it came from (for the checksum)."""
    files = {
        "master:resource_category_mappings.pickle":
            _git(source, "show", f"{MASTER}:resource_category_mappings.pickle"),
        "master:resourceURIs.pickle": _git(source, "show", f"{MASTER}:resourceURIs.pickle"),
        f"blob:{CATEGORIES}": _git(source, "cat-file", "blob", CATEGORIES),
    }
    listing = _git(source, "ls-tree", "-r", "-z", TEXTS, "downloaded_texts/").split(b"\0")
    entries = [(line.split(b"\t")[0].split()[2].decode(), line.split(b"\t")[1].decode())
               for line in listing if line]
    if not entries:
        raise SourceError(f"{source}: no downloaded_texts/ at {TEXTS} (clone {REPOSITORY})")
    out = _git(source, "cat-file", "--batch",
               data="".join(f"{sha}\n" for sha, _ in entries).encode())
    at = 0
    for _sha, path in entries:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        files[path] = out[header_end + 1: header_end + 1 + size]
        at = header_end + 1 + size + 1
    return files


def articles(files: dict[str, bytes]) -> list[WikinewsArticle]:
    """The articles whose file can be matched to exactly one URL (a file is named by the
    last part of its URL, so titles with "/" were cut short: those are left out)."""
    top = _load(files["master:resource_category_mappings.pickle"])["mappings"]  # type: ignore[index]
    urls = _load(files["master:resourceURIs.pickle"])
    every = _load(files[f"blob:{CATEGORIES}"])
    by_name: dict[str, list[str]] = {}
    for url in urls:  # type: ignore[union-attr]
        by_name.setdefault(url.split("/")[-1], []).append(url)
    categories: dict[str, set[str]] = {}
    for category, members in every.items():  # type: ignore[union-attr]
        for url in members:
            categories.setdefault(url, set()).add(category)
    out = []
    for path in sorted(p for p in files if p.startswith("downloaded_texts/")):
        matches = by_name.get(path[len("downloaded_texts/"):-len(".txt")], [])
        if len(matches) != 1:
            continue
        url = matches[0]
        text = files[path].decode("utf-8", "replace")
        out.append(WikinewsArticle(url, text, tuple(top.get(url, ())),  # type: ignore[union-attr]
                                   tuple(sorted(categories.get(url, ())))))
    return out
