"""Every shown line traceable to its source, in every form (tests/tracing.py): the seeds
built over two days as configured sources (so the store, "Developing" and "Since
yesterday" are read), with a desk, and mailed to the outbox."""

from __future__ import annotations

from tracing import Day


def test_every_line_of_every_form_leads_to_its_own_article(workdir, run_cli):
    (workdir / "briefing.toml").write_text(
        '[email]\nto = ["a@example.org"]\n'
        '[[desks]]\nid = "dip"\ntitle = "Diplomacy desk"\nthemes = ["diplomacy"]\n'
        'to = ["d@example.org"]\n')
    for day in ("2024-12-15", "2024-12-24"):
        built = run_cli("build", "--date", day)
        assert built.code == 0, built.err
        sent = run_cli("send", "--date", day)
        assert sent.code == 0, sent.err
    out = workdir / "out"
    for desk in ("", "dip"):
        day = Day(out, "2024-12-24", desk)
        assert day.check_all(out / "outbox") == []
        assert day.counts["html"] == day.counts["md"] == day.counts["pdf"] >= 1
        assert [k for k in day.counts if k.startswith("email")]  # the mail was read too
