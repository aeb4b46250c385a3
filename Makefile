# The two commands of the README: `make build` and `make test`. Each sets up what it needs.
VENV ?= .venv
# The Python that makes $(VENV): `make build PYTHON=python3.12` where python3 is older
# (macOS's own is 3.9)
PYTHON ?= python3
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
NEW_ENOUGH := -c 'import sys; sys.exit(sys.version_info < (3, 11))'

.PHONY: build test lint clean venv

# $(VENV) with Python 3.11+: one made with an older Python (before it was installed) is
# made again, or pip would refuse briefing in it at every `make build`
venv:
	@test -x $(PY) && $(PY) $(NEW_ENOUGH) 2>/dev/null || { \
	  command -v $(PYTHON) >/dev/null || { echo "briefing needs Python 3.11+: install python3 and python3-venv"; exit 1; }; \
	  $(PYTHON) $(NEW_ENOUGH) || { echo "briefing needs Python 3.11+, and $(PYTHON) is $$($(PYTHON) -V 2>&1): install a newer one (macOS: brew install python@3.12) and name it, as in make build PYTHON=python3.12"; exit 1; }; \
	  test ! -e $(PY) || echo "$(VENV) has $$($(PY) -V 2>&1): making it again with $(PYTHON)"; \
	  $(PYTHON) -m venv --clear $(VENV) || { echo "cannot create a virtualenv: install python3-venv (Debian/Ubuntu: apt-get install python3-venv)"; exit 1; }; }

$(STAMP): pyproject.toml setup.py | venv
	$(PY) -m pip install -q --upgrade pip
	@echo "$(PY) -m pip install -q -e '.[dev]'"
	@$(PY) -m pip install -q -e '.[dev]' || { echo "could not install briefing's dependencies (above); where pycld2 has no wheel (Python 3.14 on, Intel macOS) pip compiles it: install a C++ compiler and Python's headers (Debian/Ubuntu: apt-get install g++ python3-dev; macOS: xcode-select --install)"; exit 1; }
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
