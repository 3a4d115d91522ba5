# zhijia — the verbs: deps, build, run, test, bench (see README.md).
SHELL := /bin/bash
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
DB ?= var/demo.db
LISTEN ?= 127.0.0.1:8080
BENCH ?=

WEB_SRC := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/package.json web/vite.config.js

.PHONY: tidy deps build cpp web run test bench clean format

deps:
	@bash scripts/deps.sh

$(BUILD_DIR)/Makefile: CMakeLists.txt
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release

cpp: $(BUILD_DIR)/Makefile
	cmake --build $(BUILD_DIR) -j$(JOBS)

web/dist/index.html: $(WEB_SRC)
	cd web && npm run build

web: web/dist/index.html

build: deps cpp web

run: build
	@bash scripts/run.sh "$(DB)" "$(LISTEN)"

test: build
	@bash scripts/test.sh

bench: build
	@bash scripts/bench.sh $(BENCH)

tidy: cpp
	bash scripts/tidy.sh

format:
	clang-format -i $$(git ls-files 'src/*.h' 'src/*.cpp' 'tests/*.cpp' 'bench/*.cpp')

clean:
	rm -rf $(BUILD_DIR) web/dist
