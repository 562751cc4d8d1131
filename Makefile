# The two commands of README.md: `make site` builds the site, `make test` runs the tests.
# Each sets up what it needs on a fresh machine (a virtual environment with the pinned dependencies).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1
# Any date a build stamps (the sitemap's) is the last commit's, so the same content gives the same site.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site serve test chromium golden lock clean

site: $(STAMP)  ## Build the site from content/ into site/
	$(BIN)/digest build
	$(BIN)/mkdocs build --strict

serve: $(STAMP)  ## Live preview on http://127.0.0.1:8000, rebuilt when content/ or templates/ change
	$(BIN)/digest build
	$(BIN)/mkdocs serve --strict -f mkdocs.serve.yml

test: $(STAMP) chromium  ## Lint, then every test (unit, end-to-end, browser)
	$(BIN)/ruff check digest tests
	$(BIN)/ruff format --check digest tests
	$(BIN)/pytest

golden: $(STAMP)  ## Regenerate the golden pages in tests/golden/ after an intended change
	$(BIN)/pytest tests/test_golden.py --update-golden

lock: $(STAMP)  ## Refresh requirements.txt after changing the pins in pyproject.toml
	$(BIN)/pip install -e '.[test]'
	$(BIN)/pip freeze --exclude-editable | grep -v '^-e' > requirements.txt

# Browser tests drive Debian's Chromium (test tools cannot download browsers here).
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests$(if $(SUDO), with sudo: it may ask for your password)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-* && touch $@

clean:  ## Remove everything generated (but .venv)
	rm -rf build site test-artifacts .cache .pytest_cache .ruff_cache .hypothesis *.egg-info
	find . -path ./.venv -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
