# The two commands of the README:
#   make demo    set up, ingest seeds/ into the embedded store, serve it
#   make check   set up, run every check (ruff, mypy, pytest)
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STORE  ?= ./newskg-data
PORT   ?= 8000

.PHONY: demo check setup setup-test browser lint test bench eval constraints clean mutate snapshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"

# Installs exactly the tested versions (constraints.txt) of every dependency.
setup: $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e .

setup-test: $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,cluster]'
	@# graphology-gexf (Gephi Lite's reader) for tests/test_gephi.py, pinned by the lock file
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/js --silent --no-audit --no-fund \
	  || echo "warning: npm ci failed; the graphology-gexf test will be skipped"; \
	else echo "warning: npm missing; the graphology-gexf test will be skipped"; fi

# Headless Chromium for the query-page test (Debian package; needs root, as on CI).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "warning: could not install chromium; the browser test will be skipped"; \
	  else echo "warning: chromium missing and not root; the browser test will be skipped"; fi; }

demo: setup
	$(BIN)/newskg ingest seeds/ --store $(STORE)
	$(BIN)/newskg serve --store $(STORE) --port $(PORT)

lint:
	$(BIN)/ruff check kg server tests bench eval
	$(BIN)/ruff format --check kg server tests bench eval
	$(BIN)/mypy

test:
	$(BIN)/pytest

check: setup-test browser lint test

bench: setup
	$(BIN)/python bench/ingest.py

# Quality on the annotated sets in ../shared (not in the repository): see README, "Quality".
DEV ?= ../shared/dev-data
eval: setup
	$(BIN)/python eval/gold.py ../shared/gold/seeds.toml seeds/
	$(BIN)/python eval/gold.py $(DEV)/polnear_train.toml --relation said
	$(BIN)/python eval/gold.py $(DEV)/ucdp_dev.toml --relation signed
	$(BIN)/python eval/timex.py $(DEV)/tempeval3_train.tsv

# Rewrite the README outputs that tests compare as snapshots (the query cookbook)
# from what the code prints now; review the diff before committing.
snapshots: setup-test
	NEWSKG_UPDATE_SNAPSHOTS=1 $(BIN)/pytest -q tests/test_cookbook.py -k snapshot

# Mutation testing (cosmic-ray) of the mapping, IRIs, GEXF export, store and server,
# each against a fast test subset; not part of `make check`. Mutates the files in
# place one mutant at a time (commit first). Survivors: tests/mutation-survivors.md.
MUTATE ?=
mutate: setup-test
	$(BIN)/python tests/mutation/run.py $(MUTATE) --out build/mutation

# Re-pin the tested versions after changing dependencies.
constraints: setup-test
	$(BIN)/pip freeze --exclude-editable | grep -v '^newskg' > constraints.txt

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache .mypy_cache .ruff_cache
