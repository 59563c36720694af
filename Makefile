# Zorgbod: `make run` serves the app with demo data; `make test` runs the whole suite.
# Both start from a fresh clone: they create the virtualenv and install what they need.
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
FLASK  := $(BIN)/flask --app wsgi
PYTHON ?= python3

.PHONY: setup run test lint db demo-data simulate-bidders cluster bench bench-stats clean translations

MO := marketplace/translations/en/LC_MESSAGES/messages.mo

setup: $(VENV)/.installed $(VENV)/.deduce-warm node_modules/.installed static/vendor/.installed $(MO)

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# deduce (the personal-data detector) builds a lookup cache inside its own package
# (site-packages/deduce/data/lookup/cache/) on its first load, which takes minutes; done here
# once, so neither a test run nor the first publish waits for it.
$(VENV)/.deduce-warm: $(VENV)/.installed
	$(BIN)/python -P marketplace/privacy/name_worker.py --build-cache
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Front-end files the pages load, from the npm packages (never committed): Socket.IO's client,
# the NL Design System's Utrecht component CSS with the example theme's tokens, and its fonts;
# Chart.js for the plots of the steering figures (Stuurinformatie).
static/vendor/.installed: node_modules/.installed
	rm -rf static/vendor && mkdir -p static/vendor/utrecht static/vendor/noto-sans static/vendor/noto-serif
	cp node_modules/socket.io-client/dist/socket.io.min.js node_modules/socket.io-client/dist/socket.io.min.js.map static/vendor/
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map static/vendor/
	cp node_modules/@utrecht/component-library-css/dist/index.css node_modules/@utrecht/component-library-css/dist/html.css static/vendor/utrecht/
	cp node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css static/vendor/voorbeeld-theme.css
	cp -r node_modules/@fontsource/noto-sans/400.css node_modules/@fontsource/noto-sans/700.css node_modules/@fontsource/noto-sans/files static/vendor/noto-sans/
	cp -r node_modules/@fontsource/noto-serif/700.css node_modules/@fontsource/noto-serif/files static/vendor/noto-serif/
	touch $@

# The English catalogue; Dutch is the source text and needs none.
$(MO): marketplace/translations/en/LC_MESSAGES/messages.po $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d marketplace/translations -l en

# After changing user-facing text: refresh the catalogue, then translate the new entries.
translations: setup
	$(BIN)/pybabel extract -F babel.cfg -k _l -k Text -o marketplace/translations/messages.pot .
	$(BIN)/pybabel update -i marketplace/translations/messages.pot -d marketplace/translations -l en --no-fuzzy-matching

db: setup
	$(FLASK) db upgrade
	$(FLASK) demo-data --if-empty

# The address is printed once /readyz answers (the personal-data scanner has loaded), by a small
# watcher beside gunicorn; exec makes the shell's pid gunicorn's, so the watcher ends with it.
run: db
	@echo ""
	@echo "Demo accounts:"
	@$(FLASK) demo-accounts
	@echo "A client code for the closed demo request: log in as the consultant, open the request, 'Cliëntcode maken'."
	@echo "The e-mail Zorgbod sends is written to instance/mail/ as .eml files (unless MAIL_URL is set)."
	@echo "Starting on port $(PORT); the address follows once the app is ready (about 10 s)."
	@echo ""
	@$(BIN)/python serving/ready_notice.py http://127.0.0.1:$(PORT) $$$$ \
	  "Zorgbod is ready at http://127.0.0.1:$(PORT)/  (Ctrl-C stops it; the data is kept in instance/)" & \
	  PORT=$(PORT) exec $(BIN)/gunicorn -c serving/gunicorn.conf.py wsgi:app

demo-data: setup
	$(FLASK) db upgrade
	$(FLASK) demo-data

simulate-bidders: setup
	PORT=$(PORT) $(FLASK) simulate-bidders

cluster: setup
	deploy/cluster.sh

# Real Socket.IO clients against Zorgbod and against a bare relay, both modes, three rounds each
# (~16 minutes; scale-out needs PostgreSQL on 127.0.0.1:5432 and Redis on 6379). Results in
# bench/results/. One round: BENCH_ARGS="--mode all".
bench: setup
	$(BIN)/python -m bench.run $(or $(BENCH_ARGS),--mode all --rounds 3)

# The steering figures (API, CSV, page) on a gemeente of 10,000 requests, SQLite and PostgreSQL
# (on 127.0.0.1:5432); writes bench/results/stats-latest.md. BENCH_STATS_ARGS="--backends sqlite".
bench-stats: setup
	$(BIN)/python -m bench.stats $(BENCH_STATS_ARGS)

# Two workers (pytest-xdist): much of the suite waits on real servers, sockets and clocks.
test: setup lint
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# pyflakes, import order and the obvious bugs (pyproject.toml); `ruff check --fix .` sorts imports.
lint: setup
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) node_modules static/vendor .pytest_cache $(MO)
