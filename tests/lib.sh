# Shared by tests/run-tests and tests/run-integ: a throw-away MariaDB on a
# unix socket in a temporary directory, and pass/fail bookkeeping.
# Sourced, not run.

passed=0
failed=0

pass() { passed=$((passed + 1)); echo "ok - $*"; }
fail() { failed=$((failed + 1)); echo "not ok - $*"; }

# not COMMAND...: succeeds when COMMAND fails.
not() { ! "$@"; }

# check NAME COMMAND...: one test that passes when COMMAND succeeds.
check() {
	local name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name"; fi
}

# db_start DIR [PORT]: install and start mariadbd in DIR; sets DB_SOCK,
# DB_PID.  With PORT it also listens on 127.0.0.1:PORT, else on no TCP
# port.  The invoking OS user is the database's administrator
# (unix_socket).
db_start() {
	DB_DIR=$1
	DB_SOCK=$1/db.sock
	DB_NET=--skip-networking
	[ -n "${2:-}" ] && DB_NET="--bind-address=127.0.0.1 --port=$2"
	mkdir -p "$DB_DIR"
	mariadb-install-db --no-defaults --datadir="$DB_DIR/data" \
	    --user="$(id -un)" --auth-root-authentication-method=socket \
	    --skip-test-db >"$DB_DIR/install.log" 2>&1 || {
		cat "$DB_DIR/install.log" >&2
		return 1
	}
	db_restart
}

# db_restart: start mariadbd on DB_DIR (again, after db_stop); waits until
# it answers.
db_restart() {
	local i
	# shellcheck disable=SC2086
	mariadbd --no-defaults --datadir="$DB_DIR/data" --user="$(id -un)" \
	    $DB_NET --socket="$DB_SOCK" --pid-file="$DB_DIR/db.pid" \
	    --log-error="$DB_DIR/db.log" --innodb-buffer-pool-size=64M \
	    --character-set-server=utf8mb4 </dev/null >/dev/null 2>&1 &
	DB_PID=$!
	for ((i = 0; i < 300; i++)); do
		if mariadb-admin --no-defaults -S "$DB_SOCK" -u "$(id -un)" \
		    ping >/dev/null 2>&1; then
			return 0
		fi
		kill -0 "$DB_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "db_restart: mariadbd did not come up:" >&2
	tail -n 20 "$DB_DIR/db.log" >&2
	return 1
}

# db_stop: stop the server started by db_start and wait for it.
db_stop() {
	local i
	[ -n "${DB_PID:-}" ] || return 0
	kill -TERM "$DB_PID" 2>/dev/null || true
	for ((i = 0; i < 300; i++)); do
		kill -0 "$DB_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$DB_PID" 2>/dev/null || true
	wait "$DB_PID" 2>/dev/null || true
	DB_PID=
}

# db_sql SQL: run SQL as the administrator, tab-separated output.
db_sql() {
	mariadb --no-defaults -S "$DB_SOCK" -u "$(id -un)" -N -B -e "$1"
}
