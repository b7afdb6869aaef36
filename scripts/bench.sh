#!/usr/bin/env bash
# scripts/bench.sh: `make bench`. Measures the webhook over TLS against its peers, one server at a time,
# on loopback, with wrk and ../shared/bench/admission.lua, and writes BENCHMARKS.md.
#
#   servers: nginx answering a fixed AdmissionReview (the HTTP+TLS ceiling), the Go net/http peer, the
#            Rust hyper+rustls peer (../shared/bench/peers), and ours (`linkerd-policy-webhook serve`).
#   figures: req/s, p50/p99 (wrk, closed loop), server CPU µs per request (/proc/PID/stat utime+stime of
#            the server's processes before/after, over the requests wrk completed), RSS after start and
#            after load; then the in-process tables of .build/release/PolicyBench.
#
# Environment (all optional):
#   BENCH_SECONDS=10          seconds per measured run
#   BENCH_REPEAT=1            runs per setting; the table shows the run with the median req/s and the range
#   BENCH_SERVERS="nginx rust go ours"   which servers, in this order
#   BENCH_SETTINGS="server-create.json:16 server-create.json:64 pod-create-large.json:16 authpolicy-create.json:64"
#   BENCH_PORT_BASE=18443     loopback ports BASE..BASE+3 (webhooks), BASE+10 (our admin listener)
#   BENCH_DIR=../shared/bench workload (bodies, admission.lua, peers/)
#   BENCH_OUT=BENCHMARKS.md   where the report goes
#   BENCH_POLICYBENCH_ARGS    extra arguments for PolicyBench (e.g. "--iterations 5000"); BENCH_POLICYBENCH=0 skips it
#   BENCH_CACHE=1             also run the cache and audit benchmarks (150,000 pods, 10,000 Servers and 10,000
#                             authorizations synced from the fake API server; builds the tests in release in
#                             .build-release-tests, several minutes on a first run); 0 skips them
#   BENCH_CHECK_SCALING=1     also time `check` against 5,000-20,000 Servers of one namespace; 0 skips it
#   BENCH_NO_INSTALL=1        never run apt-get (fail if something is missing)
#   BENCH_OUR_BIN=PATH        measure this binary as "ours" (e.g. another build, to compare two commits)
#
# Peers are built outside the source tree in .build-bench/ (git-ignored). Every server is killed on exit.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
SCRIPT_START=$(date +%s)

RUN_SECONDS=${BENCH_SECONDS:-10}
REPEAT=${BENCH_REPEAT:-1}
SERVERS=${BENCH_SERVERS:-"nginx rust go ours"}
SETTINGS=${BENCH_SETTINGS:-"server-create.json:16 server-create.json:64 pod-create-large.json:16 authpolicy-create.json:64"}
PORT_BASE=${BENCH_PORT_BASE:-18443}
WORKLOAD=${BENCH_DIR:-$ROOT/../shared/bench}
OUT=${BENCH_OUT:-$ROOT/BENCHMARKS.md}
SCRATCH=$ROOT/.build-bench
LOGS=$SCRATCH/logs
SMOKE_SECONDS=2
WRK_THREADS=2

# ---------------------------------------------------------------------------------------------------------------
# helpers

say() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }
warn() { printf 'bench: warning: %s\n' "$*" >&2; }
die() { printf '\nbench: error: %s\n' "$*" >&2; exit 1; }

[[ $RUN_SECONDS =~ ^[1-9][0-9]*$ ]] || die "BENCH_SECONDS must be a positive whole number of seconds, not '$RUN_SECONDS'"
[[ $REPEAT =~ ^[1-9][0-9]*$ ]] || die "BENCH_REPEAT must be a positive whole number, not '$REPEAT'"
[[ $PORT_BASE =~ ^[1-9][0-9]*$ ]] || die "BENCH_PORT_BASE must be a port number, not '$PORT_BASE'"
[[ -d $WORKLOAD && -f $WORKLOAD/admission.lua ]] || die "no workload at $WORKLOAD (admission.lua and bodies); set BENCH_DIR"
WORKLOAD=$(cd "$WORKLOAD" && pwd)
for setting in $SETTINGS; do
    [[ $setting =~ ^[A-Za-z0-9._-]+\.json:[1-9][0-9]*$ ]] || die "bad BENCH_SETTINGS entry '$setting' (want BODY.json:CONNECTIONS)"
    [[ -f $WORKLOAD/${setting%%:*} ]] || die "body ${setting%%:*} not found in $WORKLOAD"
done
for server in $SERVERS; do
    case $server in nginx | go | rust | ours) ;; *) die "unknown server '$server' in BENCH_SERVERS (nginx, go, rust, ours)" ;; esac
done

