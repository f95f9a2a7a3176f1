# newsfacts — every target runs from a fresh clone; `make setup` is implied where needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= data/newsfacts.db
DEMO_PORT ?= 8765
STAMP  := $(VENV)/.installed

.PHONY: setup run test lint bench bench-quick eval eval-sets train-scorer lexicons eval-currency bench-article stress soak serve schedule browser screenshots clean help

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

setup: $(STAMP)  ## Create .venv and install newsfacts, its spaCy pipelines and dev tools

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip > $(VENV)/pip.log 2>&1 || { cat $(VENV)/pip.log; exit 1; }
	$(BIN)/python -m pip install --quiet -e ".[models,dev,train]" > $(VENV)/pip.log 2>&1 || { cat $(VENV)/pip.log; exit 1; }
	touch $(STAMP)

run: setup  ## Serve the demo site on 127.0.0.1:$(DEMO_PORT), crawl it, extract facts, print the facts table
	DB=$(DB) BIN=$(BIN) DEMO_PORT=$(DEMO_PORT) bash scripts/run_demo.sh

browser:  ## Install Debian's chromium for the browser test (as root; no-op when present)
	bash scripts/install_browser.sh

screenshots: run browser  ## README pictures: the network and timeline pages of the demo store, docs/*.png
	$(BIN)/python scripts/screenshots.py --db $(DB) --out docs

test: setup browser  ## Lint, then run the whole test suite
	$(BIN)/ruff check pipeline tests scripts
	$(BIN)/python -m pytest -q

lint: setup  ## ruff over the code
	$(BIN)/ruff check pipeline tests scripts

bench: setup  ## Throughput benchmarks, each side by side with its baseline (see docs/benchmarks.md)
	$(BIN)/python scripts/bench.py

bench-quick: setup  ## Benchmarks smoke run with small counts (~3 min; docs untouched)
	$(BIN)/python scripts/bench.py --quick

eval: setup  ## Per-language precision/recall/F1 on our gold set (corpora/gold); exit 1 below the floors
	$(BIN)/newsfacts eval --min-f1 0.92 --min-precision 0.95

serve: setup  ## Browse the store with Datasette on http://127.0.0.1:8001/
	$(BIN)/newsfacts serve --db $(DB) --port 8001

schedule: setup  ## Crawl + extract the sources in sources.toml every 30 minutes
	$(BIN)/newsfacts schedule --every 30m --db $(DB)

clean:  ## Remove the venv, the data folder and caches
	rm -rf $(VENV) data build *.egg-info .pytest_cache .ruff_cache .hypothesis test-artifacts

eval-sets: setup  ## Blind-measurement sets (corpora/realnews, otherwords, freshnews, realnews4 to realnews8, realnews10, otherwords11, realnews12 to realnews52): tuning halves and blind1, per language, aggregate only
	@for set in realnews otherwords freshnews realnews4 realnews5 realnews6 realnews7 realnews8 realnews10 otherwords11 realnews12 realnews13 realnews14 realnews15 realnews16 realnews17 realnews18 realnews19 realnews20 realnews21 realnews22 realnews23 realnews24 realnews25 realnews26 realnews27 realnews28 realnews29 realnews30 realnews31 realnews32 realnews33 realnews34 realnews35 realnews36 realnews37 realnews38 realnews39 realnews40 realnews41 realnews42 realnews43 realnews44 realnews45 realnews46 realnews47 realnews48 realnews49 realnews50 realnews51 realnews52; do for split in tune blind1; do \
		echo "== $$set $$split"; \
		$(BIN)/newsfacts eval $$(for f in corpora/$$set/*.$$split.jsonl; do echo --gold $$f; done) || exit 1; \
	done; done

train-scorer: setup  ## Retrain the candidate scorer (rules/scorer.json) on gold, held-out and tuning halves, then its per-cue-class vetoes (rules/class_vetoes.json); prints cross-validated figures
	$(BIN)/python scripts/train_scorer.py
	$(BIN)/python scripts/class_vetoes.py

lexicons: setup  ## Rewrite rules/<lang>/given_names.txt from Faker's person providers (installs the lexicons extra)
	$(BIN)/pip install -q -e ".[lexicons]"
	$(BIN)/python scripts/given_names.py

eval-currency: setup  ## Amount recognition accuracy on the Recognizers-Text currency specs
	$(BIN)/python scripts/eval_currency.py

bench-article: setup  ## Article-text F1 and pages/s against plain trafilatura (181 pages)
	$(BIN)/python scripts/bench_article.py

stress: setup  ## 50 crawls killed at random + resumed, 50 uninterrupted, under CPU load (docs/reliability.md)
	$(BIN)/python scripts/stress_resume.py --cycles 50

soak: setup  ## 30 minutes of schedule against a publishing site, killed every few cycles (docs/reliability.md)
	$(BIN)/python scripts/soak.py --minutes 30
