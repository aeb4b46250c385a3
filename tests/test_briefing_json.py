"""briefing.json as an integrator reads it (a newsroom CMS importing each day's file, a
dashboard, a script): real builds through the CLI, every kind of day, read as data."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from test_unbriefed_kinds import DAY, NEWS, write_news


def _every_object(value: object, where: str = "$"):
    """(where, object) for every JSON object in `value`, depth first."""
    if isinstance(value, dict):
        yield where, value
        for key, item in value.items():
            yield from _every_object(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _every_object(item, f"{where}[{i}]")


def test_no_article_text_is_copied_into_briefing_json_not_even_also_in_the_news(
        tmp_path, run_cli, monkeypatch):
    """README: "Article text is not copied in" (a story names its articles by id, and a
    50 MB article once made a 251 MB briefing.json). The articles listed under "Also in the
    news" were written whole, text included: a CMS importing the file got every sports
    report's full text, and the file grew with the day's sport."""
    write_news(tmp_path / "news")
    (tmp_path / "briefing.toml").write_text("[compose]\nalso_in_the_news = true\n",
                                            encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("build", "--source", "news", "--date", DAY, "--format", "json")
    assert result.code == 0, result.err
    data = json.loads((tmp_path / "out" / DAY / "briefing.json").read_text(encoding="utf-8"))
    [sport] = data["also_in_the_news"]
    assert [a["title"] for a in sport["articles"]]  # still listed, with their fields
    assert {"id", "title", "source", "url", "published", "path"} <= set(sport["articles"][0])
    texts = [where for where, obj in _every_object(data) if "text" in obj and "title" in obj]
    assert texts == []


# --- every kind of day, against docs/briefing.schema.json ------------------------------

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "docs" / "briefing.schema.json"
# the keywords docs/briefing.schema.json may use: what `_problems` checks (jsonschema is
# not a dependency, so this reads the schema itself, and refuses a keyword it cannot check)
KEYWORDS = {"$schema", "$defs", "$ref", "title", "description", "type", "properties",
            "required", "additionalProperties", "items", "prefixItems", "minItems",
            "maxItems", "enum", "const", "format", "anyOf"}
TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def _is(value: object, kind: str) -> bool:
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, TYPES[kind])


def _problems(value: object, schema: dict, root: dict, where: str = "$") -> list[str]:
    """What in `value` the draft 2020-12 `schema` refuses (the keywords of KEYWORDS)."""
    assert set(schema) <= KEYWORDS, f"{where}: the test cannot check {set(schema) - KEYWORDS}"
    if "$ref" in schema:
        schema = {**root["$defs"][schema["$ref"].removeprefix("#/$defs/")], **schema}
        del schema["$ref"]
    if "anyOf" in schema and all(_problems(value, s, root, where) for s in schema["anyOf"]):
        return [f"{where}: {value!r:.60} is none of anyOf"]
    kinds = schema.get("type")
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else kinds
        if not any(_is(value, k) for k in kinds):
            return [f"{where}: {value!r:.60} is not {'/'.join(kinds)}"]
    found = []
    if "const" in schema and value != schema["const"]:
        found.append(f"{where}: {value!r} is not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: {value!r} is not one of {schema['enum']}")
    if isinstance(value, str) and schema.get("format") == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            found.append(f"{where}: {value!r} is not an ISO 8601 date")
    if isinstance(value, str) and schema.get("format") == "date-time":
        try:
            if datetime.fromisoformat(value).utcoffset() is None:
                found.append(f"{where}: {value!r} has no offset")
        except ValueError:
            found.append(f"{where}: {value!r} is not an ISO 8601 date-time")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        found += [f"{where}: no {key!r}" for key in schema.get("required", ())
                  if key not in value]
        if schema.get("additionalProperties") is False:
            found += [f"{where}: {key!r} is not in the schema" for key in value
                      if key not in props]
        for key, item in value.items():
            if key in props:
                found += _problems(item, props[key], root, f"{where}.{key}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0) or len(value) > schema.get("maxItems",
                                                                              len(value)):
            found.append(f"{where}: {len(value)} items")
        prefix = schema.get("prefixItems", [])
        for i, item in enumerate(value):
            if i < len(prefix):
                found += _problems(item, prefix[i], root, f"{where}[{i}]")
            elif "items" in schema:
                found += _problems(item, schema["items"], root, f"{where}[{i}]")
    return found


def test_the_schema_describes_every_field_it_names():
    """docs/briefing.schema.json is where an integrator reads what a field means: every
    property says it, and every object lists its keys as required and no others."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    undocumented = []
    for where, obj in _every_object(schema):
        if isinstance(obj.get("properties"), dict) and obj.get("type") == "object":
            assert obj["additionalProperties"] is False, where
            assert obj["required"] == list(obj["properties"]), where
            undocumented += [f"{where}.{key}" for key, prop in obj["properties"].items()
                             if not prop.get("description")]
    assert undocumented == []