# Servers started by this script: pid per name. Killed on any exit.
declare -A SERVER_PID=()
cleanup() {
    local status=$? name pid
    trap - EXIT INT TERM
    for name in "${!SERVER_PID[@]}"; do
        pid=${SERVER_PID[$name]}
        kill -TERM "$pid" 2>/dev/null || true
    done
    for name in "${!SERVER_PID[@]}"; do
        pid=${SERVER_PID[$name]}
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$pid" 2>/dev/null; then
            warn "$name (pid $pid) did not stop on SIGTERM; killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
        wait "$pid" 2>/dev/null || true
    done
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The pid and every descendant (nginx: master and worker).
process_tree() {
    local pid=$1 child
    [[ -d /proc/$pid ]] || return 0
    echo "$pid"
    for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do process_tree "$child"; done
}

# utime+stime (clock ticks) of a process tree: /proc/PID/stat fields 14 and 15, counted after the ')' of comm.
cpu_ticks() {
    local total=0 pid stat rest
    for pid in $(process_tree "$1"); do
        stat=$(cat /proc/"$pid"/stat 2>/dev/null) || continue
        rest=${stat##*) }
        read -r -a fields <<<"$rest"
        # rest starts at field 3 (state): utime is field 14 -> index 11, stime field 15 -> index 12
        total=$((total + fields[11] + fields[12]))
    done
    echo "$total"
}

# Resident set (KiB) of a process tree.
rss_kib() {
    local total=0 pid kib
    for pid in $(process_tree "$1"); do
        kib=$(awk '/^VmRSS:/ { print $2 }' /proc/"$pid"/status 2>/dev/null || true)
        total=$((total + ${kib:-0}))
    done
    echo "$total"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

CLK_TCK=$(getconf CLK_TCK)

# ---------------------------------------------------------------------------------------------------------------
# 1. tools (Debian packages)

need_servers() { [[ " $SERVERS " == *" $1 "* ]]; }

install_missing() {
    local missing=() pkg
    command -v wrk >/dev/null || missing+=(wrk)
    command -v openssl >/dev/null || missing+=(openssl)
    command -v curl >/dev/null || missing+=(curl)
    command -v git >/dev/null || missing+=(git)
    if need_servers nginx; then [[ -x /usr/sbin/nginx ]] || command -v nginx >/dev/null || missing+=(nginx-light); fi
    if need_servers go; then command -v go >/dev/null || missing+=(golang-go); fi
    if need_servers rust; then
        command -v cargo >/dev/null || missing+=(cargo)
        for pkg in librust-hyper-dev librust-tokio-dev librust-tokio-rustls-dev librust-rustls-pemfile-dev \
            librust-serde-dev librust-serde-derive-dev librust-serde-json-dev; do
            dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
        done
    fi
    if need_servers ours || [[ ${BENCH_POLICYBENCH:-1} != 0 ]]; then
        pkg-config --exists openssl 2>/dev/null || missing+=(libssl-dev pkg-config)
    fi
    ((${#missing[@]} == 0)) && return 0
    [[ ${BENCH_NO_INSTALL:-0} == 1 ]] && die "missing: ${missing[*]} (BENCH_NO_INSTALL=1: install them with apt-get)"
    local sudo=()
    if ((EUID != 0)); then
        command -v sudo >/dev/null || die "missing: ${missing[*]}; not root and no sudo: install them with apt-get"
        sudo=(sudo)
    fi
    say "installing with apt-get: ${missing[*]}"
    # another apt-get may hold the lock (e.g. an install already running): wait for it rather than fail
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 update -qq \
        || die "apt-get update failed"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq "${missing[@]}" \
        || die "apt-get install ${missing[*]} failed"
}

say "checking tools"
install_missing
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

# ---------------------------------------------------------------------------------------------------------------
# 2. builds and certificate

rm -rf "$LOGS"
mkdir -p "$SCRATCH" "$LOGS"

if need_servers go || need_servers rust; then
    say "copying the peers to $SCRATCH/peers (outside the source tree)"
    [[ -d $WORKLOAD/peers ]] || die "no peers in $WORKLOAD/peers"
    mkdir -p "$SCRATCH/peers"
    # keep timestamps so cargo and go rebuild only what changed; ../shared is read-only, the copy must not be
    cp -R --preserve=timestamps "$WORKLOAD/peers/." "$SCRATCH/peers/" || die "cannot copy $WORKLOAD/peers"
    chmod -R u+w "$SCRATCH/peers"
fi

GO_BIN=$SCRATCH/peers/go-webhook/go-webhook-bin
if need_servers go; then
    say "building the Go peer"
    (cd "$SCRATCH/peers/go-webhook" && GOPROXY=off GOFLAGS=-mod=mod go build -o go-webhook-bin .) \
        >"$LOGS/build-go.log" 2>&1 || { tail -20 "$LOGS/build-go.log" >&2; die "Go peer build failed (log: $LOGS/build-go.log)"; }
fi

RUST_BIN=$SCRATCH/peers/rust-webhook/target/release/rust-webhook
if need_servers rust; then
    say "building the Rust peer (cargo --offline, Debian's crates)"
    rust_dir=$SCRATCH/peers/rust-webhook
    if ! (cd "$rust_dir" && cargo build --release --offline) >"$LOGS/build-rust.log" 2>&1; then
        # Debian's own cargo/rustc (1.65/1.63) reads neither Cargo.lock v4 nor stable std::hint::black_box (used
        # by the peer's --decode-bench mode only): let it resolve its own lock and enable the feature for the
        # peer crate alone.
        if grep -q 'lock file version' "$LOGS/build-rust.log" || grep -q 'bench_black_box' "$LOGS/build-rust.log"; then
            warn "cargo $(cargo --version | awk '{print $2}') cannot build the peer as is; retrying with an own lock file and RUSTC_BOOTSTRAP"
            rm -f "$rust_dir/Cargo.lock"
            (cd "$rust_dir" && RUSTC_BOOTSTRAP=1 cargo rustc --release --offline --bin rust-webhook -- -Zcrate-attr='feature(bench_black_box)') \
                >>"$LOGS/build-rust.log" 2>&1 || { tail -20 "$LOGS/build-rust.log" >&2; die "Rust peer build failed (log: $LOGS/build-rust.log)"; }
        else
            tail -20 "$LOGS/build-rust.log" >&2
            die "Rust peer build failed (log: $LOGS/build-rust.log)"
        fi
    fi
    [[ -x $RUST_BIN ]] || die "Rust peer build produced no $RUST_BIN"
fi

# The Makefile's release flags and release-test scratch path when run by `make bench`; the same defaults otherwise.
RELEASE_FLAGS=${RELEASE_FLAGS:-"-c release --static-swift-stdlib"}
RELEASE_TESTS_DIR=${RELEASE_TESTS_DIR:-.build-release-tests}
OUR_BIN=${BENCH_OUR_BIN:-$ROOT/.build/release/linkerd-policy-webhook}
BENCH_BIN=$ROOT/.build/release/PolicyBench
# What is measured is the tree as built now: the commit, and whether sources differed from it (this report's own
# file, rewritten by every run, does not count).
BUILT_COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
BUILT_DIRTY=""
git -C "$ROOT" diff --quiet HEAD -- . ":(exclude)$(basename "$OUT")" 2>/dev/null || BUILT_DIRTY=" (with uncommitted changes)"
if need_servers ours || [[ ${BENCH_POLICYBENCH:-1} != 0 ]]; then
    command -v swift >/dev/null || die "swift is not on PATH (the Swift toolchain is needed to build the server)"
    say "building linkerd-policy-webhook and PolicyBench (release)"
    # Statically linked, as the image builds it (Dockerfile; `make bench` passes the Makefile's RELEASE_FLAGS);
    # PolicyBench with the same flags, so the two share one build.
    : >"$LOGS/build-swift.log"
    for product in linkerd-policy-webhook PolicyBench; do
        # shellcheck disable=SC2086 # the flags are words
        swift build $RELEASE_FLAGS --product "$product" >>"$LOGS/build-swift.log" 2>&1 \
            || { tail -30 "$LOGS/build-swift.log" >&2; die "swift build $RELEASE_FLAGS --product $product failed (log: $LOGS/build-swift.log)"; }
    done
fi
if need_servers ours; then
    "$OUR_BIN" serve --help 2>&1 | grep -- '--server-addr' >/dev/null \
        || die "this build's 'linkerd-policy-webhook serve' has no --server-addr (not wired yet?): run with BENCH_SERVERS=\"nginx rust go\" to measure the peers only"
fi

say "making a throwaway certificate (ECDSA P-256, localhost)"
TLS=$SCRATCH/tls
mkdir -p "$TLS"
CERT=$TLS/cert.pem
KEY=$TLS/key.pem
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
    -addext 'subjectAltName=DNS:localhost,IP:127.0.0.1' -addext 'extendedKeyUsage=serverAuth' \
    -keyout "$KEY" -out "$CERT" >"$LOGS/openssl.log" 2>&1 || { cat "$LOGS/openssl.log" >&2; die "openssl could not make the certificate"; }

getent hosts localhost | grep -q '^127\.0\.0\.1' || die "localhost does not resolve to 127.0.0.1 (servers listen there; wrk dials localhost for SNI)"

# nginx: one worker, fixed answer of the same shape and size (~285 bytes) as the peers'.
NGINX_ANSWER='{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"705ab4f5-6393-11e8-b7cc-42010a800002","allowed":true,"status":{"metadata":{},"code":200,"message":"policy.linkerd.io/v1beta3 Server emojivoto/web-http: spec accepted by kubernetes-admin (bench webhook)"}}}'
write_nginx_conf() {
    local dir=$SCRATCH/nginx port=$1
    mkdir -p "$dir/tmp"
    cat >"$dir/nginx.conf" <<EOF
worker_processes 1;
pid $dir/nginx.pid;
error_log $LOGS/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    keepalive_requests 1000000;
    keepalive_timeout 120s;
    client_max_body_size 8m;
    server {
        listen 127.0.0.1:$port ssl;
        server_name localhost;
        ssl_certificate $CERT;
        ssl_certificate_key $KEY;
        ssl_protocols TLSv1.2 TLSv1.3;
        location / {
            default_type application/json;
            return 200 '$NGINX_ANSWER';
        }
    }
}
EOF
}

# ---------------------------------------------------------------------------------------------------------------
# 3. servers, one at a time

server_port() {
    case $1 in nginx) echo "$PORT_BASE" ;; go) echo $((PORT_BASE + 1)) ;; rust) echo $((PORT_BASE + 2)) ;; ours) echo $((PORT_BASE + 3)) ;; esac
}

start_server() {
    local name=$1 port
    port=$(server_port "$name")
    port_open "$port" && die "port $port is already in use (something else listens on 127.0.0.1:$port); set BENCH_PORT_BASE"
    local log=$LOGS/$name.log
    case $name in
    nginx)
        write_nginx_conf "$port"
        "$NGINX" -t -p "$SCRATCH/nginx" -c "$SCRATCH/nginx/nginx.conf" -e "$LOGS/nginx-error.log" >"$log" 2>&1 \
            || { cat "$log" >&2; die "nginx rejects its configuration ($SCRATCH/nginx/nginx.conf)"; }
        "$NGINX" -p "$SCRATCH/nginx" -c "$SCRATCH/nginx/nginx.conf" -e "$LOGS/nginx-error.log" -g 'daemon off;' >>"$log" 2>&1 &
        ;;
    go) "$GO_BIN" -addr "127.0.0.1:$port" -cert "$CERT" -key "$KEY" >"$log" 2>&1 & ;;
    rust) "$RUST_BIN" "127.0.0.1:$port" "$CERT" "$KEY" >"$log" 2>&1 & ;;
    ours)
        local admin=$((PORT_BASE + 10))
        port_open "$admin" && die "admin port $admin is already in use; set BENCH_PORT_BASE"
        "$OUR_BIN" serve --server-addr "127.0.0.1:$port" --admin-addr "127.0.0.1:$admin" \
            --server-tls-certs "$CERT" --server-tls-key "$KEY" --inventory "$ROOT/examples/inventory.yaml" \
            --log-level warning >"$log" 2>&1 &
        ;;
    esac
    SERVER_PID[$name]=$!
    local pid=$!
    for _ in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || { tail -20 "$log" >&2; die "$name exited at start (log: $log)"; }
        port_open "$port" && break
        sleep 0.1
    done
    port_open "$port" || { tail -20 "$log" >&2; die "$name does not listen on 127.0.0.1:$port after 10 s (log: $log)"; }
    # nginx's worker forks after the master listens: wait for it so RSS and CPU count it
    if [[ $name == nginx ]]; then
        for _ in $(seq 50); do [[ -n $(cat /proc/"$pid"/task/*/children 2>/dev/null) ]] && break; sleep 0.1; done
    fi
    sleep 0.5
}

stop_server() {
    local name=$1 pid=${SERVER_PID[$1]}
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
        warn "$name (pid $pid) did not stop within 10 s of SIGTERM; killing it"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    unset 'SERVER_PID[$name]'
}

assert_alive() {
    kill -0 "${SERVER_PID[$1]}" 2>/dev/null || { tail -20 "$LOGS/$1.log" >&2; die "$1 died during the benchmark (log: $LOGS/$1.log)"; }
}

# One wrk run; prints the RESULT line's key=value pairs plus cpu_ticks=N.
# Args: name body connections seconds check threads tag (tag names the log: "run" or "smoke")
run_wrk() {
    local name=$1 body=$2 conns=$3 secs=$4 check=$5 threads=$6 tag=$7 port out before after
    port=$(server_port "$name")
    out=$LOGS/wrk-$name-${body%.json}-c$conns-$tag.log
    local busy_before busy_after
    busy_before=$(machine_busy_ticks)
    before=$(cpu_ticks "${SERVER_PID[$name]}")
    # bounded: wrk stops itself after $secs; timeout is the backstop. `times` then gives wrk's own CPU time.
    if ! (cd "$WORKLOAD" && CHECK=$check BODY=$body LABEL=$name timeout --signal=INT --kill-after=10 $((secs + 30)) \
        wrk -t"$threads" -c"$conns" -d"${secs}s" -s "$WORKLOAD/admission.lua" "https://localhost:$port/validate?timeout=10s" \
        && times >"$out.times") >"$out" 2>&1; then
        cat "$out" >&2
        die "wrk failed against $name ($body, $conns connections; log: $out)"
    fi
    after=$(cpu_ticks "${SERVER_PID[$name]}")
    busy_after=$(machine_busy_ticks)
    assert_alive "$name"
    local result wrk_ticks
    result=$(grep '^RESULT ' "$out" | tail -1) || { cat "$out" >&2; die "wrk printed no RESULT line against $name (log: $out)"; }
    # second line of `times`: children's user and system time, e.g. "0m1.234s 0m2.345s"
    wrk_ticks=$(sed -n 2p "$out.times" | awk -v hz="$CLK_TCK" '{
        t = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); sub("s", "", p[2]); t += p[1] * 60 + p[2] } printf "%d", t * hz }')
    local other=$((busy_after - busy_before - (after - before) - wrk_ticks))
    ((other < 0)) && other=0
    echo "${result#RESULT } cpu_ticks=$((after - before)) wrk_ticks=$wrk_ticks other_ticks=$other"
}

# Busy time of the whole machine (all cores, clock ticks) from /proc/stat: user nice system steal. Interrupt
# and softirq time is left out: loopback TCP runs there, on behalf of the server and wrk, and is charged to no process.
machine_busy_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $9; exit }' /proc/stat; }

# Share of one core that processes other than the server and wrk used during a run, e.g. "4%".
other_load() {
    local line=$1
    awk -v o="$(field other_ticks "$line")" -v d="$(field duration_s "$line")" -v hz="$CLK_TCK" \
        'BEGIN { if (d > 0) printf "%.0f%%", 100 * o / hz / d; else printf "-" }'
}

# field NAME from a "k=v k=v" line
field() { tr ' ' '\n' <<<"$2" | awk -F= -v k="$1" '$1 == k { print $2; exit }'; }

# errors in a result line ("" when clean)
result_errors() {
    local line=$1 k v errs=""
    for k in errors_connect errors_read errors_write errors_status errors_timeout bad_responses; do
        v=$(field "$k" "$line")
        [[ ${v:-0} != 0 ]] && errs+="${errs:+, }${k#errors_}=$v"
    done
    [[ $(field requests "$line") == 0 ]] && errs+="${errs:+, }no requests"
    echo "$errs"
}

LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
awk -v l="${LOAD_AT_START%% *}" 'BEGIN { exit !(l > 0.5) }' \
    && warn "load average is $LOAD_AT_START: the machine is busy, figures will be disturbed"

# One answer per body, kept in the logs; its verdict and size go into the tables (a denial costs more than an
# allow, and the workload's bodies are all meant to be allowed).
sample_answer() {
    local name=$1 body=$2 port out
    port=$(server_port "$name")
    out=$LOGS/answer-$name-${body%.json}.json
    curl -sS --max-time 10 --cacert "$CERT" -H 'Content-Type: application/json' --data-binary @"$WORKLOAD/$body" \
        -o "$out" "https://localhost:$port/validate?timeout=10s" 2>"$LOGS/curl.err" \
        || { cat "$LOGS/curl.err" >&2; die "curl could not post $body to $name"; }
    local verdict
    verdict=$(grep -o '"allowed": *\(true\|false\)' "$out" | head -1 | sed 's/.*: *//')
    case $verdict in true) verdict=allowed ;; false) verdict=denied ;; *) verdict="no verdict" ;; esac
    echo "$verdict, $(wc -c <"$out") B"
}

