# VolunteerHub: `make demo` runs the demo city, `make test` runs every test (SQLite, then PostgreSQL).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/test
export TEST_POSTGRES_URL

.PHONY: install messages demo serve test test-sqlite test-postgres bench clean

install: $(VENV)/.installed messages

# The catalogs in locale/ (made by scripts/i18n_convert.py and makemessages) compiled to .mo; needs GNU gettext's msgfmt.
messages: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=config.settings $(BIN)/python -m django compilemessages -l zh_Hans -l en --ignore=.venv --ignore=node_modules --ignore=miniprogram

ASSETS := volunteerhub/dashboards/assets

$(VENV)/.installed: pyproject.toml $(wildcard $(ASSETS)/package-lock.json $(ASSETS)/echarts.entry.js)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	if [ -f $(ASSETS)/package-lock.json ]; then npm ci --prefix $(ASSETS) --no-audit --no-fund --loglevel=error && npm run --silent build --prefix $(ASSETS); fi  # ECharts with only the charts the pages use
	$(BIN)/volunteerhub collectstatic --noinput -v 0  # compressed once here: servers (tests, demo) then start in seconds
	npm ci --prefix miniprogram --no-audit --no-fund --loglevel=error && cp miniprogram/package-lock.json miniprogram/node_modules/.installed-lock.json  # the mini-program's test tools
	touch $@

demo: install
	bash scripts/demo.sh $(PORT)  # keys made once in var/keys.env, the demo city, the server and `volunteerhub worker`

test: install
	bash scripts/test.sh

bench: install
	bash scripts/postgis.sh  # PostGIS for the PostGIS row, where it can be installed
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var build *.egg-info
