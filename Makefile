# Zorgbod: `make run` serves the app with demo data; `make test` runs the whole suite.
# Both start from a fresh clone: they create the virtualenv and install what they need.
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
FLASK  := $(BIN)/flask --app wsgi
PYTHON ?= python3

.PHONY: setup run test db demo-data simulate-bidders cluster bench clean

setup: $(VENV)/.installed node_modules/.installed static/vendor/socket.io.min.js

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/vendor/socket.io.min.js: node_modules/.installed
	mkdir -p static/vendor
	cp node_modules/socket.io-client/dist/socket.io.min.js node_modules/socket.io-client/dist/socket.io.min.js.map static/vendor/

db: setup
	$(FLASK) db upgrade
	$(FLASK) demo-data --if-empty

run: db
	@echo ""
	@echo "Zorgbod runs at http://127.0.0.1:$(PORT)/  (Ctrl-C stops it; the data is kept in instance/)"
	@echo "Demo accounts:"
	@$(FLASK) demo-accounts
	@echo "A client code for the closed demo request: log in as the consultant, open the request, 'Cliëntcode maken'."
	@echo ""
	PORT=$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

demo-data: setup
	$(FLASK) db upgrade
	$(FLASK) demo-data

simulate-bidders: setup
	PORT=$(PORT) $(FLASK) simulate-bidders

cluster: setup
	deploy/cluster.sh

# Real Socket.IO clients against Zorgbod and against a bare relay, both modes (~6 minutes;
# scale-out needs PostgreSQL on 127.0.0.1:5432 and Redis on 6379). Results in bench/results/.
bench: setup
	$(BIN)/python -m bench.run $(or $(BENCH_ARGS),--mode all)

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules static/vendor .pytest_cache
