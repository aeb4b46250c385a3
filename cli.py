#!/usr/bin/env python3
"""`python cli.py ...` from a checkout: the same program as the installed `briefing` command."""

import sys

from briefing.cli import main

if __name__ == "__main__":
    sys.exit(main())