declare -A RANGE=() RESULT=() RSS_START=() RSS_AFTER=() SMOKE=() ANSWER=()
FAILED=0
for name in $SERVERS; do
    say "$name: start on https://localhost:$(server_port "$name")"
    start_server "$name"
    RSS_START[$name]=$(rss_kib "${SERVER_PID[$name]}")
    # smoke: every answer checked (nginx's fixed answer cannot carry each body's uid: status and errors only)
    smoke_ok=1
    for body in $(for s in $SETTINGS; do echo "${s%%:*}"; done | awk '!seen[$0]++'); do
        ANSWER[$name/$body]=$(sample_answer "$name" "$body")
        [[ ${ANSWER[$name/$body]} == allowed,* ]] \
            || warn "$name answers $body with: ${ANSWER[$name/$body]} (the workload's bodies are meant to be allowed; answer: $LOGS/answer-$name-${body%.json}.json)"
        check=1
        [[ $name == nginx ]] && check=0
        line=$(run_wrk "$name" "$body" 2 "$SMOKE_SECONDS" "$check" 1 smoke)
        errs=$(result_errors "$line")
        if [[ -n $errs ]]; then
            warn "$name fails the smoke check on $body: $errs (log: $LOGS/wrk-$name-${body%.json}-c2-smoke.log)"
            smoke_ok=0
        fi
    done
    if ((smoke_ok == 0)); then
        SMOKE[$name]=failed
        FAILED=1
        stop_server "$name"
        continue
    fi
    SMOKE[$name]=ok
    for setting in $SETTINGS; do
        body=${setting%%:*} conns=${setting##*:}
        say "$name: $body, $conns connections, ${RUN_SECONDS}s$( ((REPEAT > 1)) && echo " × $REPEAT")"
        lines=()
        chosen=""
        for rep in $(seq "$REPEAT"); do
            line=$(run_wrk "$name" "$body" "$conns" "$RUN_SECONDS" 0 "$WRK_THREADS" "run$rep")
            errs=$(result_errors "$line")
            printf '   %s req/s, p50 %s ms, p99 %s ms, server CPU %s ticks, wrk %s, others %s of a core%s\n' "$(field rps "$line")" \
                "$(field p50_ms "$line")" "$(field p99_ms "$line")" "$(field cpu_ticks "$line")" "$(field wrk_ticks "$line")" \
                "$(other_load "$line")" "${errs:+, INVALID: $errs}" >&2
            if [[ -n $errs ]]; then
                warn "$name: invalid run ($errs)"
                FAILED=1
                [[ -z $chosen ]] && chosen=$line
            fi
            lines+=("$line")
        done
        if [[ -z $chosen ]]; then
            # the run with the median req/s, whole (its latency and CPU figures belong to it)
            chosen=$(for line in "${lines[@]}"; do echo "$(field rps "$line") $line"; done | sort -n -k1,1 \
                | sed -n "$(((REPEAT + 1) / 2))p" | cut -d' ' -f2-)
            if ((REPEAT > 1)); then
                RANGE[$name/$setting]=$(for line in "${lines[@]}"; do field rps "$line"; done | sort -n \
                    | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.0f–%.0f", lo, hi }')
            fi
        fi
        RESULT[$name/$setting]=$chosen
    done
    RSS_AFTER[$name]=$(rss_kib "${SERVER_PID[$name]}")
    stop_server "$name"
done

# ---------------------------------------------------------------------------------------------------------------
# 4. in-process figures

POLICYBENCH_OUT=""
if [[ ${BENCH_POLICYBENCH:-1} != 0 ]]; then
    say "PolicyBench (in-process)"
    # shellcheck disable=SC2086 # BENCH_POLICYBENCH_ARGS is a list of arguments
    timeout 300 "$BENCH_BIN" --bodies "$WORKLOAD" ${BENCH_POLICYBENCH_ARGS:-} >"$LOGS/policybench.md" 2>"$LOGS/policybench.err" \
        || { tail -20 "$LOGS/policybench.err" >&2; die "PolicyBench failed (log: $LOGS/policybench.err)"; }
    POLICYBENCH_OUT=$(cat "$LOGS/policybench.md")
fi

CACHE_OUT=""
if [[ ${BENCH_CACHE:-1} != 0 ]]; then
    say "cache benchmark (make bench-cache)"
    (cd "$ROOT" && SWT_SWIFT_ERROR_BACKTRACING_ENABLED=0 LPW_BENCH=1 timeout 1800 swift test -c release --scratch-path "$RELEASE_TESTS_DIR" --no-parallel --filter "Cache(Churn)?Benchmark|AuditBenchmark") \
        >"$LOGS/cache.log" 2>&1 || { tail -20 "$LOGS/cache.log" >&2; die "the cache benchmark failed (log: $LOGS/cache.log)"; }
    # Each benchmark prints a block starting with its name; the block ends at the test runner's next line.
    CACHE_OUT=$(awk '/^(Cache(Churn)?Benchmark:|audit benchmark:)/ { keep = 1 } /^[✔✘◇]/ { keep = 0 } keep' "$LOGS/cache.log")
fi

# `check` against many Servers of one namespace: the overlap rule's index at work, from the command line.
SCALING_OUT=""
if [[ ${BENCH_CHECK_SCALING:-1} != 0 ]]; then
    say "check against many Servers (scripts/check-scaling.sh)"
    SCALING_OUT=$(bash "$ROOT/scripts/check-scaling.sh" "$OUR_BIN" 5000 10000 20000 2>&1) \
        || die "scripts/check-scaling.sh failed: $SCALING_OUT"
fi

# ---------------------------------------------------------------------------------------------------------------
# 5. BENCHMARKS.md

label() { case $1 in nginx) echo "nginx, fixed answer, 1 worker" ;; go) echo "Go peer (net/http)" ;; rust) echo "Rust peer (hyper + rustls)" ;; ours) echo "**linkerd-policy-webhook**" ;; esac; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
us_per_req() { awk -v t="$1" -v n="$2" -v hz="$CLK_TCK" 'BEGIN { if (n > 0) printf "%.1f", t * 1e6 / hz / n; else printf "-" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2f×", a / b; else printf "-" }'; }

