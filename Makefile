# The two commands a newcomer needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed

.PHONY: run test install translations lint bench demo clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP) translations

translations: $(STAMP)
	$(BIN)/python scripts/build_translations.py

run: install
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	$(FLASK) demo-logins
	$(FLASK) run --host 127.0.0.1 --port 5000

test: install
	bash scripts/test.sh

lint: $(STAMP)
	$(BIN)/ruff check coordinator tests bench

bench: install
	$(BIN)/python bench/timeline.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
