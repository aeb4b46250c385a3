"""The README's map of the code ("How it is built") against the modules that are there: a
newcomer finds a module by its row, so a module added without one is lost to them."""

from __future__ import annotations

from conftest import REPO


def _map() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return text.split("\n## How it is built\n", 1)[1].split("\n## ", 1)[0]


def test_the_module_map_names_every_module_of_briefing():
    """`briefing why` came with briefing/why.py, which the map did not name."""
    section = _map()
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    missing = []
    for path in sorted((REPO / "briefing").rglob("*.py")):
        parts = path.relative_to(REPO).parts
        if path.name == "__init__.py" and len(parts) == 2:
            continue  # the package itself
        if len(parts) == 2:  # a module of its own: briefing/why.py
            if f"`{'/'.join(parts)}`" not in section:
                missing.append("/".join(parts))
            continue
        package = f"| `{'/'.join(parts[:2])}/`"
        row = next((r for r in rows if r.startswith(package)), "")
        if not row or (path.name != "__init__.py" and f"`{path.name}`" not in row):
            missing.append("/".join(parts))
    assert missing == []
