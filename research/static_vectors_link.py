"""Would static word vectors link a story's headlines across days where shared words do not?

The question (issue 22): most continuing stories `bench/follow.py` misses are headline-only
("Apple iWatch to launch in October" then "Apple smartwatch rumours: sapphire displays"),
whose words barely overlap. The 256-dimension static vectors bundled in the `wordllama`
wheel (MIT; 18 µs a headline here, no download needed) read "iWatch" and "smartwatch" as
near (cosine 0.51 against 0.04 for "Fed raises interest rates").

Method, a proxy of the linking on half A of `stories-dev.jsonl` (`bench/follow.py`'s
halves; the items in publication order): for each item with an earlier item of its own
story ("continuing"), its best similarity to those and to every other story's earlier
items; for each item that opens its story ("new"), its best similarity to every earlier
item. The threshold lets 3% of new items through; a continuing item is linked when its own
story's best passes it and beats the others. Similarities: the IDF-weighted cosine of the
word sets of title and first 60 words (the linking's kind, on this proxy's own words), the
vectors' cosine (title, or title and lead), and mixes of the two.

    pip install wordllama   # into a scratch virtualenv, not the product's
    python research/static_vectors_link.py [--half A]

Result (4 December, eleventh session, half A: 104 continuing items, 29 headline-only):
the words' cosine links 78 (12 headline-only); the vectors 69 on title and lead (6), 53 on
the title alone (6); mixed half and half 78 (11), 0.7 words 80 (11). No gain worth a
dependency of 19 MB, so nothing shipped and half B was not run: what a missed headline
lacks is not a synonym but any word or topic its earlier day's headline shares.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "stories-dev.jsonl"
STOP = frozenset({
    "the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "is", "are", "was",
    "were", "be", "by", "with", "at", "from", "as", "that", "this", "it", "its", "has",
    "have", "had", "will", "would", "said", "says", "after", "over", "new", "more", "than",
    "not", "but", "who", "what", "how", "why", "into", "about", "up", "out", "us",
})


def vectors() -> Callable[[list[str]], np.ndarray]:
    """The wheel's vectors, read from its own files: its loader looks for the tokenizer in
    a folder the wheel does not have and then tries to download it."""
    import wordllama
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    base = Path(wordllama.__file__).parent
    table = load_file(str(base / "weights" / "l2_supercat_256.safetensors"))["embedding.weight"]
    table = table.astype(np.float32)
    tokenizer = Tokenizer.from_file(str(base / "tokenizers" / "l2_supercat_tokenizer_config.json"))

    def embed(texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), table.shape[1]), np.float32)
        for i, encoded in enumerate(tokenizer.encode_batch(texts)):
            ids = [t for t in encoded.ids if t > 2]  # not <unk>, <s>, </s>
            if ids:
                v = table[ids].mean(axis=0)
                out[i] = v / (np.linalg.norm(v) + 1e-9)
        return out

    return embed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", choices=("A", "B"), default="A")
    parser.add_argument("--input", type=Path, default=DEV)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.input.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    rows = [r for r in rows if ("A" if hashlib.sha1(r["story"].encode()).digest()[0] % 2 == 0
                                else "B") == args.half]
    lead = [r["title"] + ". " + " ".join(r["text"].split()[:60]) for r in rows]
    words = [{w for w in re.findall(r"[a-z][a-z0-9'-]+", t.lower()) if w not in STOP}
             for t in lead]
    df = Counter(w for ws in words for w in ws)
    idf = {w: math.log((len(rows) + 1) / (c + 0.5)) for w, c in df.items()}

    def lexical(a: int, b: int) -> float:
        num = sum(idf[w] ** 2 for w in words[a] & words[b])
        den = math.sqrt(sum(idf[w] ** 2 for w in words[a]) * sum(idf[w] ** 2 for w in words[b]))
        return num / den if den else 0.0

    embed = vectors()
    both, titles = embed(lead), embed([r["title"] for r in rows])
    order = sorted(range(len(rows)), key=lambda i: (rows[i]["published"] or "9", rows[i]["id"]))

    def report(name: str, similar: Callable[[int, int], float]) -> None:
        continuing, new = [], []
        for k, i in enumerate(order[1:], 1):
            earlier = order[:k]
            own = [similar(i, j) for j in earlier if rows[j]["story"] == rows[i]["story"]]
            other = max(similar(i, j) for j in earlier if rows[j]["story"] != rows[i]["story"])
            if own:
                continuing.append((max(own), other, not rows[i]["text"].strip()))
            else:
                new.append(other)
        threshold = sorted(new)[int(len(new) * 0.97)]
        linked = [(s > threshold and s >= o, headline) for s, o, headline in continuing]
        print(f"{name:34s} threshold {threshold:.3f}: linked {sum(ok for ok, _ in linked)} of "
              f"{len(linked)}, headline-only {sum(ok for ok, h in linked if h)} of "
              f"{sum(h for _, h in linked)}")

    report("words (IDF cosine), title and lead", lexical)
    report("vectors, title and lead", lambda i, j: float(both[i] @ both[j]))
    report("vectors, title", lambda i, j: float(titles[i] @ titles[j]))
    for share in (0.3, 0.5, 0.7):
        report(f"{share} words + vectors (title)",
               lambda i, j, a=share: a * lexical(i, j) + (1 - a) * float(titles[i] @ titles[j]))
        report(f"{share} words + vectors (title, lead)",
               lambda i, j, a=share: a * lexical(i, j) + (1 - a) * float(both[i] @ both[j]))


if __name__ == "__main__":
    main()
