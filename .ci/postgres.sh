# Sourced by .ci/run: installs PostgreSQL from Debian's packages when missing, starts it, and creates the
# test role and database. Exports PIMS_TEST_POSTGRES_URL, which the server tests run against as a second store.
pims_start_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
  fi
  local version cluster
  version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
  cluster=main
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$version $cluster"; then
    pg_createcluster "$version" "$cluster" >/dev/null
  fi
  pg_ctlcluster "$version" "$cluster" start 2>/dev/null || true
  for _ in $(seq 1 30); do
    su postgres -c "pg_isready -q" && break
    sleep 1
  done
  su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='pims'\"" | grep -q 1 \
    || su postgres -c "psql -qc \"CREATE ROLE pims LOGIN PASSWORD 'pims' CREATEDB\""
  su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='pims_test'\"" | grep -q 1 \
    || su postgres -c "createdb -O pims pims_test"
  export PIMS_TEST_POSTGRES_URL="jdbc:postgresql://localhost:5432/pims_test?user=pims&password=pims"
  echo "ci: PostgreSQL $version running; PIMS_TEST_POSTGRES_URL set"
}
