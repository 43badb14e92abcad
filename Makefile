# The portal's commands. Quick start: `make run` (serve with demo data), `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1:8000

.PHONY: run test bench lint migrate demo deps dev-deps clean

# Apache ECharts for the dashboards: fetched from the npm registry at set-up, served by the portal from
# static/vendor/ (never a CDN, never committed). Its LICENSE and NOTICE travel with it.
ECHARTS_VERSION := 6.1.0
ECHARTS := static/vendor/echarts/echarts.min.js
$(ECHARTS):
	@mkdir -p $(@D)
	tmp=$$(mktemp -d) && (cd $$tmp && npm pack --silent echarts@$(ECHARTS_VERSION) >/dev/null \
		&& tar -xzf echarts-$(ECHARTS_VERSION).tgz package/dist/echarts.min.js package/LICENSE package/NOTICE) \
		&& cp $$tmp/package/dist/echarts.min.js $$tmp/package/LICENSE $$tmp/package/NOTICE $(@D)/ && rm -rf $$tmp

# The map of Fujian's nine cities on the dashboard: china-geojson (MIT, antvis) from the npm registry, the one
# GeoJSON file of Fujian with the package's README and package.json (its licence), into static/vendor/geo/.
GEOJSON_VERSION := 1.0.0
FUJIAN_GEOJSON := static/vendor/geo/fu_jian_geo.json
$(FUJIAN_GEOJSON):
	@mkdir -p $(@D)
	tmp=$$(mktemp -d) && (cd $$tmp && npm pack --silent china-geojson@$(GEOJSON_VERSION) >/dev/null \
		&& tar -xzf china-geojson-$(GEOJSON_VERSION).tgz package/src/geojson/fu_jian_geo.json package/README.md package/package.json) \
		&& cp $$tmp/package/src/geojson/fu_jian_geo.json $$tmp/package/README.md $$tmp/package/package.json $(@D)/ && rm -rf $$tmp

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Re-install only when a requirements file changed.
$(VENV)/.deps: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(VENV)/.deps $@

# django-import-export, only for bench/bench_import.py's comparison.
$(VENV)/.bench-deps: requirements-bench.txt $(VENV)/.dev-deps
	$(PIP) install --quiet -r requirements-bench.txt
	touch $@

deps: $(VENV)/.deps $(ECHARTS) $(FUJIAN_GEOJSON)
dev-deps: $(VENV)/.dev-deps $(ECHARTS) $(FUJIAN_GEOJSON)

# `make run` is the embedded development portal: DEBUG on, SQLite unless DATABASE_URL is set.
run: export DEBUG ?= 1
run: deps
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "门户地址: http://$(HOST)/  (用上面的演示账号登录)"
	$(PY) manage.py runserver $(HOST)

migrate: export DEBUG ?= 1
migrate: deps
	$(PY) manage.py migrate --noinput

test: dev-deps
	@if [ -z "$$DATABASE_URL" ]; then echo "make test: DATABASE_URL is not set — running on SQLite; PostgreSQL-only checks are skipped (CI sets it)."; fi
	@if [ -z "$$REDIS_URL" ]; then echo "make test: REDIS_URL is not set — the real-worker Celery test is skipped (CI sets it)."; fi
	@if [ ! -x /usr/bin/chromium ]; then echo "make test: /usr/bin/chromium is absent — browser tests are skipped (apt-get install chromium fonts-wqy-microhei)."; fi
	$(PY) -m pytest

# bench_http.py runs gunicorn against /healthz: briefly here (2 rounds of 1 s, 20,000 persons), fully in bench-scale.
bench: export BENCH_SIZE ?= 20000
bench: export BENCH_ROUNDS ?= 2
bench: export BENCH_SECONDS ?= 1
bench: dev-deps $(VENV)/.bench-deps
	@for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

bench-scale: dev-deps
	@$(PY) bench/bench_pool.py 20000 200000 1000000; status=$$?; \
	BENCH_SIZE=1000000 $(PY) bench/bench_http.py || exit 1; exit $$status

lint: dev-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache static/vendor
