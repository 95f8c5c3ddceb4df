# zhifa — the two commands:
#   make demo   set up, build, and start the server with demo data on SQLite
#   make test   set up, build, and run every test on SQLite and PostgreSQL, plus the browser test
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: demo test build setup setup-test clean bench

setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup.sh --test

# `make demo` builds only the server (the test binaries are built by `make test`): the first
# build on 2 cores takes about 7 minutes, later ones seconds (ccache).
build: setup
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	@test -x $(BUILD)/zhifa || echo "zhifa: first build of the server — about 7 minutes on 2 cores; later builds take seconds"
	@cmake --build $(BUILD) -j $(JOBS) --target zhifa

demo: build
	@$(BUILD)/zhifa serve --demo --data-dir ./data-demo --listen $${ZHIFA_LISTEN:-127.0.0.1:8080}

test: setup-test
	@scripts/test.sh

bench: build
	@bench/run.sh

clean:
	rm -rf $(BUILD)
