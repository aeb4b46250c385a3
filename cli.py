#!/usr/bin/env python3
"""`python cli.py ...` from a checkout: the same program as the installed `briefing` command."""

import sys

try:
    from briefing.cli import main
except ModuleNotFoundError as e:  # a Python without briefing's dependencies (not the .venv's)
    if (e.name or "").partition(".")[0] == "briefing":
        raise
    sys.exit(f"error: {sys.executable} has no module {e.name!r}: set up with `make build` "
             "and run .venv/bin/python cli.py (or `pip install .` and run briefing)")

if __name__ == "__main__":
    sys.exit(main())
