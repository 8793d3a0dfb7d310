#!/usr/bin/env bash
# Installs (Debian/Ubuntu, as root) and starts what the integration tests need when it is
# absent: PostgreSQL, MariaDB, Prometheus (with promtool) and Chromium (the live page's
# browser test drives it headless). Idempotent, and needs no
# systemd. Creates the test logins the tests use over TCP 127.0.0.1:
#   PostgreSQL  user jdbcmetrics / jdbcmetrics, database jdbcmetrics (owner)
#   MariaDB     user jdbcmetrics@localhost and @127.0.0.1 / jdbcmetrics, database jdbcmetrics
# Prometheus is only installed, never started: each test starts its own on a free port.
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBIAN_FRONTEND=noninteractive
DB_CTL=scripts/db-ctl.sh
TEST_USER=jdbcmetrics
TEST_PASSWORD=jdbcmetrics
TEST_DB=jdbcmetrics

say() { echo "setup-test-env: $*"; }
die() { echo "setup-test-env: ERROR: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root: sudo $0"
command -v apt-get >/dev/null || die "apt-get not found: this script provisions Debian/Ubuntu only; \
otherwise set JDBC_METRICS_IT_POSTGRES_URL / JDBC_METRICS_IT_MYSQL_URL (see DESIGN.md)"

APT_UPDATED=no
apt_install() {
    if [ "$APT_UPDATED" = no ]; then
        say "apt-get update"
        apt-get update -qq
        APT_UPDATED=yes
    fi
    say "installing $*"
    # A policy-rc.d that says "no" keeps package scripts from starting daemons: we start the
    # databases ourselves below, and Prometheus must not run as a service at all.
    local own_policy=no
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod +x /usr/sbin/policy-rc.d
        own_policy=yes
    fi
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
    if [ "$own_policy" = yes ]; then rm -f /usr/sbin/policy-rc.d; fi
}

# --- PostgreSQL ---------------------------------------------------------------------------

if ! command -v psql >/dev/null || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    apt_install postgresql postgresql-client
else
    say "postgresql already installed ($(psql --version))"
fi

PG_VER=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters --no-header | awk '{print $1, $2}' | grep -x "$PG_VER main" >/dev/null; then
    say "creating PostgreSQL $PG_VER cluster 'main'"
    pg_createcluster "$PG_VER" main --port 5432 >/dev/null
fi
bash "$DB_CTL" postgres start

pg_sql() {
    runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -At -d postgres "$@"
}

say "postgres: ensuring role and database $TEST_DB"
pg_sql <<SQL
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$TEST_USER') THEN
        CREATE ROLE $TEST_USER LOGIN;
    END IF;
END
\$\$;
-- Always (re)set: a password changed by hand would otherwise break the tests silently.
ALTER ROLE $TEST_USER WITH LOGIN PASSWORD '$TEST_PASSWORD';
SQL
if [ "$(pg_sql -c "SELECT count(*) FROM pg_database WHERE datname = '$TEST_DB'")" = 0 ]; then
    pg_sql -c "CREATE DATABASE $TEST_DB OWNER $TEST_USER"
fi

# Password logins over loopback for our user, ahead of any other rule (first match wins),
# without changing how anybody else logs in.
PG_HBA=$(pg_sql -c 'SHOW hba_file')
HBA_MARK="# jdbc-metrics integration tests"
if ! grep -qF "$HBA_MARK" "$PG_HBA"; then
    say "postgres: allowing password login for $TEST_USER on 127.0.0.1 in $PG_HBA"
    tmp=$(mktemp)
    {
        echo "$HBA_MARK"
        echo "host    $TEST_DB    $TEST_USER    127.0.0.1/32    scram-sha-256"
        echo "host    $TEST_DB    $TEST_USER    ::1/128         scram-sha-256"
        cat "$PG_HBA"
    } > "$tmp"
    cat "$tmp" > "$PG_HBA"   # keeps the file's owner and mode
    rm -f "$tmp"
    pg_sql -c 'SELECT pg_reload_conf()' >/dev/null
fi

PGPASSWORD=$TEST_PASSWORD psql -X -q -h 127.0.0.1 -p 5432 -U "$TEST_USER" -d "$TEST_DB" -At -c 'SELECT 1' >/dev/null \
    || die "postgres: password login as $TEST_USER over 127.0.0.1 failed (see $PG_HBA)"
say "postgres: login $TEST_USER@127.0.0.1:5432/$TEST_DB works"

# --- MariaDB ------------------------------------------------------------------------------

if [ ! -x /usr/sbin/mariadbd ] || ! command -v mariadb >/dev/null; then
    apt_install mariadb-server mariadb-client
else
    say "mariadb already installed ($(mariadb --version))"
fi

MARIADB_DATADIR=$(my_print_defaults --mysqld 2>/dev/null | sed -n 's/^--datadir=//p' | tail -n 1)
MARIADB_DATADIR=${MARIADB_DATADIR:-/var/lib/mysql}
if [ ! -d "$MARIADB_DATADIR/mysql" ]; then
    say "initialising MariaDB data directory $MARIADB_DATADIR"
    install -d -o mysql -g mysql -m 0750 "$MARIADB_DATADIR"
    mariadb-install-db --user=mysql --datadir="$MARIADB_DATADIR" --skip-test-db >/dev/null
fi
bash "$DB_CTL" mariadb start

say "mariadb: ensuring users and database $TEST_DB"
# As root over the socket (unix_socket or empty-password root, as Debian sets it up).
mariadb --protocol=socket -u root <<SQL
CREATE DATABASE IF NOT EXISTS $TEST_DB;
CREATE USER IF NOT EXISTS '$TEST_USER'@'localhost' IDENTIFIED BY '$TEST_PASSWORD';
CREATE USER IF NOT EXISTS '$TEST_USER'@'127.0.0.1' IDENTIFIED BY '$TEST_PASSWORD';
ALTER USER '$TEST_USER'@'localhost' IDENTIFIED BY '$TEST_PASSWORD';
ALTER USER '$TEST_USER'@'127.0.0.1' IDENTIFIED BY '$TEST_PASSWORD';
GRANT ALL PRIVILEGES ON $TEST_DB.* TO '$TEST_USER'@'localhost';
GRANT ALL PRIVILEGES ON $TEST_DB.* TO '$TEST_USER'@'127.0.0.1';
-- PROCESS: SHOW PROCESSLIST sees every session (KILL of one's own needs nothing more).
GRANT PROCESS ON *.* TO '$TEST_USER'@'localhost';
GRANT PROCESS ON *.* TO '$TEST_USER'@'127.0.0.1';
SQL

mariadb --protocol=tcp -h 127.0.0.1 -P 3306 -u "$TEST_USER" -p"$TEST_PASSWORD" "$TEST_DB" -e 'SELECT 1' >/dev/null \
    || die "mariadb: password login as $TEST_USER over 127.0.0.1 failed"
say "mariadb: login $TEST_USER@127.0.0.1:3306/$TEST_DB works"

# --- Prometheus ---------------------------------------------------------------------------

if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
    apt_install prometheus
else
    say "prometheus already installed"
fi
command -v prometheus >/dev/null && command -v promtool >/dev/null \
    || die "prometheus/promtool still not on PATH after installing the 'prometheus' package"
say "prometheus: $(prometheus --version 2>&1 | sed -n 1p)"

# curl: scripts/fleet.sh reads the Prometheus servers' own /metrics and readiness with it.
if ! command -v curl >/dev/null; then
    apt_install curl
fi

# --- Chromium (headless, for the live page's browser test) --------------------------------

if ! command -v chromium >/dev/null; then
    apt_install chromium
else
    say "chromium already installed"
fi
command -v chromium >/dev/null || die "chromium still not on PATH after installing the 'chromium' package"
say "chromium: $(chromium --version 2>/dev/null | sed -n 1p)"
say "done"
