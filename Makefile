# The two set-up commands of README.md. Each installs what is missing, builds, then runs.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
CTEST_ARGS ?=

.PHONY: all bootstrap configure build test run clean

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

clean:
	rm -rf $(BUILD) build-asan
