# Thin wrapper over CMake presets. `make run` and `make test` install what is missing first.
.PHONY: all deps test-deps build release test run bench fuzz clean format

JOBS ?= $(shell nproc)

all: build

deps:
	@bash scripts/install-deps.sh

test-deps:
	@bash scripts/install-deps.sh --test

build: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)

release: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS) --target mailflow

# Unit, integration and e2e tests under ASan + UBSan, then a bounded fuzz run.
test: test-deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	@ctest --preset asan -j $(JOBS)
	@if [ -f fuzz/CMakeLists.txt ]; then bash scripts/fuzz.sh; fi

run: release
	@bash scripts/dev-run.sh

bench:
	@bash scripts/install-deps.sh --bench
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)
	@bash bench/run.sh

fuzz:
	@bash scripts/fuzz.sh

format:
	@clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf build
