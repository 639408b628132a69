# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PY      ?= python3.11
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
SHARED  ?= ../shared
DB      ?= build/demo.db

.PHONY: demo test eval bench bench-scale clean system train

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[web,postgres,test,ray]"
	@touch $(STAMP)

# Debian packages the tests need: PostgreSQL for the store tests, Chromium for the web view tests.
system:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && test -x /usr/bin/chromium || \
	  { (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql chromium >/dev/null) \
	    || echo "warning: could not install postgresql/chromium; their tests will skip"; }

demo: $(STAMP)
	@mkdir -p build
	$(BIN)/polemos extract examples/*.txt --db $(DB) --redo
	@if [ -f $(SHARED)/examples/seed-article.txt ]; then \
	  $(BIN)/polemos extract $(SHARED)/examples/seed-article.txt --db $(DB) --redo; fi

test: $(STAMP) system
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	@mkdir -p build
	@if [ ! -f $(SHARED)/data/dev/gold.jsonl ]; then echo "no $(SHARED)/data/dev: nothing to score"; exit 0; fi
	@$(BIN)/python bench/dev_eval.py --shared $(SHARED)

bench: $(STAMP)
	@mkdir -p build
	$(BIN)/python bench/run_all.py --shared $(SHARED)

# Linear cost at scale (issue 16): 2,000 and 20,000 articles into SQLite and PostgreSQL, fusion, export, an
# incremental run; writes build/scale.json. Long (about an hour on 2 cores);
# smaller: make bench-scale SCALE_ARGS="--small 200 --large 2000".
SCALE_ARGS ?=
bench-scale: $(STAMP) system
	@mkdir -p build
	nice -n 10 $(BIN)/python bench/scale.py --shared $(SHARED) $(SCALE_ARGS)

clean:
	rm -rf build .pytest_cache

# The learned event-type classifier (src/polemos/textcat.py): render the invented training sentences,
# then train the model into src/polemos/data/models/textcat (reproducible: fixed seeds).
train: $(STAMP)
	$(BIN)/python training/make_data.py
	$(BIN)/python training/train.py
