# Thin wrappers: every target is one command you could type yourself.

MVNW := ./mvnw

.PHONY: help test init-dev-db seed bench golden

help:
	@echo "make test         build every module and run all tests against a real PostgreSQL"
	@echo "make init-dev-db  build the seed command, migrate the development database, load the development tenants"
	@echo "make seed         build the seed command (bin/seed runs it)"
	@echo "make bench        run the benchmarks against their baselines"
	@echo "make golden       rewrite the fixtures' golden exports and fingerprints after a deliberate change"

test:
	$(MVNW) -B verify

# Builds the seed command (seed-cli/target/seed.jar), then runs it: migrate, load the
# development tenants. With no database configured and none answering at 127.0.0.1:5432,
# it starts the embedded PostgreSQL of .seed/pg first.
init-dev-db: seed
	bin/seed init-dev-db

seed:
	$(MVNW) -q -B package -DskipTests -pl seed-cli -am

bench:
	@echo "make bench: not yet available: seed-bench has no benchmarks yet (see seed-bench/README.md)." >&2
	@exit 2

golden:
	$(MVNW) -B verify -pl seed-fixtures -am -Dtest=GoldenFixturesTest -Dsurefire.failIfNoSpecifiedTests=false -Dtenantseed.golden=update
	@git status --short -- seed-fixtures/src/test/resources/golden
