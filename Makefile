# The two commands of the README. Everything installs into .venv; nothing by hand.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test browser bench clean

# Every version comes from requirements.lock (tools/lock.py writes it), so machines agree.
$(BIN)/gazette: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	# torch first, pinned to the CPU wheel: sentence-transformers would otherwise pull a CUDA build
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock torch==2.13.0
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev,st,milvus]'
	touch $@

## run: create the environment, build the knowledge base, indexes and site from corpus/, serve them
run: $(BIN)/gazette
	$(BIN)/gazette build --corpus corpus
	$(BIN)/gazette serve --host $(HOST) --port $(PORT)

## test: the whole test suite (CI runs exactly this), on two processes; installs the browser first if missing
test: browser $(BIN)/gazette
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

## browser: Chromium and a Chinese font for the browser tests (apt-get), or what to install
browser:
	@./.ci/browser

## bench: the benchmark scripts of bench/
bench: $(BIN)/gazette
	$(BIN)/python bench/parse.py
	$(BIN)/python bench/history.py
	$(BIN)/python bench/extraction.py
	$(BIN)/python bench/site.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/hostile.py
	$(BIN)/python bench/formats.py
	$(BIN)/python bench/who.py
	$(BIN)/python bench/cli.py
	$(BIN)/python bench/link.py
	$(BIN)/python bench/incremental.py
	@echo "bench/archive.py and bench/genre.py need a copy of LawRefBook/Laws: $(BIN)/python bench/genre.py --laws PATH"

clean:
	rm -rf build .pytest_cache .hypothesis
