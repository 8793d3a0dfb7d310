#!/usr/bin/env bash
# Dedicated database servers for the fault tests, which stop and start them mid-run. They are
# separate from the shared test servers (5432/3306), so other tests never see the outage.
#
#   scripts/fault-db.sh {postgres|mariadb} {start|stop|kill|status}
#
#   postgres  127.0.0.1:5433, user postgres, trust auth, database postgres
#   mariadb   127.0.0.1:3307, user faults / faults, database faults
#
# Data lives under $FAULT_DB_DIR (default /var/tmp/jdbc-metrics-faults) and is created on the
# first start (needs the server binaries: sudo scripts/setup-test-env.sh). Idempotent; "start"
# and "stop" return only once the server accepts connections / is gone. "kill" is a crash: the
# server dies at once without telling its clients (PostgreSQL immediate shutdown, SIGKILL for
# MariaDB). status exits 0 when the
# server answers, 3 when it does not. start and stop need root (the servers run as their own
# system users).
set -euo pipefail

BASE=${FAULT_DB_DIR:-/var/tmp/jdbc-metrics-faults}
PG_PORT=5433
MARIADB_PORT=3307
WAIT_SECONDS=${FAULT_DB_WAIT_SECONDS:-60}

say() { echo "fault-db: $*"; }
die() { echo "fault-db: ERROR: $*" >&2; exit 1; }

usage() {
    echo "usage: $0 {postgres|mariadb} {start|stop|kill|status}" >&2
    exit 2
}

need_root() {
    [ "$(id -u)" -eq 0 ] || die "'$1' needs root: run 'sudo $0 $1'"
}

# wait_for DESCRIPTION COMMAND...: retries COMMAND every 0.2 s, bounded.
wait_for() {
    local what=$1; shift
    local tries=$((WAIT_SECONDS * 5))
    while ! "$@"; do
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || die "timed out after ${WAIT_SECONDS}s waiting for $what"
        sleep 0.2
    done
}

# --- PostgreSQL ---------------------------------------------------------------------------

PG_DATA=$BASE/postgres

pg_bin() {
    local ver
    ver=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)
    [ -n "$ver" ] && [ -x "/usr/lib/postgresql/$ver/bin/pg_ctl" ] \
        || die "PostgreSQL server binaries not found under /usr/lib/postgresql: run 'sudo scripts/setup-test-env.sh'"
    echo "/usr/lib/postgresql/$ver/bin"
}

pg_up() {
    pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -t 1
}

pg_as_postgres() {
    runuser -u postgres -- "$@"
}

pg_start() {
    if pg_up; then say "postgres already up on $PG_PORT"; return 0; fi
    need_root start
    local bin
    bin=$(pg_bin)
    install -d -m 0755 "$BASE"
    if [ ! -f "$PG_DATA/PG_VERSION" ]; then
        say "creating PostgreSQL data directory $PG_DATA"
        rm -rf "$PG_DATA"
        install -d -o postgres -g postgres -m 0700 "$PG_DATA"
        pg_as_postgres "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust --no-sync >/dev/null
    fi
    # A server killed hard leaves a stale pid file; pg_ctl handles it, but not a running one.
    if ! pg_as_postgres "$bin/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
        pg_as_postgres "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t "$WAIT_SECONDS" \
            -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_DATA -c fsync=off -c max_connections=50" \
            start >/dev/null
    fi
    wait_for "postgres to accept connections on 127.0.0.1:$PG_PORT" pg_up
    say "postgres up on $PG_PORT"
}

pg_stop() {
    local mode=${1:-fast}
    local bin
    bin=$(pg_bin)
    if [ ! -f "$PG_DATA/PG_VERSION" ] || ! pg_as_postgres "$bin/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
        say "postgres already down on $PG_PORT"; return 0
    fi
    need_root stop
    # "fast" aborts open sessions at once, which is what a database outage looks like;
    # "immediate" kills every server process without a word to the clients, like a crash.
    pg_as_postgres "$bin/pg_ctl" -D "$PG_DATA" -m "$mode" -w -t "$WAIT_SECONDS" stop >/dev/null
    wait_for "postgres to stop" pg_down
    say "postgres down on $PG_PORT"
}

pg_down() {
    ! pg_up
}

# --- MariaDB ------------------------------------------------------------------------------

MARIADB_DATA=$BASE/mariadb
MARIADB_RUN=$BASE/mariadb-run
MARIADB_SOCKET=$MARIADB_RUN/mysqld.sock
MARIADB_PID=$MARIADB_RUN/mariadbd.pid

