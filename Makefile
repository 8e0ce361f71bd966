# The two commands of the README:
#   make demo   set up, generate the demo stack into ./demo and prove it with `stackcraft check`
#   make test   set up, run the whole test suite
# Set-up (scripts/install-tools.sh) installs apt packages: it needs root, or sudo.
SHELL := /bin/bash
VENV := .venv
STACKCRAFT := $(VENV)/bin/stackcraft
export PATH := $(CURDIR)/.tools/bin:$(CURDIR)/$(VENV)/bin:$(PATH)
export GOTOOLCHAIN := local
export GOPROXY := off
export GOFLAGS := -mod=mod
# The units' package caches (uv, npm) under .cache/: one for every test and check of a run, and
# kept from run to run (a CI that restores .cache/ installs nothing twice). Set them to override.
export UV_CACHE_DIR ?= $(CURDIR)/.cache/uv
export npm_config_cache ?= $(CURDIR)/.cache/npm
PYTEST_ARGS ?=

.PHONY: setup demo test test-fast bench wheel lock clean copier-yml

setup: $(VENV)/.ready

$(VENV)/.ready: pyproject.toml scripts/install-tools.sh scripts/apt-install.sh
	scripts/install-tools.sh
	touch $@

demo: setup
	rm -rf demo
	$(STACKCRAFT) new demo --defaults -d project_name=demo-shop
	$(STACKCRAFT) check demo

test: setup
	$(VENV)/bin/python -m pytest -n 2 --durations=40 $(PYTEST_ARGS)

test-fast: setup
	$(VENV)/bin/python -m pytest -n 2 -m "not slow" $(PYTEST_ARGS)

bench: setup
	$(VENV)/bin/python benchmarks/bench_new.py

wheel: setup
	$(VENV)/bin/python -m build --wheel --outdir dist .

# Resolve the lock files the blueprint ships with each unit and each BaaS stack's Node folders
# (after changing dependencies); LOCK_ARGS=--upgrade takes the newest allowed versions,
# LOCK_ARGS="--only baas" (or units) locks one of the two.
lock: setup
	$(VENV)/bin/python scripts/lock-blueprints.py $(LOCK_ARGS)

# copier.yml's choice questions, rewritten from the capability table (generator/capabilities.py)
copier-yml:
	$(VENV)/bin/python -m generator.copier_yml

clean:
	rm -rf demo dist build .pytest_cache
