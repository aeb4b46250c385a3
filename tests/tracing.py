"""Every shown line traceable to its source, checked mechanically over a built briefing.

    python tests/tracing.py OUT_DIR DATE [DESK ...]

`problems(out_dir, day, desk)` reads `out/<date>/[<desk>/]briefing.json`, the store and each
article's own file, and returns one line per mismatch:

- a key point (section, lead, top line) whose words outside [brackets] are not the stored
  article's text at its recorded spans, or not the text read again from its file; a bracketed
  insertion not copied from that article; a speaker or a quotation not in it;
- a line of the Markdown, the HTML, the PDF's text or the email (text and HTML parts, from
  the outbox) whose citation "[n]" or link is not its own article's, or whose words are not
  that article's (read through the Sources list, not through briefing.json);
- counts, "day N", "first briefed", "Since yesterday" lines, the archive index and
  `briefing story ID` that disagree with the store.
"""

from __future__ import annotations

import email
import json
import re
import sqlite3
import sys
from datetime import UTC, date
from email import policy
from pathlib import Path
from typing import Any

from lxml import html as lhtml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefing.render.escaping import md_escape  # noqa: E402
from briefing.sources import read_sources  # noqa: E402
from briefing.text.sentences import sentence_lines, untraced  # noqa: E402

_BRACKETS = re.compile(r"\[([^\[\]]*)\]")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _bare(text: str) -> str:
    """Text without any whitespace: a PDF's extraction or a folded email line breaks lines
    where the source had spaces, and sometimes joins words."""
    return re.sub(r"\s+", "", text)


def _pieces(shown: str) -> list[str]:
    """The words outside [brackets], each run of them one piece."""
    return [p.strip() for p in _BRACKETS.split(shown)[::2] if p.strip()]


def traces_in(shown: str, text: str) -> bool:
    """Whether every run of words of `shown` outside [brackets] is in `text`'s sentence lines,
    in order, and every bracketed insertion is copied from `text` (a one-letter "[T]he" is
    a case change): the check made from a rendered line alone, with no spans to go by."""
    lines = sentence_lines(text).replace("\n", " ")  # a point may join two sentences
    pos = 0
    for piece in _pieces(shown):
        at = lines.find(piece, pos)
        if at < 0:
            return False
        pos = at + len(piece)
    return all(inserted(w, text) for w in _BRACKETS.findall(shown))


def inserted(words: str, text: str) -> bool:
    """Whether a bracketed insertion is copied from `text`: a one-letter "[T]he" is a case
    change, and "His [Robert Buckley's]" adds the possessive to a name the text gives."""
    words = re.sub(r"['’]s$", "", words)
    return len(words) <= 1 or _flat(words) in _flat(text)


