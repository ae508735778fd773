# Two commands for a newcomer: `make book` and `make test`. Everything else is for maintainers.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.govtext-installed
# Hash of every input the notebooks read: a change here must re-execute the book.
INPUTS_HASH_FILE := _build/.inputs.sha256
export PYTHONHASHSEED := 0
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: invalidate-stale-cache help venv book test unit nbval lint notebooks clean lock test-browser pdf

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | column -t -s $$'\t'

$(STAMP): requirements/lock.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

venv: $(STAMP)  ## create .venv and install the pinned stack and govtext

# jupyter-cache keys notebooks on their code cells only; drop it when src/ or data/ change.
invalidate-stale-cache:
	@mkdir -p _build
	@new=$$(find src data -type f ! -path '*/__pycache__/*' ! -name '*.pyc' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1); \
	old=$$(cat $(INPUTS_HASH_FILE) 2>/dev/null); \
	if [ "$$new" != "$$old" ]; then \
	  [ -z "$$old" ] || echo "src/ or data/ changed: dropping the notebook execution cache"; \
	  rm -rf _build/.jupyter_cache; echo "$$new" > $(INPUTS_HASH_FILE); \
	fi

book: $(STAMP) invalidate-stale-cache  ## execute the notebooks (cached) and build _build/html, warnings are errors
	$(BIN)/jupyter-book build . --path-output . -W -n --keep-going

# The unit tests and nbval in one run on two workers (one start-up, no worker idle between the two): each
# notebook is a group whose cells stay in one kernel (tests/conftest.py); the notebooks, largest first, start first.
test: $(STAMP) lint  ## ruff, unit tests, and nbval over every notebook in book/
	$(BIN)/python -m pytest --nbval book/ tests -q -n 2 --dist loadgroup --nbval-sanitize-with tests/nbval_sanitize.cfg

unit: $(STAMP)  ## unit tests in 2 processes (`make unit PYTEST_ARGS="-m 'not slow'"` skips the slow ones, "-n 0" runs them in one)
	$(BIN)/python -m pytest tests -q -n 2 $(PYTEST_ARGS)

# Each notebook runs in its own kernel on one of two workers (--dist loadfile keeps a notebook's cells together).
nbval: $(STAMP)
	$(BIN)/python -m pytest --nbval book/ -q -n 2 --dist loadfile --nbval-sanitize-with tests/nbval_sanitize.cfg

LINTED := src tests scripts benchmarks book/_ext book

lint: $(STAMP)  ## ruff (code and notebooks) and mypy --strict on src/
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy

notebooks: $(STAMP)  ## re-execute every notebook in place to refresh its stored outputs
	$(BIN)/python scripts/execute_notebooks.py book

lock: $(STAMP)  ## re-freeze the tested versions into requirements/lock.txt and environment.yml
	$(BIN)/python -m pip freeze --all --exclude pip --exclude-editable --exclude govtext --exclude playwright --exclude greenlet --exclude pyee | sed '1i # Every package version tested with this project (Python 3.11, Linux x86_64).\n# Regenerate with `make lock` after changing pyproject.toml; tests/test_environment.py keeps environment.yml in step.' > requirements/lock.txt
	$(BIN)/python scripts/write_environment.py

clean:  ## remove the build, caches and the virtual environment
	rm -rf _build .cache .pytest_cache .hypothesis src/*.egg-info $(VENV)
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# Debian's chromium, a CJK font and Playwright's driver (scripts/browser_deps.sh), the book, then the checks:
# every page at 1280 and 390 px, links, search; screenshots of every page at both widths in _build/screenshots/.
test-browser: $(STAMP)  ## build the book and check it in headless Chromium at two widths: layout, links, search, screenshots
	@sh scripts/browser_deps.sh test-browser $(BIN)/python
	$(MAKE) --no-print-directory book
	$(BIN)/python scripts/check_search_index.py
	$(BIN)/python scripts/browser_test.py

# The whole book as one PDF, from the same executed notebooks: the single-page build printed by Debian's
# chromium (Playwright's driver, as above). The text's Chinese is set in WenQuanYi Micro Hei, a TrueType font
# Chromium embeds by name; scripts/make_pdf.py then checks with poppler that pdftotext reads 巩义 and
# pdffonts lists the embedded CJK font.
pdf: $(STAMP) invalidate-stale-cache  ## the whole book as _build/pdf/book.pdf (Chinese in an embedded CJK font, checked)
	@sh scripts/browser_deps.sh pdf $(BIN)/python --pdf
	$(BIN)/jupyter-book build . --builder singlehtml --path-output . -W -n --keep-going
	$(BIN)/python scripts/make_pdf.py
