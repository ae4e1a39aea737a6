#!/usr/bin/env bash
# scripts/pg-throwaway.sh CMD [ARGS...] - run CMD next to a throw-away PostgreSQL cluster.
#
# Starts a private cluster (initdb -A trust, superuser "postgres", UTF8, fsync off) in a fresh
# /tmp/bcpg.XXXXXX dir (its data in /dev/shm when that tmpfs is writable), listening on no TCP
# address, only on a Unix socket in that dir (so its port cannot clash with anything); exports its
# admin URL as
#   BRANCH_CONSOLE_TEST_PG=postgresql+psycopg://postgres@/postgres?host=<dir>&port=<port>
# runs CMD, then stops the cluster and deletes the dir (also on failure or Ctrl-C), and exits
# with CMD's exit code. As root the server runs as the "postgres" user (PostgreSQL refuses root).
#
# No initdb (looked up via pg_config --bindir, PATH, /usr/lib/postgresql/*/bin): as root on
# Debian/Ubuntu, apt-installs postgresql; otherwise fails under CI=true, else warns and runs CMD
# without BRANCH_CONSOLE_TEST_PG (the PostgreSQL tests then skip).
set -euo pipefail

BC_NAME=${BC_NAME:-pg-throwaway}
# shellcheck source=scripts/bootstrap.sh
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

[[ $# -ge 1 ]] || { sed -n '2p' "$0" | sed 's/^# //' >&2; exit 2; }

pg_bindir() {  # print the directory holding initdb, pg_ctl and pg_isready
  local d
  if command -v pg_config >/dev/null 2>&1; then
    d=$(pg_config --bindir 2>/dev/null || true)
    [[ -n $d && -x $d/initdb && -x $d/pg_ctl ]] && { echo "$d"; return 0; }
  fi
  if command -v initdb >/dev/null 2>&1; then
    d=$(dirname "$(readlink -f "$(command -v initdb)")")
    [[ -x $d/pg_ctl ]] && { echo "$d"; return 0; }
  fi
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [[ -x $d/initdb && -x $d/pg_ctl ]] && { echo "$d"; return 0; }
  done
  return 1
}

BIN=$(pg_bindir || true)
if [[ -z $BIN ]] && bc_can_apt; then
  bc_say "initdb not found; installing postgresql (apt) …"
  bc_apt_install postgresql
  BIN=$(pg_bindir || true)
fi
if [[ -z $BIN ]]; then
  msg="PostgreSQL's initdb not found, so no throw-away PostgreSQL: install the server
  (Debian/Ubuntu: apt-get install postgresql; it need not run as a service)"
  if [[ ${CI:-} == true ]]; then bc_die "$msg; CI=true requires the PostgreSQL tests to run"; fi
  bc_warn "$msg; the PostgreSQL tests will be skipped"
  unset BRANCH_CONSOLE_TEST_PG
  exec "$@"
fi

# As root, run every server-side command as an unprivileged user, from a directory it can read.
AS=()
if bc_is_root; then
  PGUSER_OS=postgres
  id -u postgres >/dev/null 2>&1 || PGUSER_OS=nobody
  if command -v runuser >/dev/null 2>&1; then AS=(runuser -u "$PGUSER_OS" --)
  else AS=(setpriv --reuid="$PGUSER_OS" --regid="$(id -g "$PGUSER_OS")" --init-groups); fi
fi
as_pg() { (cd / && "${AS[@]}" "$@"); }

DIR=$(mktemp -d /tmp/bcpg.XXXXXX)   # short: the socket path must stay under ~107 characters
# The data directory in memory when there is a writable tmpfs (/dev/shm): a test's database is a
# copy of a migrated template (CREATE DATABASE … TEMPLATE), ~30 ms there against ~0.4 s on disk.
DATADIR=$DIR
if [[ -d /dev/shm && -w /dev/shm ]] && DATADIR=$(mktemp -d /dev/shm/bcpg.XXXXXX 2>/dev/null); then :; else DATADIR=$DIR; fi
DATA=$DATADIR/data LOG=$DIR/server.log
PORT=$((40000 + RANDOM % 20000))    # only names the socket file in our private dir
[[ ${#AS[@]} -gt 0 ]] && chown "$PGUSER_OS:" "$DIR" "$DATADIR"

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -f $DATA/postmaster.pid ]]; then
    if ! as_pg "$BIN/pg_ctl" -D "$DATA" -m immediate -w -t 30 stop >/dev/null 2>&1; then
      local pid; pid=$(head -n1 "$DATA/postmaster.pid" 2>/dev/null || true)
      [[ $pid =~ ^[0-9]+$ ]] && kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$DIR" "$DATADIR"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail_start() { cat "$LOG" >&2 2>/dev/null || true; bc_die "$1"; }

out=$(as_pg "$BIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --no-locale --no-sync 2>&1) \
  || { printf '%s\n' "$out" >&2; bc_die "initdb failed"; }
# The superuser (the tests' admin URL) is trusted on the private socket; every other login must
# give its password (SCRAM), as on a real server: the console's sign-in is the database login.
printf '%s\n' 'local all postgres trust' 'local all all scram-sha-256' >"$DATA/pg_hba.conf"
cat >>"$DATA/postgresql.conf" <<EOF

# throw-away test cluster (scripts/pg-throwaway.sh)
listen_addresses = ''
unix_socket_directories = '$DIR'
port = $PORT
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
EOF
as_pg "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start >/dev/null 2>&1 \
  || fail_start "the throw-away PostgreSQL did not start (log above)"
ISREADY=$BIN/pg_isready
[[ -x $ISREADY ]] || ISREADY=$(command -v pg_isready || true)
if [[ -n $ISREADY ]]; then
  for _ in $(seq 1 100); do
    "$ISREADY" -q -h "$DIR" -p "$PORT" && break
    sleep 0.1
  done
  "$ISREADY" -q -h "$DIR" -p "$PORT" || fail_start "the throw-away PostgreSQL is not ready (log above)"
fi

export BRANCH_CONSOLE_TEST_PG="postgresql+psycopg://postgres@/postgres?host=$DIR&port=$PORT"
# For the fault tests that stop and restart this server mid-session (the console's outage banner):
# pg_ctl -D "$BRANCH_CONSOLE_TEST_PG_DATA" stop|start, run as $BRANCH_CONSOLE_TEST_PG_OSUSER when set.
export BRANCH_CONSOLE_TEST_PG_BIN=$BIN BRANCH_CONSOLE_TEST_PG_DATA=$DATA BRANCH_CONSOLE_TEST_PG_LOG=$LOG
export BRANCH_CONSOLE_TEST_PG_OSUSER=${PGUSER_OS:-}
bc_say "throw-away PostgreSQL $("$BIN/postgres" -V | awk '{print $3}') on $DIR (port $PORT)"

# Not exec: the EXIT trap must stop the cluster after CMD ends.
"$@" && rc=0 || rc=$?
exit "$rc"
