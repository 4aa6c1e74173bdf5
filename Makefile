# The table of contents of the project's commands. `make run` and `make test` each do every
# set-up step from a fresh clone (a Python 3.10 venv from the lock file, a trained model).
SHELL := /bin/bash
.DEFAULT_GOAL := help
PY := .venv/bin/python

.PHONY: help run shell test test-fast bench lint format venv model db lock clean validate interactive rasa-test

help:
	@echo "make run    set everything up, then serve the assistant and its action server"
	@echo "make test   set everything up, then run every test (PostgreSQL/Redis: throwaway ones if none answer)"
	@echo "make test-fast  the edit-test loop: every test that needs no server or model, few hypothesis examples"
	@echo "make shell  try the assistant in 'rasa shell' (PROVIDER=id NOW=2026-12-22T10:00)"
	@echo "make bench  measure: NLU on the held-out set, noticing vulnerable customers' cues, the outside conversation set, then load against Rasa's starter (reports in bench/results/)"
	@echo "make lint   ruff and Rasa's data validation"
	@echo "make lock   re-resolve requirements.in into requirements.lock"
	@echo "make validate | interactive | rasa-test   rasa data validate, rasa interactive, rasa test:"
	@echo "            as targets because endpoints.yml reads its URLs from the environment serve.sh sets,"
	@echo "            interactive needs the action server, and the Rasa patches come from rasa_plugins/launch.py"

venv:
	@scripts/ensure-venv.sh

model: venv
	@scripts/train.sh >/dev/null

# Bring the case database (DATABASE_URL, default var/cases.db) to the current schema.
db: venv
	@mkdir -p var
	@$(PY) -m alembic upgrade head

run: venv db
	@scripts/serve.sh run

shell: venv db
	@COMPLAINTS_PROVIDER=$${PROVIDER:-$$COMPLAINTS_PROVIDER} COMPLAINTS_NOW=$${NOW:-$$COMPLAINTS_NOW} scripts/serve.sh shell

test: venv
	@$(PY) -m ruff check bot actions tests scripts bench channels rasa_plugins rasa_sdk_plugins local_servers.py
	@scripts/ensure-browser.sh  # Debian's chromium, for the website chat's browser test
	@MODEL_PATH=$$(scripts/train.sh) $(PY) -m pytest

# Everything that needs no Rasa server, action server, trained model or browser (docs/testing.md).
test-fast: venv
	@HYPOTHESIS_PROFILE=fast $(PY) -m pytest -q -m "not servers and not model and not browser"

# Rasa's own commands, in this project (docs/rasa-patches.md, "Rasa's commands").
validate: venv
	@$(PY) -m rasa data validate --fail-on-warnings

interactive: venv db
	@scripts/serve.sh interactive

rasa-test: venv
	@model=$$(scripts/train.sh) && $(PY) -m rasa_plugins.launch test --model "$$model" \
	  --stories tests/test_stories.yml --nlu tests/nlu_holdout.yml --out var/rasa-test

# Every measurement always runs (a missed target does not skip the next step); exit 1 if any
# misses a target, after every report is written. The conversation set reads the NLU figure the
# step before it wrote.
bench: venv
	@model=$$(scripts/train.sh) || exit 1; status=0; \
	$(PY) bench/nlu_eval.py "$$model" || status=1; \
	$(PY) bench/vulnerability_eval.py || status=1; \
	$(PY) -m bench.conversations "$$model" || status=1; \
	$(PY) -m bench.load "$$model" || status=1; \
	exit $$status

lint: venv
	$(PY) -m ruff check bot actions tests scripts bench channels rasa_plugins rasa_sdk_plugins local_servers.py
	$(PY) -m ruff format --check bot actions tests channels rasa_plugins rasa_sdk_plugins local_servers.py
	$(PY) -m rasa data validate --fail-on-warnings

format: venv
	$(PY) -m ruff format bot actions tests
	$(PY) -m ruff check --fix bot actions tests

# Resolve the direct requirements afresh in a throwaway venv and pin everything it installed.
lock:
	@scripts/lock.sh

clean:
	rm -rf .venv models var .pytest_cache .hypothesis