# One row of the targets table: description, measured text, met (0/1, or "" when it cannot be judged).
target_row() {
    local verdict="not measured"
    [[ $3 == 1 ]] && verdict="met"
    [[ $3 == 0 ]] && verdict="**not met**"
    echo "| $1 | $2 | $verdict |"
}

# Compare ours with a peer on one setting. Args: setting peer kind(rps|p99) factor issue
target_vs() {
    local setting=$1 peer=$2 what=$3 factor=$4 issue=$5 ours_line peer_line a b met=""
    ours_line=${RESULT[ours/$setting]:-} peer_line=${RESULT[$peer/$setting]:-}
    local body=${setting%%:*} conns=${setting##*:} text="-"
    if [[ -n $ours_line && -n $peer_line && -z $(result_errors "$ours_line") && -z $(result_errors "$peer_line") ]]; then
        if [[ $what == rps ]]; then
            a=$(field rps "$ours_line") b=$(field rps "$peer_line")
            met=$(awk -v a="$a" -v b="$b" -v f="$factor" 'BEGIN { print (a >= f * b) ? 1 : 0 }')
            text="$(ratio "$a" "$b") ($a vs $b req/s)"
        else
            a=$(field p99_ms "$ours_line") b=$(field p99_ms "$peer_line")
            met=$(awk -v a="$a" -v b="$b" 'BEGIN { print (a <= b) ? 1 : 0 }')
            text="$a vs $b ms"
        fi
    fi
    if [[ $what == rps ]]; then
        target_row "issue $issue: \`$body\` c$conns req/s ≥ ${factor}× $peer" "$text" "$met"
    else
        target_row "issue $issue: \`$body\` c$conns p99 ≤ $peer's" "$text" "$met"
    fi
}

targets() {
    local setting
    echo "## Targets"
    echo
    echo "| target | measured | |"
    echo "|---|---|---|"
    for setting in server-create.json:16 server-create.json:64; do
        target_vs "$setting" nginx rps 0.7 7
        target_vs "$setting" rust rps 1.5 7
        target_vs "$setting" rust p99 1 7
        target_vs "$setting" go rps 1 2
        target_vs "$setting" go p99 1 2
    done
    target_vs pod-create-large.json:16 rust rps 2 7
    local rss=${RSS_START[ours]}
    target_row "issue 2: idle RSS < 30 MiB" "$(mib "$rss") MiB" "$(awk -v k="$rss" 'BEGIN { print (k < 30 * 1024) ? 1 : 0 }')"
    target_row "issue 7: idle RSS < 20 MiB" "$(mib "$rss") MiB" "$(awk -v k="$rss" 'BEGIN { print (k < 20 * 1024) ? 1 : 0 }')"
    echo
    echo "Idle RSS is measured after start with \`--inventory examples/inventory.yaml\`, before any request. Judge"
    echo "targets on repeated runs (\`BENCH_REPEAT=3\`) on a quiet machine, not on one run."
    echo
    rust_budget
}

# Per-request CPU of the server and of wrk on one run, e.g. "50.2 + 31.0 = 81.2 µs (1.94 cores)": with both cores
# busy, req/s is about the cores divided by this sum.
cpu_sum() {
    local line=$1 n
    n=$(field requests "$line")
    awk -v s="$(field cpu_ticks "$line")" -v w="$(field wrk_ticks "$line")" -v n="$n" -v hz="$CLK_TCK" \
        -v r="$(field rps "$line")" 'BEGIN { if (n > 0) { a = s * 1e6 / hz / n; b = w * 1e6 / hz / n
        printf "%.1f + %.1f = %.1f µs (%.2f cores)", a, b, a + b, r * (a + b) / 1e6 } else printf "-" }'
}

