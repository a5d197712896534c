# Thin wrappers: every target is one command you could type yourself.

MVNW := ./mvnw

.PHONY: help test init-dev-db seed bench bench-quick golden

help:
	@echo "make test         build every module and run all tests against a real PostgreSQL"
	@echo "make init-dev-db  build the seed command, migrate the development database, load the development tenants"
	@echo "make seed         build the seed command (bin/seed runs it)"
	@echo "make bench        run the benchmarks against their baselines (about 10 minutes; BENCH_ARGS=--only purge,cli)"
	@echo "make bench-quick  the same, smaller and fewer rounds (under 2 minutes)"
	@echo "make golden       rewrite the fixtures' golden exports and fingerprints, and seed-junit's test exports, after a deliberate change"

test:
	$(MVNW) -B verify

# Builds the seed command (seed-cli/target/seed.jar), then runs it: migrate, load the
# development tenants. With no database configured and none answering at 127.0.0.1:5432,
# it starts the embedded PostgreSQL of .seed/pg first.
init-dev-db: seed
	bin/seed init-dev-db

seed:
	$(MVNW) -q -B package -DskipTests -pl seed-cli -am

# Builds seed-bench and the seed command (the CLI benchmark runs bin/seed), then runs every
# benchmark against SEED_BENCH_DATABASE_URL, else an embedded PostgreSQL; prints the table and
# writes seed-bench/target/bench-results.json.
bench:
	$(MVNW) -q -B package -DskipTests -pl seed-cli,seed-bench -am
	java -Dtenantseed.home=. -jar seed-bench/target/seed-bench.jar $(BENCH_ARGS)

bench-quick:
	$(MAKE) bench BENCH_ARGS="--quick $(BENCH_ARGS)"

golden:
	$(MVNW) -B verify -pl seed-fixtures -am -Dtest=GoldenFixturesTest -Dsurefire.failIfNoSpecifiedTests=false -Dtenantseed.golden=update
	$(MVNW) -B verify -pl seed-junit -am -Dtest=TenantFilesTest -Dsurefire.failIfNoSpecifiedTests=false -Dtenantseed.golden=update
	@git status --short -- seed-fixtures/src/test/resources/golden seed-junit/src/test/resources/tenants
