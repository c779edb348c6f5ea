#!/usr/bin/env bash
# A private, throwaway PostgreSQL server for the sync tests (and for trying `sync --db`).
#
#   tools/postgres.sh install       install Debian's postgresql if no initdb is found (root)
#   tools/postgres.sh start DIR     create a cluster in DIR (if new) and start it; prints its URL
#   tools/postgres.sh url DIR       print the URL of the server in DIR
#   tools/postgres.sh stop DIR      stop the server in DIR (the files stay; rm -rf DIR after)
#
# The server listens on a unix socket in DIR only (no TCP port), trusts local connections
# and trades durability for speed (fsync off): it is for tests, never for data you keep.
# As root, the cluster runs as the `postgres` user, because PostgreSQL refuses root.
set -euo pipefail

find_bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then
        echo "$dir"
    elif command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
    fi
}

install_postgres() {
    if [ -n "$(find_bindir)" ]; then
        return 0
    fi
    if [ "$(id -u)" != 0 ]; then
        echo "postgres.sh: PostgreSQL is not installed; as root run: apt-get install -y postgresql" >&2
        exit 1
    fi
    echo "postgres.sh: installing PostgreSQL (apt-get)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
    # The package starts a system cluster on port 5432; the tests do not use it.
    if command -v pg_ctlcluster >/dev/null 2>&1; then
        for conf in /etc/postgresql/*/main; do
            [ -d "$conf" ] || continue
            version=$(basename "$(dirname "$conf")")
            pg_ctlcluster "$version" main stop >/dev/null 2>&1 || true
        done
    fi
}

# Run a command as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

url() {
    local dir
    dir=$(cd "$1" && pwd)
    echo "postgresql://postgres@/postgres?host=${dir}"
}

start() {
    local dir="$1" bindir
    install_postgres
    bindir=$(find_bindir)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ "${#dir}" -gt 80 ]; then
        echo "postgres.sh: $dir is too long for a unix socket path; use a shorter one" >&2
        exit 1
    fi
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
        chown postgres "$dir"
    fi
    chmod 700 "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_owner "$bindir/initdb" -D "$dir/data" --username=postgres --auth=trust \
            --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 || {
            cat "$dir/initdb.log" >&2
            exit 1
        }
    fi
    if as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        url "$dir"
        return 0
    fi
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-k $dir -c listen_addresses='' -c fsync=off -c full_page_writes=off" \
        start >/dev/null || {
        cat "$dir/server.log" >&2
        exit 1
    }
    url "$dir"
}

stop() {
    local dir="$1" bindir
    bindir=$(find_bindir)
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
    fi
}

command="${1:-}"
case "$command" in
install) install_postgres ;;
start | stop | url)
    if [ $# -ne 2 ]; then
        echo "usage: tools/postgres.sh $command DIR" >&2
        exit 2
    fi
    "$command" "$2"
    ;;
*)
    echo "usage: tools/postgres.sh install | start DIR | url DIR | stop DIR" >&2
    exit 2
    ;;
esac
