# The two commands of the README:
#   make demo    set up, ingest seeds/ into the embedded store, serve it
#   make check   set up, run every check (ruff, mypy, pytest, the docs build)
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STORE  ?= ./newskg-data
PORT   ?= 8000

.PHONY: demo check setup setup-test browser virtuoso lint test docs bench eval measurements constraints clean mutate snapshots vendor screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"

# Installs exactly the tested versions (constraints.txt) of every dependency.
setup: $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e .

setup-test: $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,docs,cluster]'
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

# Virtuoso for the remote-store tests (Debian package; needs root, as on CI). The
# tests start their own server on free ports with a temporary database.
virtuoso:
	@command -v virtuoso-t >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null) \
	      || echo "warning: could not install virtuoso-opensource; the Virtuoso tests will be skipped"; \
	  else echo "warning: virtuoso-t missing and not root; the Virtuoso tests will be skipped"; fi; }

demo: setup
	$(BIN)/newskg ingest seeds/ --store $(STORE)
	$(BIN)/newskg serve --store $(STORE) --port $(PORT)

lint:
	$(BIN)/ruff check kg server tests bench eval tools
	$(BIN)/ruff format --check kg server tests bench eval tools
	$(BIN)/mypy

test:
	$(BIN)/pytest

# The docs site (docs/, mkdocs.yml) into site/; warnings (broken links, missing
# anchors, pages left out of the nav) are errors. Material's notice about its
# successor is not a warning of ours, so it is silenced. Never add --quiet: it hides
# the warnings from --strict too, and a broken link then passes (mkdocs 1.6).
docs: setup-test
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

check: setup-test browser virtuoso lint test docs

bench: setup
	$(BIN)/python bench/ingest.py

# Quality on the annotated sets in ../shared (not in the repository): see docs/quality.md.
DEV ?= ../shared/dev-data
eval: setup
	$(BIN)/python eval/gold.py ../shared/gold/seeds.toml seeds/
	$(BIN)/python eval/gold.py $(DEV)/polnear_train.toml --relation said
	$(BIN)/python eval/gold.py $(DEV)/ucdp_dev.toml --relation signed
	$(BIN)/python eval/timex.py $(DEV)/tempeval3_train.tsv

# Rewrite the outputs the docs and the README show (query tables, in whichever page
# holds them) from what the code prints now; review the diff before committing.
snapshots: setup-test
	NEWSKG_UPDATE_SNAPSHOTS=1 $(BIN)/pytest -q tests/test_cookbook.py tests/test_docs.py -k snapshot

# Run the evaluations on ../shared (seeds, and the tune and held-out parts of the dev
# sets) and the ingest benchmark (its rss section uses the cached stores of
# bench/resolve.py build, and skips those missing), keep their numbers in docs/reports/
# and write docs/measurements.md from them (eval/report.py). Takes a while; the
# held-out reports' errors are dropped unread. The other benchmarks are recorded one
# by one: docs/development.md, "Recording the benchmarks".
RAW ?= build/reports
measurements: setup
	mkdir -p $(RAW)
	$(BIN)/python eval/gold.py ../shared/gold/seeds.toml seeds/ --json $(RAW)/seeds.json
	$(BIN)/python eval/report.py record gold $(RAW)/seeds.json --set seeds
	for part in tune heldout; do \
	  for set in polnear_train ucdp_dev handover_dev; do \
	    $(BIN)/python eval/gold.py $(DEV)/$$set.toml --part $$part --json $(RAW)/$$set-$$part.json && \
	    $(BIN)/python eval/report.py record gold $(RAW)/$$set-$$part.json --set $$set --part $$part || exit 1; \
	  done; \
	  $(BIN)/python eval/timex.py $(DEV)/tempeval3_train.tsv --part $$part --json $(RAW)/timex-$$part.json && \
	  $(BIN)/python eval/report.py record timex $(RAW)/timex-$$part.json --set tempeval3_train --part $$part || exit 1; \
	done
	$(BIN)/python bench/ingest.py --json $(RAW)/bench-ingest.json
	$(BIN)/python eval/report.py record bench-ingest $(RAW)/bench-ingest.json
	rm -f $(RAW)/*-heldout.json
	$(BIN)/python eval/report.py

# Mutation testing (cosmic-ray) of the mapping, IRIs, GEXF export, store and server,
# each against a fast test subset; not part of `make check`. Mutates the files in
# place one mutant at a time (commit first). Survivors: tests/mutation-survivors.md.
MUTATE ?=
mutate: setup-test
	$(BIN)/python tests/mutation/run.py $(MUTATE) --out build/mutation

# Rebuild the query page's editor (CodeMirror 6 + its SPARQL mode) from web/: the
# versions of web/package-lock.json, bundled with esbuild into server/static/vendor/
# with their licences. The output is committed; the server never fetches it.
vendor:
	npm ci --prefix web --no-audit --no-fund
	npm run --prefix web build

# The explorer's screenshots in docs/img/ (entity, article, query page on the seeds, 1366x768).
screenshots: setup-test browser
	$(BIN)/python tools/screenshots.py docs/img
	rm -rf build/seeds-store && $(BIN)/newskg ingest seeds/ --store build/seeds-store --jobs 1
	$(BIN)/newskg export --store build/seeds-store --format svg -o docs/img/seeds-export.svg

# Re-pin the tested versions after changing dependencies.
constraints: setup-test
	$(BIN)/pip freeze --exclude-editable | grep -v '^newskg' > constraints.txt

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache .mypy_cache .ruff_cache site
