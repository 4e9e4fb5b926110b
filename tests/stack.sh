# The stack under test, for tests/run-integ and tests/run-integ-auth:
# start and stop kore/run, HTTP calls, and small predicates.  Sourced
# after tests/lib.sh, with top, objdir, tmp, var, port and run_pid set by
# the caller.

free_port() {
	local p
	for ((p = 20000 + RANDOM % 20000; ; p++)); do
		(echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null || {
			echo "$p"
			return
		}
	done
}

# start_stack VAR PORT: kore/run in the background; waits until it says
# it is running.  Returns 1 (and leaves run_pid empty) when it exits.
# Started under job control: without it bash starts background jobs with
# SIGINT ignored, and Ctrl-C could not be tested.  A test run that was
# itself started in the background (nohup, "&" in a script) inherits
# SIGINT ignored, which bash cannot trap again: env restores it.
start_stack() {
	local i
	set -m
	TORWART_VAR=$1 TORWART_PORT=$2 TORWART_TEST=1 OBJDIR=$objdir \
	    env --default-signal=INT,QUIT kore/run >"$1.out" 2>&1 &
	run_pid=$!
	set +m
	for ((i = 0; i < 900; i++)); do
		grep -q '^torwart: running at' "$1.out" 2>/dev/null && return 0
		if ! kill -0 "$run_pid" 2>/dev/null; then
			wait "$run_pid"
			run_pid=
			return 1
		fi
		sleep 0.1
	done
	return 1
}

# stop_stack SIGNAL: stop kore/run; its exit status is the result.
# Bounded: a stop that does not happen in 90 s fails and is forced.
stop_stack() {
	local rc i
	kill "-$1" "$run_pid"
	for ((i = 0; i < 900; i++)); do
		kill -0 "$run_pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$run_pid" 2>/dev/null; then
		echo "stop_stack: kore/run ignored SIG$1; killing it all"
		# Its children run in process groups of their own, with
		# theirs (kore's workers): none may outlive the test, holding
		# the stack lock and the database.
		for f in "$var"/run/*.pid; do
			[ -s "$f" ] || continue
			kill -KILL -- "-$(cat "$f")" 2>/dev/null
			kill -KILL "$(cat "$f")" 2>/dev/null
		done
		kill -KILL -- "-$run_pid" 2>/dev/null
	fi
	wait "$run_pid"
	rc=$?
	run_pid=
	return $rc
}

# http METHOD PATH [curl args]: sets CODE, BODY and HEADERS.
http() {
	local m=$1 p=$2
	shift 2
	CODE=$(curl -s -X "$m" --cacert "$var/tls/cert.pem" \
	    -o "$tmp/body" -D "$tmp/headers" -w '%{http_code}' \
	    --max-time 10 "$@" "https://localhost:$port$p") || CODE=000
	BODY=$(cat "$tmp/body" 2>/dev/null)
	HEADERS=$(cat "$tmp/headers" 2>/dev/null)
}

# wait_health CODE SECONDS: poll /health until it answers CODE.
wait_health() {
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		http GET /health
		[ "$CODE" = "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

pid_of() { cat "$var/run/$1.pid" 2>/dev/null; }
mode_of() { stat -c %a "$1" 2>/dev/null; }
no_sandbox_violation() { ! grep -q 'sandbox violation' "$var/log/kore.log"; }
json_is() { [ "$BODY" = "$1" ]; }
has_header() { printf '%s\n' "$HEADERS" | grep -qi "^$1"; }

# An error body of the API's format with this code (and field, if given).
json_error() {
	[[ "$BODY" == '{"error":{"code":"'"$1"'","message":"'* ]] &&
	    { [ -z "${2:-}" ] || [[ "$BODY" == *'"field":"'"$2"'"'* ]]; }
}


# --- calls as a user or key ---------------------------------------------

# root SQL: as the database's administrator (the test runs it), no header.
root() {
	mariadb --no-defaults -S "$var/run/mysqld.sock" -u "$(id -un)" -N -B \
	    torwart -e "$1"
}

# call TOKEN METHOD PATH [BODY]: as http(), with the bearer token.
call() {
	local t=$1 m=$2 p=$3
	if [ $# -ge 4 ]; then
		http "$m" "$p" -H "Authorization: Bearer $t" \
		    -H 'Content-Type: application/json' --data-binary "$4"
	else
		http "$m" "$p" -H "Authorization: Bearer $t"
	fi
}
# anon METHOD PATH BODY
anon() {
	http "$1" "$2" -H 'Content-Type: application/json' --data-binary "$3"
}
is() { [ "$CODE" = "$1" ]; }
err() { [ "$CODE" = "$1" ] && json_error "$2" "${3:-}"; }
field() { jq -r "$1" <<<"$BODY"; }

# login USER PASSWORD [TOTP]: sets TOKEN on 200.
login() {
	local body
	body=$(jq -nc --arg u "$1" --arg p "$2" --arg t "${3:-}" \
	    '{username:$u,password:$p} + (if $t == "" then {} else {totp:$t} end)')
	anon POST /api/v1/auth/login "$body"
	TOKEN=
	[ "$CODE" = 200 ] && TOKEN=$(field .token)
	[ "$CODE" = 200 ]
}

# admin_session: the first admin with its password changed and TOTP
# enrolled, for the tests that need an admin but do not test how one gets
# there (run-integ-auth does); sets ADM, and ADM_PASSWORD and ADM_TOTP
# (the TOTP secret) for logging in again.
admin_session() {
	local pw0 pw=Correct-Horse-Battery-9 secret now
	pw0=$(cat "$var/initial-admin-password") || return 1
	login admin "$pw0" || return 1
	call "$TOKEN" POST /api/v1/auth/password \
	    "{\"old_password\":\"$pw0\",\"new_password\":\"$pw\"}"
	[ "$CODE" = 204 ] || return 1
	call "$TOKEN" POST /api/v1/auth/totp '{}'
	secret=$(field .secret)
	now=$(date +%s)
	call "$TOKEN" POST /api/v1/auth/totp/confirm \
	    "{\"code\":\"$("$objdir/totp-code" "$secret" "$now")\"}"
	[ "$CODE" = 204 ] || return 1
	login admin "$pw" "$("$objdir/totp-code" "$secret" $((now + 30)))" ||
	    return 1
	ADM=$TOKEN
	ADM_PASSWORD=$pw
	ADM_TOTP=$secret
}
