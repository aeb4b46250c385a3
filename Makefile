# The two commands of the README: `make build` and `make test`. Each sets up what it needs.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: build test lint clean

$(STAMP): pyproject.toml setup.py
	@command -v python3 >/dev/null || { echo "briefing needs Python 3.11+: install python3 and python3-venv"; exit 1; }
	@test -x $(PY) || python3 -m venv $(VENV) || { echo "cannot create a virtualenv: install python3-venv (Debian/Ubuntu: apt-get install python3-venv)"; exit 1; }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@$(PY) -c 'import weasyprint' 2>/dev/null || { echo "WeasyPrint needs Pango: install it (Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0; macOS: brew install pango)"; exit 1; }
	@touch $(STAMP)

build: $(STAMP)
	$(PY) cli.py build

test: $(STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .

clean:
	rm -rf out .pytest_cache
