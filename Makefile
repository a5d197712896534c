# Thin wrappers: every target is one command you could type yourself.

MVNW := ./mvnw

.PHONY: help test init-dev-db bench golden

help:
	@echo "make test         build every module and run all tests against a real PostgreSQL"
	@echo "make init-dev-db  migrate the development database and load the development tenants"
	@echo "make bench        run the benchmarks against their baselines"
	@echo "make golden       rewrite the fixtures' golden exports and fingerprints after a deliberate change"

test:
	$(MVNW) -B verify

init-dev-db:
	@echo "make init-dev-db: not yet available: it needs the seed command (seed-cli), which is not built yet." >&2
	@exit 2

bench:
	@echo "make bench: not yet available: seed-bench has no benchmarks yet (see seed-bench/README.md)." >&2
	@exit 2

golden:
	$(MVNW) -B verify -pl seed-fixtures -am -Dtest=GoldenFixturesTest -Dsurefire.failIfNoSpecifiedTests=false -Dtenantseed.golden=update
	@git status --short -- seed-fixtures/src/test/resources/golden
