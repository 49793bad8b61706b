# Every target works on a fresh clone where only Python 3.11 exists.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run install migrate demo test test-fast lint format migrations-check bench worker beat clean messages

$(STAMP): requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11（$(PYTHON)）"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo ""
	@echo "随县人民政府门户：http://$(HOST):$(PORT)/"
	@echo "管理后台：        http://$(HOST):$(PORT)/admin/"
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: install
	DJANGO_SETTINGS_MODULE=govsite.settings.test $(PY) manage.py makemigrations --check --dry-run

# Interface catalogues: collect the strings into locale/{zh_Hant,en}, fill
# zh-hant by OpenCC, compile every .po (the .mo files are committed).
messages: install
	$(PY) manage.py update_messages

bench: install
	$(PY) -m tests.bench.run

worker: install
	$(VENV)/bin/celery -A govsite worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A govsite beat --loglevel=INFO

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles var
