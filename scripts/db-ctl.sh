#!/usr/bin/env bash
# Stops, starts or reports the local test databases without systemd (containers and CI have
# none). Idempotent; "stop" and "start" return only once the server is really down / up.
#
#   scripts/db-ctl.sh {postgres|mariadb} {stop|start|status}
#
# status exits 0 when the server answers on 127.0.0.1, 3 when it does not (LSB convention).
# stop and start need root (they run the servers as their own system users).
set -euo pipefail

PG_PORT=5432
MARIADB_PORT=3306
MARIADB_BIN=/usr/sbin/mariadbd
MARIADB_SOCKET=/run/mysqld/mysqld.sock
WAIT_SECONDS=${DB_CTL_WAIT_SECONDS:-60}

say() { echo "db-ctl: $*"; }
die() { echo "db-ctl: ERROR: $*" >&2; exit 1; }

usage() {
    echo "usage: $0 {postgres|mariadb} {stop|start|status}" >&2
    exit 2
}

need_root() {
    [ "$(id -u)" -eq 0 ] || die "'$1' needs root: run 'sudo $0 $1'"
}

# --- PostgreSQL ---------------------------------------------------------------------------

# The newest installed server version that has a cluster named "main".
pg_version() {
    command -v pg_lsclusters >/dev/null || die "PostgreSQL is not installed: run 'sudo scripts/setup-test-env.sh'"
    local ver
    ver=$(pg_lsclusters --no-header 2>/dev/null | awk '$2 == "main" {print $1}' | sort -V | tail -n 1)
    [ -n "$ver" ] || die "no PostgreSQL cluster 'main' exists: run 'sudo scripts/setup-test-env.sh'"
    echo "$ver"
}

pg_up() {
    pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -t 2
}

pg_start() {
    if pg_up; then say "postgres already up"; return 0; fi
    need_root start
    local ver
    ver=$(pg_version)
    # pg_ctlcluster exits non-zero when the cluster already runs (e.g. still starting up).
    if ! pg_ctlcluster "$ver" main status >/dev/null 2>&1; then
        pg_ctlcluster --skip-systemctl-redirect "$ver" main start
    fi
    wait_for "postgres to accept connections on 127.0.0.1:$PG_PORT" pg_up
    say "postgres up"
}

pg_stop() {
    if ! pg_up && ! pg_ctlcluster "$(pg_version)" main status >/dev/null 2>&1; then
        say "postgres already down"; return 0
    fi
    need_root stop
    local ver
    ver=$(pg_version)
    # "fast" aborts open sessions at once, which is what a database outage looks like.
    pg_ctlcluster --skip-systemctl-redirect "$ver" main stop -m fast || true
    wait_for "postgres to stop" pg_down
    say "postgres down"
}

pg_down() {
    ! pg_up && ! pg_ctlcluster "$(pg_version)" main status >/dev/null 2>&1
}

# --- MariaDB ------------------------------------------------------------------------------

mariadb_up() {
    # ping succeeds whenever the server answers, even when it refuses the (absent) login.
    mariadb-admin --protocol=tcp -h 127.0.0.1 -P "$MARIADB_PORT" --connect-timeout=2 ping >/dev/null 2>&1
}

mariadb_running() {
    start-stop-daemon --status --exec "$MARIADB_BIN"
}

mariadb_start() {
    if mariadb_up; then say "mariadb already up"; return 0; fi
    need_root start
    [ -x "$MARIADB_BIN" ] || die "$MARIADB_BIN not found: run 'sudo scripts/setup-test-env.sh'"
    install -d -o mysql -g mysql -m 0755 "$(dirname "$MARIADB_SOCKET")"
    # --background closes our stdout/stderr in the daemon, so callers reading our output
    # (the tests) do not wait for the server to exit. --user because it starts as root.
    start-stop-daemon --start --oknodo --background --exec "$MARIADB_BIN" -- --user=mysql
    wait_for "mariadb to accept connections on 127.0.0.1:$MARIADB_PORT" mariadb_up
    say "mariadb up"
}

mariadb_stop() {
    if ! mariadb_running && ! mariadb_up; then say "mariadb already down"; return 0; fi
    need_root stop
    start-stop-daemon --stop --oknodo --exec "$MARIADB_BIN" --retry "TERM/$WAIT_SECONDS/KILL/5" >/dev/null
    wait_for "mariadb to stop" mariadb_down
    say "mariadb down"
}

mariadb_down() {
    ! mariadb_running && ! mariadb_up
}

# --- common -------------------------------------------------------------------------------

# wait_for DESCRIPTION COMMAND...: retries COMMAND every half second, bounded.
wait_for() {
    local what=$1; shift
    local tries=$((WAIT_SECONDS * 2))
    while ! "$@"; do
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || die "timed out after ${WAIT_SECONDS}s waiting for $what"
        sleep 0.5
    done
}

[ $# -eq 2 ] || usage
case "$1:$2" in
    postgres:start)  pg_start ;;
    postgres:stop)   pg_stop ;;
    postgres:status) if pg_up; then say "postgres up"; else say "postgres down"; exit 3; fi ;;
    mariadb:start)   mariadb_start ;;
    mariadb:stop)    mariadb_stop ;;
    mariadb:status)  if mariadb_up; then say "mariadb up"; else say "mariadb down"; exit 3; fi ;;
    *) usage ;;
esac