class Day:
    """One built briefing with its store and its articles, read once."""

    def __init__(self, out_dir: Path, day: str, desk: str = "") -> None:
        self.out_dir, self.day, self.desk = out_dir, day, desk
        self.folder = out_dir / day / desk if desk else out_dir / day
        self.data = json.loads((self.folder / "briefing.json").read_text(encoding="utf-8"))
        self.articles = {a["id"]: a for a in self.data["articles"]}
        db = out_dir / "briefing.db"
        self.db = sqlite3.connect(db) if db.exists() else None
        self._texts: dict[tuple[str, str], str | None] = {}
        self.problems: list[str] = []

    def bad(self, where: str, what: str) -> None:
        self.problems.append(f"{self.day}{'/' + self.desk if self.desk else ''} {where}: {what}")

    def stored(self, article_id: str) -> str | None:
        if self.db is None:
            return None
        row = self.db.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def from_file(self, article_id: str) -> str | None:
        key = ("file", article_id)
        if key not in self._texts:
            a = self.articles.get(article_id)
            text = None
            if a and a["path"]:
                got = read_sources([a["path"]], tz=UTC).articles
                match = [x for x in got if x.id == article_id] or (got if len(got) == 1 else [])
                text = match[0].text if match else None
            self._texts[key] = text
        return self._texts[key]

    def texts(self, article_id: str) -> list[tuple[str, str]]:
        return [(k, t) for k, t in (("store", self.stored(article_id)),
                                    ("file", self.from_file(article_id))) if t is not None]

    # -- briefing.json --------------------------------------------------------------------

    def shown(self) -> list[tuple[str, dict]]:
        """The points a reader sees: a story's lead is shown only as a top line."""
        return [(w, p) for w, p in self.points() if not w.endswith(" lead")]

    def points(self) -> list[tuple[str, dict]]:
        out = [(f"top line {k + 1}", p) for k, p in enumerate(self.data["top_lines"])]
        for s in self.data["sections"]:
            for k, st in enumerate(s["stories"]):
                out += [(f"{s['theme']} story {k + 1} point {j + 1}", p)
                        for j, p in enumerate(st["key_points"])]
                if st["lead"]:
                    out.append((f"{s['theme']} story {k + 1} lead", st["lead"]))
        return out

    def check_json(self) -> None:
        for where, p in self.points():
            a = self.articles.get(p["article_id"])
            if a is None:
                self.bad(where, f"cites {p['article_id']!r}, not in articles")
                continue
            texts = self.texts(p["article_id"])
            if not texts:
                self.bad(where, f"{p['article_id']}: no stored or file text to trace to")
            if p["position"] == -1:
                if _flat(p["text"]) not in _flat(a["title"]):
                    self.bad(where, f"headline point {p['text']!r} is not the title {a['title']!r}")
                continue
            for kind, text in texts:
                left = untraced(p["text"], [tuple(s) for s in p["spans"]], sentence_lines(text))
                if left is not None:
                    self.bad(where, f"not the {kind} text of {p['article_id']} at its spans: "
                                    f"{left[:80]!r}")
                for ins in _BRACKETS.findall(p["text"]):
                    if not inserted(ins, text):
                        self.bad(where, f"[{ins}] not in {kind} text of {p['article_id']}")
                if p["speaker"] and p["speaker"] not in text:
                    self.bad(where, f"speaker {p['speaker']!r} not in {kind} text")
            for other in p["also_reported_by"]:
                if other not in self.articles:
                    self.bad(where, f"also reported by {other!r}, not in articles")
        for s in self.data["sections"]:
            for st in s["stories"]:
                for p in st["key_points"]:
                    if p["article_id"] not in st["article_ids"]:
                        self.bad(f"story {st['id']}", f"point of {p['article_id']} not its article")
                for q in st["quotes"]:
                    for kind, text in self.texts(q["article_id"]):
                        if _flat(q["text"]) not in _flat(sentence_lines(text)):
                            self.bad(f"story {st['id']} quote", f"{q['text'][:60]!r} not in "
                                                              f"{kind} text of {q['article_id']}")
                        if q["speaker"] and q["speaker"] not in text:
                            self.bad(f"story {st['id']} quote",
                                     f"speaker {q['speaker']!r} not in {kind} text of "
                                     f"{q['article_id']}")
        counts = self.data["counts"]
        if counts["articles"] != len(self.articles):
            self.bad("counts", f"{counts['articles']} articles, {len(self.articles)} listed")
        shown = {(p["article_id"], p["position"], p["text"]) for s in self.data["sections"]
                 for st in s["stories"] for p in st["key_points"]}
        if counts["key_points"] != len(shown):
            self.bad("counts", f"{counts['key_points']} key points, {len(shown)} shown")

    # -- the rendered forms ---------------------------------------------------------------

    def _source_article(self, number: int, url: str, label: str) -> list[str]:
        """The articles the Sources list's line `number` can be: by its link, else its
        title (read from the line, not from briefing.json's numbering)."""
        ids = [i for i, a in self.articles.items() if url and a["url"] == url]
        if not ids and self.db is not None and url:
            ids = [r[0] for r in self.db.execute("SELECT id FROM articles WHERE url = ?", (url,))]
        if not ids:
            ids = [i for i, a in self.articles.items()
                   if label and (_flat(a["title"]).startswith(_flat(label).rstrip("…"))
                                 or (not a["title"] and label.rstrip("…").strip()))]
        return ids

    def _check_line(self, form: str, shown: str, number: int, sources: dict[int, list[str]],
                    link: str | None) -> None:
        """A rendered line against the article its "[n]" leads to in that form's Sources."""
        cands = sources.get(number)
        if not cands:
            self.bad(form, f"[{number}] leads to no article in Sources: {shown[:70]!r}")
            return
        ok = [i for i in cands if any(traces_in(shown, t) for _, t in self.texts(i))
              or (_flat(shown) in _flat(self.articles.get(i, {}).get("title", "")))]
        if not ok:
            self.bad(form, f"[{number}] ({cands[0]}) does not hold {shown[:90]!r}")
            return
        if link is not None and not any(self.articles[i]["url"] == link for i in ok):
            self.bad(form, f"link {link} beside {shown[:60]!r} is not {ok[0]}'s "
                           f"({self.articles[ok[0]]['url']!r})")

    def check_html(self, doc: Any, form: str) -> int:
        sources: dict[int, list[str]] = {}
        for li in doc.xpath("//*[@id='sources']//li[starts-with(@id, 'source-')]"):
            n = int(li.get("id").split("-")[1])
            a = li.find(".//a")
            url = a.get("href") if a is not None else ""
            label = (a.text_content() if a is not None else
                     li.text_content().split(": ", 1)[-1].split(" · ")[0])
            sources[n] = self._source_article(n, url, label)
        lines = 0
        for cite in doc.xpath("//div[contains(concat(' ', @class, ' '), ' cite ')]"):
            li = cite.getparent()
            parts = [li.text or ""]
            for child in li:
                if child is cite:
                    break
                cls = child.get("class") or ""
                if not any(c in cls for c in ("theme-tag", "speaker", "watch-tag")):
                    parts.append(child.text_content())
                parts.append(child.tail or "")
            shown = _flat("".join(parts))
            ref = cite.xpath(".//a[contains(@class, 'ref')]") or cite.xpath(
                ".//a[starts-with(@href, '#source-')]")
            if not ref:
                self.bad(form, f"no [n] beside {shown[:60]!r}")
                continue
            number = int(ref[0].get("href").split("-")[-1])
            links = [a.get("href") for a in cite.xpath(".//a")
                     if not (a.get("href") or "").startswith("#")]
            self._check_line(form, shown, number, sources, links[0] if links else None)
            lines += 1
            # a top line's label leads to where its story tells it: that point cites (or
            # counts among "Also reported by") the same source
            tag = li.xpath("./a[contains(@class, 'theme-tag')]")
            href = tag[0].get("href") if tag else ""
            if href.startswith("#") and not href.startswith("#theme-"):
                target = doc.xpath(f"//*[@id='{href[1:]}']")
                refs = {a.get("href") for t in target for a in t.xpath(".//a[@href]")}
                if f"#source-{number}" not in refs:
                    self.bad(form, f"top line {shown[:50]!r} leads to {href}, which does "
                                   f"not cite [{number}]")
        return lines

    def check_markdown(self, text: str) -> int:
        body, _, tail = text.partition("\n## Sources\n")
        sources: dict[int, list[str]] = {}
        for m in re.finditer(r"^(\d+)\. (.*)$", tail.split("\n## ")[0], re.M):
            link = re.search(r"\[((?:\\.|[^\]\\])*)\]\((\S+?)\)", m.group(2))
            url = link.group(2) if link else ""
            label = (link.group(1) if link else m.group(2).split(": ", 1)[-1].split(" · ")[0])
            sources[int(m.group(1))] = self._source_article(int(m.group(1)), url,
                                                            _unescape(label))
        wanted = {}
        for _, p in self.points():
            wanted.setdefault(md_escape(p["text"]), p)
        lines = 0
        for line in body.splitlines():
            if not re.match(r"^(- |\d+\. )", line) or not re.search(r" \\?\[\d+\\?\]", line):
                continue
            hits = [e for e in wanted if e in line]
            if not hits:
                if re.search(r"\) (\d+ \w+ \d{4} )?\[\d+\]", line):
                    self.bad("markdown", f"a cited line briefing.json has no point for: "
                                         f"{line[:90]!r}")
                continue
            escaped = max(hits, key=len)
            rest = line.split(escaped, 1)[1]
            m = re.match(r" (?:\*\*Opinion\*\* · )?\((.*?)\)(?: [^\[\\]*?)? \\\[(\d+)\\\]", rest)
            if not m:
                self.bad("markdown", f"no citation after {escaped[:60]!r}: {rest[:80]!r}")
                continue
            url = re.search(r"\]\((\S+?)\)*$", m.group(1))
            self._check_line("markdown", wanted[escaped]["text"], int(m.group(2)), sources,
                             url.group(1) if url else None)
            lines += 1
        return lines

    def check_pdf(self, path: Path, html_sources: dict[str, int]) -> int:
        """The PDF's text: each point followed by its own article's number (the numbers are
        the HTML's, the PDF being drawn from it)."""
        try:
            import pypdf
        except ImportError:
            return 0
        text = _bare(" ".join(p.extract_text() for p in pypdf.PdfReader(path).pages))
        lines = 0
        for where, p in self.shown():
            if self._cited("pdf", where, p, text, html_sources) is not None:
                lines += 1
        return lines

    def _cited(self, form: str, where: str, p: dict, bare: str, numbers: dict[str, int]
               ) -> tuple[str, re.Match[str] | None] | None:
        """Point `p` found in `bare` (a form's text without whitespace) and the first "[n]"
        after it checked against its article's number, as in the HTML's `numbers`: what
        follows the point, and that "[n]"; None, said, when the point is not there."""
        at = bare.find(_bare(p["text"]))
        if at < 0:
            self.bad(form, f"{where}: {p['text'][:60]!r} not found in the {form}")
            return None
        after = bare[at + len(_bare(p["text"])):]
        m = re.search(r"\[(\d+)\]", after)
        want = numbers.get(p["article_id"])
        if not m or int(m.group(1)) != want:
            self.bad(form, f"{where}: [{m and m.group(1)}] beside {p['text'][:50]!r}, "
                           f"its article is [{want}]")
        return after, m

    def check_email(self, eml: Path, html_sources: dict[str, int]) -> int:
        msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
        lines = 0
        plain = msg.get_body(("plain",))
        if plain is not None:
            bare = _bare(plain.get_content())
            for where, p in self.shown():
                if (cited := self._cited("email text", where, p, bare, html_sources)) is None:
                    continue
                after, m = cited
                url = self.articles[p["article_id"]]["url"]
                if url and m and f"<{_bare(url)}>" not in after[: m.start()]:
                    self.bad("email text", f"{where}: its link {url} is not beside it")
                lines += 1
        part = msg.get_body(("html",))
        if part is not None:
            lines += self.check_html(lhtml.fromstring(part.get_content()), "email html")
        return lines

    def numbers(self, doc: Any) -> dict[str, int]:
        out = {}
        for li in doc.xpath("//*[@id='sources']//li[starts-with(@id, 'source-')]"):
            n = int(li.get("id").split("-")[1])
            a = li.find(".//a")
            label = (a.text_content() if a is not None else
                     li.text_content().split(": ", 1)[-1].split(" · ")[0])
            for i in self._source_article(n, a.get("href") if a is not None else "", label):
                out.setdefault(i, n)
        return out

    # -- days -----------------------------------------------------------------------------

    def check_follow(self) -> None:
        if self.db is None:
            return
        today = date.fromisoformat(self.day)
        for s in self.data["sections"]:
            for st in s["stories"]:
                f = st["follow"]
                if not f or f["first_briefing"]:
                    continue
                rows = sorted(r[0] for r in self.db.execute(
                    "SELECT date FROM story_days WHERE story_id = ? AND desk = ? AND date < ?",
                    (f["story_id"], self.desk, self.day)))
                if f["status"] == "new":
                    if rows:
                        self.bad(f"story {st['id']}", f"'New' but briefed on {rows}")
                    continue
                if not rows:
                    self.bad(f"story {st['id']}", "'Developing' with no earlier briefing")
                    continue
                if f["first_date"] != rows[0]:
                    self.bad(f"story {st['id']}", f"first briefed {f['first_date']}, store "
                                                  f"says {rows[0]}")
                day_n = (today - date.fromisoformat(rows[0])).days + 1
                if f["day"] != day_n:
                    self.bad(f"story {st['id']}", f"day {f['day']}, store says day {day_n}")
                if f["last_date"] != rows[-1]:
                    self.bad(f"story {st['id']}", f"last briefed {f['last_date']}, store "
                                                  f"says {rows[-1]}")
                target = (self.folder / f["first_href"] / "briefing.json").resolve()
                if not target.exists():
                    self.bad(f"story {st['id']}", f"first briefed link {f['first_href']} "
                                                  "leads nowhere")
                else:
                    then = json.loads(target.read_text(encoding="utf-8"))
                    ids = {x["follow"]["story_id"] for sec in then["sections"]
                           for x in sec["stories"] if x["follow"]}
                    ids |= {e["story_id"] for e in then["earlier_editions"]}
                    if f["story_id"] not in ids:
                        self.bad(f"story {st['id']}", f"{f['first_href']} has no story "
                                                      f"{f['story_id']}")
        since = self.data["since"]
        if since:
            shown = {st["follow"]["story_id"]: st for s in self.data["sections"]
                     for st in s["stories"] if st["follow"]}
            for kind in ("grew", "new", "quiet"):
                for line in since[kind]:
                    sid = line["story_id"]
                    if kind in ("grew", "new") and sid not in shown:
                        self.bad("since", f"{kind} {line['headline'][:50]!r} not shown today")
                    if kind == "grew" and sid in shown:
                        m = re.match(r"day (\d+)", line["detail"])
                        if m and int(m.group(1)) != shown[sid]["follow"]["day"]:
                            self.bad("since", f"{line['detail']!r} but the story says day "
                                              f"{shown[sid]['follow']['day']}")
                        m = re.search(r"(\d+) new points?", line["detail"])
                        if m and int(m.group(1)) != len(shown[sid]["key_points"]):
                            self.bad("since", f"{line['headline'][:40]!r}: {line['detail']!r},"
                                              f" {len(shown[sid]['key_points'])} shown")
                    if kind == "quiet" and sid in shown:
                        self.bad("since", f"quiet {line['headline'][:50]!r} is shown today")
                    row = self.db.execute(
                        "SELECT headline FROM story_days WHERE story_id = ? AND desk = ? "
                        "AND date <= ? ORDER BY date DESC", (sid, self.desk, self.day)).fetchone()
                    if row and _flat(row[0]) != _flat(line["headline"]) and kind != "new":
                        self.bad("since", f"{kind} line {line['headline'][:40]!r}, store's "
                                          f"headline {row[0][:40]!r}")

    def check_all(self, outbox: Path | None = None) -> list[str]:
        self.check_json()
        self.check_follow()
        counts = {}
        md = self.folder / "briefing.md"
        if md.exists():
            counts["md"] = self.check_markdown(md.read_text(encoding="utf-8"))
        page = self.folder / "briefing.html"
        if page.exists():
            doc = lhtml.fromstring(page.read_bytes())
            counts["html"] = self.check_html(doc, "html")
            numbers = self.numbers(doc)
            pdf = self.folder / "briefing.pdf"
            if pdf.exists():
                counts["pdf"] = self.check_pdf(pdf, numbers)
            for eml in sorted((outbox or Path("/nonexistent")).glob("*.eml")):
                head = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
                if (eml.name.startswith(self.day)
                        and str(head["Subject"]).startswith(self.data["title"] + ",")):
                    counts[f"email {eml.name}"] = self.check_email(eml, numbers)
        self.counts = counts
        return self.problems


def _unescape(text: str) -> str:
    from briefing.render.escaping import md_unescape
    return md_unescape(text)


def problems(out_dir: Path, day: str, desk: str = "", outbox: Path | None = None) -> list[str]:
    return Day(out_dir, day, desk).check_all(outbox)


if __name__ == "__main__":
    out, day, *desks = sys.argv[1:]
    for desk in desks or [""]:
        d = Day(Path(out), day, desk)
        found = d.check_all(Path(out) / "outbox")
        print(f"{day} {desk or '(whole day)'}: {d.counts}; {len(found)} problems")
        for line in found:
            print("  " + line)