DESK_CONFIG = """\
[sources]
paths = ["seeds", "more"]

[output]
formats = ["json"]

[compose]
also_in_the_news = {also}

[email]
to = ["desk@example.org"]

[[desks]]
id = "defence"
title = "Defence"
themes = ["military", "terrorism"]
places = ["Middle East"]
"""

MORE = {
    "cup": ("Rovers win the cup final on penalties", "2024-12-17T20:00:00Z",
            NEWS["final-wire"][2]),
    "budget": ("Parliament passes emergency budget after late-night vote",
               "2024-12-17T18:00:00Z",
               "The parliament passed an emergency budget on Tuesday after a late-night "
               "vote, ending weeks of deadlock between the governing coalition and the "
               "opposition. The budget raises spending on hospitals and schools and cuts "
               "fuel subsidies, and opposition leaders promised to challenge it in court."),
}
LATE = {
    "quake": ("Earthquake of magnitude 6.1 strikes eastern Turkey, killing 12",
              "2024-12-17T22:00:00Z",
              "An earthquake of magnitude 6.1 struck eastern Turkey late on Tuesday, killing "
              "at least 12 people and injuring dozens, the disaster agency said. Rescue teams "
              "searched collapsed buildings in Malatya through the night."),
}


def test_every_kind_of_day_writes_briefing_json_as_the_schema_says(workdir, run_cli):
    """One store, as README builds it: the seeds' 8, 15 and 16 December 2024 with a desk
    beside the whole day, a day with "Also in the news", the same day rebuilt with a late
    report (its first edition kept aside), a day with nothing new, and a `build --source`
    briefing. Every briefing.json written, the kept edition's too, is what
    docs/briefing.schema.json says, so a CMS importing them meets one shape."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    write_news(workdir / "more", MORE)
    config = workdir / "briefing.toml"
    config.write_text(DESK_CONFIG.format(also="false"), encoding="utf-8")
    for day in ("2024-12-08", "2024-12-15", "2024-12-16"):
        assert run_cli("build", "--date", day).code == 0
    config.write_text(DESK_CONFIG.format(also="true"), encoding="utf-8")
    assert run_cli("build", "--date", "2024-12-17").code == 0
    write_news(workdir / "more", LATE)
    assert run_cli("build", "--date", "2024-12-17").code == 0
    assert run_cli("build", "--date", "2024-12-20").code == 0
    assert run_cli("build", "--date", "2024-12-18", "--source", "more/quake.md",
                   "--source", "seeds/000_0e06bca53e2e7670.txt").code == 0

    written = sorted((workdir / "out").glob("2024-12-*/**/briefing.json"))
    relative = [f.relative_to(workdir / "out").as_posix() for f in written]
    assert {"2024-12-16/defence/briefing.json", "2024-12-17/edition-1/briefing.json",
            "2024-12-20/briefing.json", "2024-12-18/briefing.json"} <= set(relative)
    seen = {"also": False, "empty": False, "earlier": False, "desk": False}
    for file in written:
        data = json.loads(file.read_text(encoding="utf-8"))
        assert _problems(data, schema, schema) == [], file
        seen["also"] |= bool(data["also_in_the_news"])
        seen["empty"] |= not data["sections"]
        seen["earlier"] |= file.parent.name.startswith("edition-")
        seen["desk"] |= data["desk"] == "defence"
    assert all(seen.values()), seen  # every kind of day was there to be read


def test_stories_history_names_a_story_and_its_articles_as_briefing_json_does(
        workdir, run_cli):
    """A dashboard reads `stories --history` and links each day to that day's
    briefing.json: the story is `follow.story_id` there, and each source is the article of
    the same id, with the same title, outlet, address and date. The record's keys are the
    ones README lists for it."""
    (workdir / "briefing.toml").write_text('[sources]\npaths = ["seeds"]\n', encoding="utf-8")
    for day in ("2024-12-15", "2024-12-16"):
        assert run_cli("build", "--date", day, "--format", "json").code == 0
    result = run_cli("stories", "--history")
    assert result.code == 0, result.err
    records = [json.loads(line) for line in result.out.splitlines()]
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    documented = readme.split("`briefing stories --history` prints every", 1)[1][:900]
    for record in records:
        assert set(record) == {"story", "headline", "first_briefed", "last_briefed", "days"}
        for day in record["days"]:
            assert set(day) == {"date", "desk", "briefing", "headline", "points", "sources"}
            assert all(set(p) == {"text", "speaker", "article_id"} for p in day["points"])
            data = json.loads((Path(day["briefing"]) / "briefing.json").read_text("utf-8"))
            ids = {st["follow"]["story_id"] for s in data["sections"] for st in s["stories"]}
            assert record["story"] in ids
            articles = {a["id"]: a for a in data["articles"]}
            for source in day["sources"]:
                assert set(source) == {"id", "source", "title", "url", "published"}
                assert source == {k: articles[source["id"]][k] for k in source}
    for key in ('"story"', '"first_briefed"', '"briefing"', '"points"', '"article_id"',
                '"published"'):
        assert key in documented, key
    assert records
