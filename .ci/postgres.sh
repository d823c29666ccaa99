# Sourced by .ci/run: a throwaway PostgreSQL cluster for the database tests
# (tests/db_*.rs), run by an unprivileged user in a temporary directory,
# listening on a Unix socket there and on a loopback port, with password
# authentication and TLS (a self-signed certificate) so that the tests can
# try both. Exports REWIND_TEST_PG_URL; stopped and removed on exit.
# Also installs libssl-dev, which the PostgreSQL driver's TLS links with.

echo "== installing PostgreSQL and libssl-dev"
apt-get install -y -qq postgresql libssl-dev pkg-config openssl >/dev/null
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PG_USER=rewindci
id "$PG_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER"
PG_DIR=$(mktemp -d /tmp/rewind-pg.XXXXXX)
chown "$PG_USER" "$PG_DIR"
PG_PORT=$(( 20000 + RANDOM % 20000 ))
PG_PASSWORD="ci-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
as_pg() { runuser -u "$PG_USER" -- "$@"; }
as_pg sh -c "printf '%s\n' '$PG_PASSWORD' > '$PG_DIR/pw'"
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U rewind --pwfile="$PG_DIR/pw" \
  --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 >/dev/null
as_pg openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
  -keyout "$PG_DIR/data/server.key" -out "$PG_DIR/data/server.crt" 2>/dev/null
chmod 600 "$PG_DIR/data/server.key"
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w start -o \
  "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_DIR -c ssl=on -c max_connections=200 -c fsync=off" >/dev/null
stop_postgres() {
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap stop_postgres EXIT
export REWIND_TEST_PG_URL="postgres://rewind:$PG_PASSWORD@127.0.0.1:$PG_PORT/postgres"
PGPASSWORD=$PG_PASSWORD "$PG_BIN/psql" -qAt -h 127.0.0.1 -p "$PG_PORT" -U rewind -d postgres -c 'select version()'