# What the 1.5× Rust target asks of our server's CPU in this run. Both cores are shared by the server and wrk, so
# req/s ≈ cores ÷ (server + wrk CPU per request): 1.5× the Rust peer's req/s needs ours' sum at most the Rust
# peer's ÷ 1.5, i.e. server CPU ≤ that ÷ 1.5 minus wrk's CPU per request against ours. nginx's fixed answer shows
# what TLS, HTTP and the kernel cost with no work at all.
rust_budget() {
    local setting ours_line rust_line nginx_line
    local -a rows=()
    for setting in server-create.json:16 server-create.json:64; do
        ours_line=${RESULT[ours/$setting]:-} rust_line=${RESULT[rust/$setting]:-} nginx_line=${RESULT[nginx/$setting]:-}
        [[ -n $ours_line && -n $rust_line && -n $nginx_line ]] || continue
        [[ -z $(result_errors "$ours_line") && -z $(result_errors "$rust_line") && -z $(result_errors "$nginx_line") ]] || continue
        rows+=("| \`${setting%%:*}\` c${setting##*:} | $(cpu_sum "$rust_line") | $(cpu_sum "$ours_line") | $(awk \
            -v rs="$(field cpu_ticks "$rust_line")" -v rw="$(field wrk_ticks "$rust_line")" -v rn="$(field requests "$rust_line")" \
            -v ow="$(field wrk_ticks "$ours_line")" -v on="$(field requests "$ours_line")" -v hz="$CLK_TCK" \
            'BEGIN { printf "%.1f µs", (rs + rw) * 1e6 / hz / rn / 1.5 - ow * 1e6 / hz / on }') | $(cpu_sum "$nginx_line") |")
    done
    ((${#rows[@]} > 0)) || return 0
    echo "### What 1.5× the Rust peer asks of the server"
    echo
    echo "The server and wrk share both cores, so a run's req/s is about the cores it keeps busy divided by the"
    echo "server's plus wrk's CPU per request. 1.5× the Rust peer's req/s therefore needs ours' sum to be at most"
    echo "the Rust peer's divided by 1.5: our server's CPU per request at most that, minus what wrk spends per"
    echo "request against us. nginx's fixed answer shows what TLS, HTTP and the kernel cost with no work at all."
    echo
    echo "| setting | Rust peer: server + wrk | ours: server + wrk | 1.5× Rust needs our server CPU ≤ | nginx fixed answer: server + wrk |"
    echo "|---|---:|---:|---:|---:|"
    printf '%s\n' "${rows[@]}"
    echo
}

command_line() {
    local envs="" v
    for v in BENCH_SECONDS BENCH_REPEAT BENCH_OUR_BIN BENCH_SERVERS BENCH_SETTINGS BENCH_PORT_BASE BENCH_DIR BENCH_OUT BENCH_POLICYBENCH BENCH_POLICYBENCH_ARGS; do
        [[ -n ${!v:-} ]] && envs+="$v=$(printf '%q' "${!v}") "
    done
    if [[ -n ${MAKELEVEL:-} ]]; then echo "${envs}make bench"; else echo "${envs}bash scripts/bench.sh"; fi
}

version_of() { "$@" 2>&1 | head -1 || true; }

report() {
    echo "# Benchmarks"
    echo
    echo "Produced by \`$(command_line)\` on $(date -u '+%Y-%m-%d %H:%M UTC'), commit $BUILT_COMMIT$BUILT_DIRTY."
    echo
    echo "| | |"
    echo "|---|---|"
    echo "| machine | $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) |"
    echo "| kernel | $(uname -sr) |"
    echo "| OpenSSL | $(openssl version) |"
    echo "| load average at start | $LOAD_AT_START |"
    echo "| wrk | $(version_of wrk -v | awk '{ print $2 }'), \`-t$WRK_THREADS -cN -d${RUN_SECONDS}s -s ../shared/bench/admission.lua https://localhost:PORT/validate?timeout=10s\`, TLS keep-alive, wrk on the same cores |"
    need_servers ours && echo "| ours | $(version_of swift --version) |"
    need_servers nginx && echo "| nginx | $(version_of "$NGINX" -v | sed 's/^nginx version: //') |"
    need_servers go && echo "| Go peer | $(version_of go version) |"
    need_servers rust && echo "| Rust peer | $(version_of rustc --version), crates from Debian's librust-*-dev |"
    echo
    echo "Each server runs alone on loopback, first a ${SMOKE_SECONDS} s smoke run per body that checks every answer"
    echo "(status 200, \`allowed\`, the request's uid; nginx's fixed answer: status and errors only), then one"
    echo "${RUN_SECONDS} s run per setting$( ((REPEAT > 1)) && echo " ($REPEAT runs: the one with the median req/s is shown, with the req/s range)"). **Server CPU µs/request** is user+system time of the server's processes"
    echo "(\`/proc/PID/stat\`) over the run divided by the requests wrk completed: the figure least disturbed by"
    echo "wrk sharing the cores. **wrk CPU µs/req** is wrk's own user+system time (\`times\`) per request: what the"
    echo "client spends on each answer of that server. Ratio columns are ours divided by that server (req/s: higher is better for us;"
    echo "p99 and CPU: lower is better for us). **Others' CPU** is the share of one core used during the run by"
    echo "everything but the server and wrk (\`/proc/stat\` user+system+steal time minus both; softirq time, where"
    echo "loopback TCP runs, is left out): above a few per cent, something"
    echo "else was running and the run is disturbed. A run with any error is marked INVALID and is no measurement."
    echo
    local setting body conns name line errs rps p50 p99 cpu wrk_cpu n ours_line ours_rps ours_p99 ours_cpu
    for setting in $SETTINGS; do
        body=${setting%%:*} conns=${setting##*:}
        echo "## \`$body\`, $conns connections"
        echo
        echo "| server | answer | req/s | p50 ms | p99 ms | server CPU µs/req | wrk CPU µs/req | others' CPU | ours ÷ this: req/s | p99 | CPU/req |"
        echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        ours_line=${RESULT[ours/$setting]:-}
        ours_rps="" ours_p99="" ours_cpu=""
        if [[ -n $ours_line && -z $(result_errors "$ours_line") ]]; then
            ours_rps=$(field rps "$ours_line") ours_p99=$(field p99_ms "$ours_line")
            ours_cpu=$(us_per_req "$(field cpu_ticks "$ours_line")" "$(field requests "$ours_line")")
        fi
        for name in $SERVERS; do
            line=${RESULT[$name/$setting]:-}
            if [[ -z $line ]]; then
                echo "| $(label "$name") | ${ANSWER[$name/$body]:-} | not run: smoke check ${SMOKE[$name]:-not run} | | | | | | | |"
                continue
            fi
            errs=$(result_errors "$line")
            rps=$(field rps "$line") p50=$(field p50_ms "$line") p99=$(field p99_ms "$line") n=$(field requests "$line")
            cpu=$(us_per_req "$(field cpu_ticks "$line")" "$n")
            wrk_cpu=$(us_per_req "$(field wrk_ticks "$line")" "$n")
            if [[ -n $errs ]]; then
                echo "| $(label "$name") | ${ANSWER[$name/$body]} | INVALID ($errs) | $p50 | $p99 | $cpu | $wrk_cpu | $(other_load "$line") | | | |"
            elif [[ $name == ours || -z $ours_rps ]]; then
                echo "| $(label "$name") | ${ANSWER[$name/$body]} | $rps${RANGE[$name/$setting]:+ (${RANGE[$name/$setting]})} | $p50 | $p99 | $cpu | $wrk_cpu | $(other_load "$line") | | | |"
            else
                echo "| $(label "$name") | ${ANSWER[$name/$body]} | $rps${RANGE[$name/$setting]:+ (${RANGE[$name/$setting]})} | $p50 | $p99 | $cpu | $wrk_cpu | $(other_load "$line") | $(ratio "$ours_rps" "$rps") | $(ratio "$ours_p99" "$p99") | $(ratio "$ours_cpu" "$cpu") |"
            fi
        done
        echo
    done
    echo "## Memory (RSS of the server's processes)"
    echo
    echo "| server | after start, idle | after all runs |"
    echo "|---|---:|---:|"
    for name in $SERVERS; do
        echo "| $(label "$name") | $(mib "${RSS_START[$name]:-0}") MiB | ${RSS_AFTER[$name]:+$(mib "${RSS_AFTER[$name]}") MiB} |"
    done
    echo
    if need_servers ours && [[ -n ${RSS_START[ours]:-} ]]; then targets; fi
    if [[ -n $POLICYBENCH_OUT ]]; then
        echo "## In-process (\`.build/release/PolicyBench --bodies ../shared/bench${BENCH_POLICYBENCH_ARGS:+ $BENCH_POLICYBENCH_ARGS}\`)"
        echo
        # its own headings one level down
        sed 's/^#/##/' <<<"$POLICYBENCH_OUT"
        echo
    fi
    if [[ -n $CACHE_OUT ]]; then
        echo "## Cache sync and memory, and audit at scale (\`make bench-cache\`, and \`AuditBenchmark\`)"
        echo
        echo "\`SWT_SWIFT_ERROR_BACKTRACING_ENABLED=0 LPW_BENCH=1 swift test -c release --scratch-path $RELEASE_TESTS_DIR --no-parallel --filter \"Cache(Churn)?Benchmark|AuditBenchmark\"\`:"
        echo "the fake API server in process, over TLS on loopback. \"heap in live allocations\" is glibc's \`mallinfo2\` (bytes"
        echo "in allocated chunks), which RSS overstates by the freed pages the allocator keeps and by fragmentation."
        echo
        echo '```text'
        echo "$CACHE_OUT"
        echo '```'
        echo
    fi
    if [[ -n $SCALING_OUT ]]; then
        echo "## \`check\` against many Servers in one namespace (\`scripts/check-scaling.sh\`)"
        echo
        echo "\`scripts/check-scaling.sh $(basename "$OUR_BIN") 5000 10000 20000\`: every Server on one port with its own \`app\` label, or"
        echo "spread over 50 ports; wall time and peak RSS of one \`check\` run."
        echo
        echo '```text'
        echo "$SCALING_OUT"
        echo '```'
        echo
    fi
    echo "Logs of the run: \`.build-bench/logs/\` (not committed)."
    # The figures behind design decisions are measured by A/B runs, not by this script: carried over as they are.
    if [[ -f $OUT ]] && grep -q '^## Measured design decisions' "$OUT"; then
        echo
        sed -n '/^## Measured design decisions/,$p' "$OUT"
    fi
}

say "writing $OUT"
report >"$SCRATCH/report.md" || die "could not write the report"
mv "$SCRATCH/report.md" "$OUT" || die "could not write $OUT"

elapsed=$(($(date +%s) - SCRIPT_START))
say "done in $((elapsed / 60))m$((elapsed % 60))s: $OUT"
((FAILED == 0)) || die "some runs were invalid or failed their smoke check: see $OUT and $LOGS"
