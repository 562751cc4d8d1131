# The two commands of README.md: `make site` builds the site, `make test` runs the tests.
# Each sets up what it needs on a fresh machine (a virtual environment with the pinned dependencies).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site serve test lint golden lock clean

site: $(STAMP)  ## Build the site from content/ into site/
	$(BIN)/digest build
	$(BIN)/mkdocs build --strict

serve: $(STAMP)  ## Live preview on http://127.0.0.1:8000, rebuilt when content/ or templates/ change
	$(BIN)/digest build
	$(BIN)/mkdocs serve --strict -f mkdocs.serve.yml

test: $(STAMP)  ## Lint, then every test (unit, end-to-end with the real MkDocs build)
	$(BIN)/ruff check digest tests
	$(BIN)/ruff format --check digest tests
	$(BIN)/pytest

golden: $(STAMP)  ## Regenerate the golden pages in tests/golden/ after an intended change
	$(BIN)/pytest tests/test_golden.py --update-golden

lock: $(STAMP)  ## Refresh requirements.lock after changing the pins in pyproject.toml
	$(BIN)/pip install -e '.[test]'
	$(BIN)/pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-* && touch $@

clean:  ## Remove everything generated
	rm -rf build site .pytest_cache .ruff_cache
