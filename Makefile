# Clearwater — the two commands: `make run` and `make test`. Everything else is a helper of theirs.
PRESET ?= release
BUILD_DIR := build/$(PRESET)
JOBS ?= $(shell nproc)
LISTEN ?= 127.0.0.1:8080
DATA ?= ./data
# Real Weibo cascades, imported on the first `make run` when this checkout sits beside them.
CED ?= ../shared/data/weibo-ced
BIN := $(BUILD_DIR)/src/app/clearwater

.PHONY: run test setup build web unit api-test browser-test format tidy clean

# Imports CED into $(DATA) unless it is there already (what was skipped goes to
# $(DATA)/import-ced.log), then serves it with the demo accounts beside it.
run: setup build
	@if [ -d "$(CED)/original-microblog" ]; then \
	  mkdir -p "$(DATA)" && \
	  $(BIN) import ced "$(CED)" --data "$(DATA)" --skip-if-imported >"$(DATA)/import-ced.log" && \
	  tail -n 1 "$(DATA)/import-ced.log"; \
	else echo "run: no $(CED); serving the demo content only"; fi
	$(BIN) serve --listen $(LISTEN) --data $(DATA) --demo

test: setup build unit api-test browser-test

setup:
	@bash tools/setup.sh

build: web
	@cmake --preset $(PRESET) $(if $(CI),-DCW_WERROR=ON,) >/dev/null
	cmake --build $(BUILD_DIR) -j$(JOBS)

unit:
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j$(JOBS)

api-test:
	cd tests/api && CLEARWATER_BIN=$(abspath $(BIN)) node --test --test-concurrency=1 *.test.mjs

# The browser UI: web/dist, served by `clearwater serve` at /. `npm ci` only when the lockfile
# changed since the last install.
web:
	cd web && if [ ! -f package-lock.json ]; then npm install --no-audit --no-fund; \
	  elif [ ! node_modules/.package-lock.json -nt package-lock.json ]; then npm ci --no-audit --no-fund; fi
	cd web && npm run build

# Browser tests: Debian's Chromium driven by playwright-core against the real server.
browser-test: web
	cd tests/browser && if [ ! node_modules/.package-lock.json -nt package-lock.json ]; then npm ci --no-audit --no-fund; fi
	cd tests/browser && CLEARWATER_BIN=$(abspath $(BIN)) CLEARWATER_WEB=$(abspath web/dist) node --test --test-concurrency=1 *.test.mjs

format:
	@bash tools/format.sh

tidy:
	@bash tools/tidy.sh $(BUILD_DIR)

clean:
	rm -rf build
