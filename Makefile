# Makefile - the two commands of the README, and a few helpers.
#
#   make run    install what is missing, build, migrate, seed demo data, serve
#   make test   install what the tests need, build (also with sanitizers), run
#               every suite and print "N passed, M failed"

DB ?= sqlite:var/tuki.db
LISTEN ?= 127.0.0.1:8080

.PHONY: all deps build build-asan run test unit clean po

all: build

deps:
	scripts/install-deps.sh

build: deps
	@[ -d build ] || meson setup build
	ninja -C build

build-asan:
	@[ -d build-asan ] || CC=clang meson setup build-asan -Dasan=true -Dbuildtype=debug
	ninja -C build-asan

run: build
	mkdir -p var
	build/tuki migrate --db $(DB)
	build/tuki demo --db $(DB)
	build/tuki serve --db $(DB) --listen $(LISTEN) --test-payments

test:
	scripts/install-deps.sh --test
	@[ -d build ] || meson setup build
	ninja -C build
	$(MAKE) build-asan
	scripts/run-tests.sh

unit: build-asan
	meson test -C build-asan --print-errorlogs

po:
	scripts/po-update.sh

clean:
	rm -rf build build-asan
