#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis run on 127.0.0.1 and that Kite's role and databases exist.
# Idempotent: what already runs is left alone. Installs the Debian packages on a fresh machine.
# Env: KITE_PG_PORT (5432), KITE_REDIS_PORT (6379), KITE_DATABASES ("kite kite_test").
set -euo pipefail

PG_PORT=${KITE_PG_PORT:-5432}
REDIS_PORT=${KITE_REDIS_PORT:-6379}
DATABASES=${KITE_DATABASES:-"kite kite_test"}

log() { printf '[services] %s\n' "$*" >&2; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    apt_updated=1
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  for _ in $(seq 1 100); do port_open "$1" && return 0; sleep 0.1; done
  log "nothing listens on 127.0.0.1:$1"; return 1
}

start_postgres() {
  if port_open "$PG_PORT"; then return 0; fi
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    apt_install postgresql
  fi
  if ! command -v pg_lsclusters >/dev/null; then apt_install postgresql-common; fi
  local version
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
    log "creating cluster $version/main"
    pg_createcluster "$version" main -p "$PG_PORT" >/dev/null
  fi
  log "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_port "$PG_PORT"
}

psql_admin() { su postgres -c "psql -v ON_ERROR_STOP=1 -qAt -p $PG_PORT $*"; }

ensure_databases() {
  # Over the local socket as the OS user postgres (peer auth on Debian, trust on CI images).
  if [ "$(psql_admin "-c \"select 1 from pg_roles where rolname='kite'\"")" != 1 ]; then
    log "creating role kite"
    psql_admin "-c \"create role kite login password 'kite'\""
  fi
  for db in $DATABASES; do
    if [ "$(psql_admin "-c \"select 1 from pg_database where datname='$db'\"")" != 1 ]; then
      log "creating database $db"
      psql_admin "-c \"create database $db owner kite\""
    fi
  done
}

start_redis() {
  if port_open "$REDIS_PORT"; then return 0; fi
  if ! command -v redis-server >/dev/null; then apt_install redis-server; fi
  log "starting Redis on $REDIS_PORT"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --logfile /tmp/kite-redis-$REDIS_PORT.log
  wait_port "$REDIS_PORT"
}

# SQL warehouses for the sql plugin's tests: MariaDB on 127.0.0.1:3306 (installed and started when
# missing) and, on both MariaDB and PostgreSQL, a database and a role "kite_wh" (password kite_wh).
start_sql_warehouses() {
  local maria_port=${KITE_MARIADB_PORT:-3306}
  if ! port_open "$maria_port"; then
    if [ ! -x /usr/sbin/mariadbd ]; then apt_install mariadb-server; fi
    log "starting MariaDB on $maria_port"
    if [ -x /etc/init.d/mariadb ] && [ "$maria_port" = 3306 ]; then /etc/init.d/mariadb start >/dev/null 2>&1 || true; fi
    if ! port_open "$maria_port"; then
      mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
      (mysqld_safe --user=mysql --bind-address=127.0.0.1 --port="$maria_port" >/dev/null 2>&1 &)
    fi
    wait_port "$maria_port"
  fi
  # as the OS user root over the local socket (unix_socket auth on Debian; empty password elsewhere)
  mariadb -uroot -e "create database if not exists kite_wh character set utf8mb4 collate utf8mb4_bin;
    create user if not exists 'kite_wh'@'%' identified by 'kite_wh';
    create user if not exists 'kite_wh'@'localhost' identified by 'kite_wh';
    grant all on kite_wh.* to 'kite_wh'@'%'; grant all on kite_wh.* to 'kite_wh'@'localhost';
    grant process on *.* to 'kite_wh'@'%'; grant process on *.* to 'kite_wh'@'localhost'"
  if [ "$(psql_admin "-c \"select 1 from pg_roles where rolname='kite_wh'\"")" != 1 ]; then
    log "creating PostgreSQL role kite_wh"
    psql_admin "-c \"create role kite_wh login password 'kite_wh'\""
  fi
  if [ "$(psql_admin "-c \"select 1 from pg_database where datname='kite_wh'\"")" != 1 ]; then
    log "creating PostgreSQL database kite_wh"
    psql_admin "-c \"create database kite_wh owner kite_wh\""
  fi
}

start_postgres
ensure_databases
start_redis
start_sql_warehouses
bash "$(dirname "$0")/jupyter.sh" # notebook tasks: Debian's nbclient, nbconvert and python3 kernel
log "PostgreSQL on 127.0.0.1:$PG_PORT (role kite, databases: $DATABASES), Redis on 127.0.0.1:$REDIS_PORT"
