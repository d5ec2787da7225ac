# The two set-up commands of README.md. Each installs what is missing, builds, then runs.
BUILD ?= build
JOBS ?= $(shell nproc)
PREFIX ?= /usr/local
CMAKE_FLAGS ?=
CTEST_ARGS ?=

.PHONY: all bootstrap configure build test run run-cluster clean

all: build

bootstrap:
	@scripts/bootstrap

configure: bootstrap
	@cmake -S . -B $(BUILD) -G Ninja $(if $(findstring CMAKE_BUILD_TYPE,$(CMAKE_FLAGS)),,-DCMAKE_BUILD_TYPE=RelWithDebInfo) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

test: build
	@scripts/run-tests $(BUILD) $(CTEST_ARGS)

run: build
	@scripts/demo $(BUILD)

# Three chanceryd nodes on one PostgreSQL cluster (under $(BUILD)/cluster) with the demo data of
# `make run`; docs/cluster.md.
run-cluster: build
	@scripts/run-cluster $(BUILD)

clean:
	rm -rf $(BUILD) build-asan

# Installing (docs/deploy.md). `make install PREFIX=/opt/chancery` lays out bin/, share/chancery/
# (the web UI chanceryd finds without --web-root), man pages and lib/systemd/system/ under PREFIX;
# `make deb` builds $(BUILD)/chancery_<version>_<arch>.deb with CPack.
.PHONY: install deb
install: build
	@cmake --install $(BUILD) --prefix "$(PREFIX)"

deb: build
	@cpack -G DEB --config $(BUILD)/CPackConfig.cmake -B $(BUILD)

# Benchmarks (not part of `make test`); results go to docs/benchmarks.md.
.PHONY: bench bench-search bench-desk
bench: bootstrap
	@cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DCHANCERY_BUILD_BENCH=ON -DCHANCERY_BUILD_TESTS=OFF >/dev/null
	@cmake --build build-bench -j $(JOBS)
	@build-bench/bench/store_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
	@build-bench/bench/records_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true

bench-search: bootstrap
	@bench/search/run.sh

# The cable desk (issue 4 §9): releases/s with a 100-office fan-out, durable; FLASH latency with
# 100,000 ROUTINE deliveries queued. DESK_BENCH_ARGS passes flags (see bench/desk/desk_bench.cc).
bench-desk: bootstrap
	@cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DCHANCERY_BUILD_BENCH=ON -DCHANCERY_BUILD_TESTS=OFF >/dev/null
	@cmake --build build-bench -j $(JOBS) --target desk_bench
	@build-bench/bench/desk_bench $(DESK_BENCH_ARGS)

# SQLite vs PostgreSQL, one and three nodes (issue 16 "Measure"): store operations, imports/s,
# releases/s with a 100-office fan-out, searches/s, index lag p50/p99, on a throw-away durable
# PostgreSQL cluster. CLUSTER_BENCH_ARGS passes flags (see bench/cluster/cluster_bench.cc);
# results go to docs/benchmarks.md by hand.
.PHONY: bench-cluster
bench-cluster: bootstrap
	@BUILD=build-bench JOBS=$(JOBS) bench/cluster/run.sh $(CLUSTER_BENCH_ARGS)

# chanceryd under wrk (issue 5 §7): search and record pages at 64 and 1,000 connections.
# DURATION=5m for the long hold; results go to docs/benchmarks.md by hand.
.PHONY: bench-http
bench-http: bootstrap
	@bench/http/run.sh
