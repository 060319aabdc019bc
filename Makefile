# Clearwater — the two commands: `make run` and `make test`. Everything else is a helper of theirs.
PRESET ?= release
BUILD_DIR := build/$(PRESET)
JOBS ?= $(shell nproc)
LISTEN ?= 127.0.0.1:8080
DATA ?= ./data
BIN := $(BUILD_DIR)/src/app/clearwater

.PHONY: run test setup build unit api-test format tidy clean

run: setup build
	$(BIN) serve --listen $(LISTEN) --data $(DATA) --demo

test: setup build unit api-test

setup:
	@bash tools/setup.sh

build:
	@cmake --preset $(PRESET) $(if $(CI),-DCW_WERROR=ON,) >/dev/null
	cmake --build $(BUILD_DIR) -j$(JOBS)

unit:
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j$(JOBS)

api-test:
	cd tests/api && CLEARWATER_BIN=$(abspath $(BIN)) node --test --test-concurrency=1 *.test.mjs

format:
	@bash tools/format.sh

tidy:
	@bash tools/tidy.sh $(BUILD_DIR)

clean:
	rm -rf build