mariadb_up() {
    # ping succeeds whenever the server answers, even when it refuses the login; before the
    # faults user exists the server refuses the host itself, so also try root over the socket.
    mariadb-admin --no-defaults --protocol=tcp -h 127.0.0.1 -P "$MARIADB_PORT" -u faults --connect-timeout=1 \
        ping >/dev/null 2>&1 \
        || mariadb-admin --no-defaults --protocol=socket --socket="$MARIADB_SOCKET" -u root --connect-timeout=1 \
        ping >/dev/null 2>&1
}

mariadb_pid() {
    [ -f "$MARIADB_PID" ] && cat "$MARIADB_PID"
}

mariadb_running() {
    local pid
    pid=$(mariadb_pid) || return 1
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

mariadb_start() {
    if mariadb_up; then say "mariadb already up on $MARIADB_PORT"; return 0; fi
    need_root start
    command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] \
        || die "mariadbd not found: run 'sudo scripts/setup-test-env.sh'"
    install -d -m 0755 "$BASE"
    install -d -o mysql -g mysql -m 0755 "$MARIADB_RUN"
    local fresh=no
    if [ ! -d "$MARIADB_DATA/mysql" ]; then
        say "creating MariaDB data directory $MARIADB_DATA"
        rm -rf "$MARIADB_DATA"
        install -d -o mysql -g mysql -m 0750 "$MARIADB_DATA"
        mariadb-install-db --no-defaults --user=mysql --datadir="$MARIADB_DATA" --skip-test-db \
            --auth-root-authentication-method=socket >/dev/null
        fresh=yes
    fi
    if ! mariadb_running; then
        # --no-defaults: nothing of the shared server's /etc/mysql configuration applies here.
        # setsid and no inherited output: the server must outlive this script and hold no pipe.
        setsid /usr/sbin/mariadbd --no-defaults --user=mysql --datadir="$MARIADB_DATA" \
            --port="$MARIADB_PORT" --bind-address=127.0.0.1 --socket="$MARIADB_SOCKET" \
            --pid-file="$MARIADB_PID" --log-error="$MARIADB_RUN/error.log" \
            --skip-name-resolve --innodb-flush-log-at-trx-commit=0 --max-connections=100 \
            </dev/null >/dev/null 2>&1 &
    fi
    wait_for "mariadb to accept connections on 127.0.0.1:$MARIADB_PORT" mariadb_up
    if [ "$fresh" = yes ] || ! mariadb_has_user; then
        mariadb --no-defaults --protocol=socket --socket="$MARIADB_SOCKET" -u root <<'SQL'
CREATE DATABASE IF NOT EXISTS faults;
CREATE USER IF NOT EXISTS 'faults'@'127.0.0.1' IDENTIFIED BY 'faults';
ALTER USER 'faults'@'127.0.0.1' IDENTIFIED BY 'faults';
GRANT ALL PRIVILEGES ON faults.* TO 'faults'@'127.0.0.1';
SQL
    fi
    say "mariadb up on $MARIADB_PORT"
}

mariadb_has_user() {
    mariadb --no-defaults --protocol=tcp -h 127.0.0.1 -P "$MARIADB_PORT" -u faults -pfaults faults \
        -e 'SELECT 1' >/dev/null 2>&1
}

mariadb_stop() {
    local signal=${1:-TERM}
    if ! mariadb_running && ! mariadb_up; then say "mariadb already down on $MARIADB_PORT"; return 0; fi
    need_root stop
    local pid
    pid=$(mariadb_pid) || die "mariadb answers on $MARIADB_PORT but $MARIADB_PID is missing: not ours to stop"
    # TERM is a normal shutdown: open sessions are cut, as in an outage. KILL is a crash.
    kill -"$signal" "$pid" 2>/dev/null || true
    wait_for "mariadb to stop" mariadb_down
    say "mariadb down on $MARIADB_PORT"
}

mariadb_down() {
    ! mariadb_running && ! mariadb_up
}

[ $# -eq 2 ] || usage
case "$1:$2" in
    postgres:start)  pg_start ;;
    postgres:stop)   pg_stop fast ;;
    postgres:kill)   pg_stop immediate ;;
    postgres:status) if pg_up; then say "postgres up on $PG_PORT"; else say "postgres down on $PG_PORT"; exit 3; fi ;;
    mariadb:start)   mariadb_start ;;
    mariadb:stop)    mariadb_stop TERM ;;
    mariadb:kill)    mariadb_stop KILL ;;
    mariadb:status)  if mariadb_up; then say "mariadb up on $MARIADB_PORT"; else say "mariadb down on $MARIADB_PORT"; exit 3; fi ;;
    *) usage ;;
esac
