#!/usr/bin/env bash
# Load balancer data path, racimo against Debian's HAProxy 2.6 running the same haproxy.cfg.
# Prints `figure: value unit` on stdout (and `# ...` notes); progress goes to stderr.
#
#   scripts/bench/balancer.sh [--rounds N] [--duration S] [--scenarios http-keepalive,http-close,tcp]
#                             [--only-haproxy]
#
# Everything is on loopback: one nginx (one worker, two server blocks, a ~100-byte page,
# keep-alive, no access log) on 127.0.0.1:18081 and :18082; one haproxy.cfg with an HTTP
# frontend on :18080 and a TCP-mode frontend on :18090, both round-robin over the two nginx
# servers without health checks; wrk -t2 -c64 -d<S>s --latency as the client. Scenarios:
#   http-keepalive   wrk to http://127.0.0.1:18080/ (persistent client connections)
#   http-close       the same with `Connection: close` (a new client connection per request)
#   tcp              wrk to http://127.0.0.1:18090/ (HTTP carried through the TCP-mode proxy)
# Each round runs, per scenario, A B B A with A = `haproxy -db -f cfg` and B = `racimo balancer
# -f cfg`, each proxy started fresh for its run and stopped with SIGTERM afterwards. The figures
# are the median over all runs of each proxy's req/s, p50 and p99, and the median over rounds of
# the per-round ratios racimo/haproxy (mean of the round's two B runs over mean of its two A
# runs; >1 is better for rps, worse for latency). Non-2xx responses and socket errors are summed.
# Each run also reads the proxy's user and system CPU time from /proc/PID/stat before and after
# wrk; their medians per request (µs) show where a difference in rps comes from, with less noise
# than rps itself, since wrk and nginx share the cores.
# Also: one nginx-direct wrk run (keep-alive, :18081) for reference, and each proxy's RSS
# (VmRSS, summed over its processes) with no client and with 5,000 idle client connections on
# :18080 (opened by scripts/bench/idle-connections.py).
#
# --only-haproxy runs HAProxy as both A and B (labels haproxy_a / haproxy_b): a same-binary
# check of the method, whose ratios should come out near 1.00.
#
# The racimo binary is $RACIMO, else /work/.build-rel/release/racimo if it exists, else
# .build/debug/racimo (this script does not build). Installs haproxy, nginx and wrk with apt-get
# if they are missing and we are root. A default run (3 rounds, 3 scenarios, 10 s) takes about
# 7 minutes; the machine should be otherwise idle (2 cores: proxy, nginx and wrk share them).
set -euo pipefail
cd "$(dirname "$0")/../.."

rounds=3
duration=10
scenarios=http-keepalive,http-close,tcp
only_haproxy=0
usage() { sed -n '4,6p' "$0" | sed 's/^# \{0,3\}//' >&2; }
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds=${2:?--rounds needs a value}; shift 2 ;;
        --duration) duration=${2:?--duration needs a value}; shift 2 ;;
        --scenarios) scenarios=${2:?--scenarios needs a value}; shift 2 ;;
        --only-haproxy) only_haproxy=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "balancer.sh: unknown argument: $1" >&2; usage; exit 2 ;;
    esac
done
case "$rounds" in ''|*[!0-9]*|0) echo "balancer.sh: --rounds must be a positive integer" >&2; exit 2 ;; esac
case "$duration" in ''|*[!0-9]*|0) echo "balancer.sh: --duration must be a positive integer (seconds)" >&2; exit 2 ;; esac
IFS=, read -r -a scenario_list <<<"$scenarios"
for s in "${scenario_list[@]}"; do
    case "$s" in
        http-keepalive|http-close|tcp) ;;
        *) echo "balancer.sh: unknown scenario '$s' (http-keepalive, http-close, tcp)" >&2; exit 2 ;;
    esac
done

log() { printf '%s\n' "$*" >&2; }
die() { printf 'balancer.sh: %s\n' "$*" >&2; exit 1; }

missing=()
for tool in haproxy nginx wrk; do
    command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" -eq 0 ] || die "missing ${missing[*]}; install them (apt-get install haproxy nginx wrk) or run as root"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy nginx wrk >/dev/null
fi
haproxy_bin=$(command -v haproxy || echo /usr/sbin/haproxy)
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
wrk_bin=$(command -v wrk)

if [ -n "${RACIMO:-}" ]; then
    racimo=$RACIMO
elif [ -x /work/.build-rel/release/racimo ]; then
    racimo=/work/.build-rel/release/racimo
else
    racimo=.build/debug/racimo
fi
if [ "$only_haproxy" -eq 1 ]; then
    name_a=haproxy_a name_b=haproxy_b
else
    name_a=haproxy name_b=racimo
    [ -x "$racimo" ] || die "racimo binary not found or not executable: $racimo (set RACIMO)"
fi

# 5,000 idle clients need 5,000 fds here and as many in the proxy; take what the hard limit allows.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge 10240 ] \
    || die "open-files limit $(ulimit -n) is too low for 5,000 idle connections (need 10240)"

log "peer: $("$haproxy_bin" -v | head -n 1)"
log "backend: $("$nginx_bin" -v 2>&1)"
log "client: $("$wrk_bin" -v 2>&1 | head -n 1)"
if [ "$only_haproxy" -eq 1 ]; then log "mode: --only-haproxy (HAProxy as both A and B)"; else log "racimo: $racimo"; fi
log "rounds $rounds, ${duration} s per run, scenarios ${scenario_list[*]}, open-files limit $(ulimit -n)"
load=$(cut -d' ' -f1 /proc/loadavg)
log "load average now: $load$(awk -v l="$load" 'BEGIN { if (l > 0.5) print " (warning: the machine is busy; figures will be noisy)" }')"
log "estimated time: about $(( (rounds * ${#scenario_list[@]} * 4 * (duration + 2) + duration + 40) / 60 + 1 )) min"

tmp=$(mktemp -d -t racimo-balancer.XXXXXX)
chmod 755 "$tmp" # nginx's worker runs as nobody when we are root; it must read the pages
nginx_pid=
proxy_pid=
idle_pid=
stop_pid() { # pid: SIGTERM, up to 5 s for it to go, then SIGKILL; reaps it
    local pid=$1 i
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "warning: pid $pid still running 5 s after SIGTERM; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    stop_pid "$idle_pid"
    stop_pid "$proxy_pid"
    stop_pid "$nginx_pid"
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

accepts() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# wait_listen PORT PID: 0 once PORT accepts, 1 after 10 s, 2 if PID exited first.
wait_listen() {
    local port=$1 pid=$2 i
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || return 2
        accepts "$port" && return 0
        sleep 0.1
    done
    return 1
}
wait_free() { # PORT: up to 5 s for nothing to listen on it any more
    local i
    for ((i = 0; i < 50; i++)); do
        accepts "$1" || return 0
        sleep 0.1
    done
    die "something already listens on 127.0.0.1:$1; stop it first"
}

# ---- nginx back ends -------------------------------------------------------------------------
ng=$tmp/nginx
mkdir -p "$ng/www1" "$ng/www2" "$ng/tmp" "$ng/logs"
for i in 1 2; do
    printf '<!doctype html><html><body><h1>servidor nginx %s</h1><p>Racimo balancer bench.</p></body></html>\n' \
        "$i" >"$ng/www$i/index.html"
done
cat >"$ng/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $ng/nginx.pid;
error_log $ng/logs/error.log warn;
worker_rlimit_nofile 16384;
events { worker_connections 8192; }
http {
    access_log off;
    sendfile on;
    tcp_nodelay on;
    keepalive_requests 100000;
    keepalive_timeout 65s;
    default_type text/html;
    client_body_temp_path $ng/tmp/body;
    proxy_temp_path $ng/tmp/proxy;
    fastcgi_temp_path $ng/tmp/fastcgi;
    uwsgi_temp_path $ng/tmp/uwsgi;
    scgi_temp_path $ng/tmp/scgi;
    server { listen 127.0.0.1:18081; root $ng/www1; }
    server { listen 127.0.0.1:18082; root $ng/www2; }
}
EOF
for port in 18080 18081 18082 18090; do wait_free "$port"; done
"$nginx_bin" -p "$ng" -e "$ng/logs/error.log" -c "$ng/nginx.conf" >"$ng/logs/stdout.log" 2>&1 &
nginx_pid=$!
for port in 18081 18082; do
    wait_listen "$port" "$nginx_pid" \
        || die "nginx did not listen on 127.0.0.1:$port within 10 s; its log: $(cat "$ng/logs/stdout.log" "$ng/logs/error.log" 2>/dev/null)"
done
for port in 18081 18082; do
    body=$(exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'GET / HTTP/1.0\r\nHost: x\r\n\r\n' >&3 && cat <&3)
    case "$body" in *"200 OK"*"servidor nginx $((port - 18080))"*) ;; *) die "nginx on :$port answers unexpectedly: $body" ;; esac
done
log "nginx up (pid $nginx_pid) on 127.0.0.1:18081 and :18082, page $(wc -c <"$ng/www1/index.html") bytes"

# ---- the one haproxy.cfg ---------------------------------------------------------------------
# HAProxy 2.6 refuses to start (strict-limits) when it cannot raise RLIMIT_NOFILE to about
# 2 x maxconn; where the hard limit is lower (containers), lower maxconn to fit rather than add
# a `no strict-limits` that racimo would also have to understand.
maxconn=20000
nofile=$(ulimit -n)
if [ "$nofile" != unlimited ] && [ "$nofile" -lt $((2 * maxconn + 100)) ]; then
    maxconn=$(( (nofile - 100) / 2 / 1000 * 1000 ))
    log "open-files limit $nofile < $((2 * 20000 + 100)): global maxconn lowered from 20000 to $maxconn"
fi
cfg=$tmp/haproxy.cfg
cat >"$cfg" <<EOF
global
    maxconn $maxconn

defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s

frontend web
    bind 127.0.0.1:18080
    default_backend nginx

backend nginx
    balance roundrobin
    server n1 127.0.0.1:18081
    server n2 127.0.0.1:18082

frontend tcpfe
    mode tcp
    bind 127.0.0.1:18090
    default_backend nginxtcp

backend nginxtcp
    mode tcp
    balance roundrobin
    server n1 127.0.0.1:18081
    server n2 127.0.0.1:18082
EOF
"$haproxy_bin" -c -f "$cfg" >"$tmp/haproxy-check.log" 2>&1 \
    || die "haproxy rejects the configuration: $(cat "$tmp/haproxy-check.log")"
printf '# haproxy.cfg (used by both proxies):\n'
sed 's/^/#   /' "$cfg"

# ---- proxies ---------------------------------------------------------------------------------
proxy_log=
proxy_warned=
# start_proxy haproxy|racimo: fresh process, waits until :18080 and :18090 accept; sets proxy_pid.
start_proxy() {
    local kind=$1 what port rc
    for port in 18080 18090; do wait_free "$port"; done
    proxy_log=$tmp/$kind.log
    if [ "$kind" = haproxy ]; then
        what="haproxy -db -f haproxy.cfg"
        "$haproxy_bin" -db -f "$cfg" >"$proxy_log" 2>&1 &
    else
        what="racimo balancer"
        "$racimo" balancer -f "$cfg" >"$proxy_log" 2>&1 &
    fi
    proxy_pid=$!
    for port in 18080 18090; do
        rc=0
        wait_listen "$port" "$proxy_pid" || rc=$?
        if [ "$rc" -ne 0 ]; then
            local pid=$proxy_pid status=0
            if [ "$rc" -eq 2 ]; then
                proxy_pid=
                wait "$pid" || status=$?
                die "$what exited (status $status) before listening on 127.0.0.1:$port; its log:
$(cat "$proxy_log")"
            fi
            die "$what did not listen on 127.0.0.1:$port within 10 s; its log:
$(cat "$proxy_log")"
        fi
    done
    # Say once what each proxy prints at start (HAProxy's warnings, for instance).
    case " $proxy_warned " in
        *" $kind "*) ;;
        *) proxy_warned="$proxy_warned $kind"
           if [ -s "$proxy_log" ]; then log "$what says at start:"; sed 's/^/    /' "$proxy_log" >&2; fi ;;
    esac
}
stop_proxy() {
    stop_pid "$proxy_pid"
    proxy_pid=
}
kind_of() { # A|B -> haproxy|racimo
    if [ "$1" = A ] || [ "$only_haproxy" -eq 1 ]; then echo haproxy; else echo racimo; fi
}

# ---- wrk -------------------------------------------------------------------------------------
wrk_cmd=()
set_wrk_cmd() { # scenario
    wrk_cmd=("$wrk_bin" -t2 -c64 "-d${duration}s" --latency)
    case "$1" in
        http-keepalive) wrk_cmd+=(http://127.0.0.1:18080/) ;;
        http-close) wrk_cmd+=(-H 'Connection: close' http://127.0.0.1:18080/) ;;
        tcp) wrk_cmd+=(http://127.0.0.1:18090/) ;;
        nginx-direct) wrk_cmd+=(http://127.0.0.1:18081/) ;;
    esac
}
# run_wrk OUTFILE: runs wrk_cmd; prints "rps p50_ms p99_ms non2xx socket_errors".
run_wrk() {
    local out=$1 parsed
    "${wrk_cmd[@]}" >"$out" 2>&1 || die "wrk failed: $(cat "$out")"
    parsed=$(awk '
        function ms(v,   n, u) {
            n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
            if (u == "us") return n / 1000
            if (u == "ms") return n
            if (u == "s") return n * 1000
            if (u == "m") return n * 60000
            if (u == "h") return n * 3600000
            return -1
        }
        /^Requests\/sec:/ { rps = $2 }
        /^[ \t]+50%/ { p50 = ms($2) }
        /^[ \t]+99%/ { p99 = ms($2) }
        /Non-2xx or 3xx responses:/ { non = $NF }
        /Socket errors:/ { se = ($4 + 0) + ($6 + 0) + ($8 + 0) + ($10 + 0) }
        END { if (rps == "") exit 1; printf "%s %.3f %.3f %d %d\n", rps, p50, p99, non + 0, se + 0 }
    ' "$out") || die "cannot parse wrk output: $(cat "$out")"
    echo "$parsed"
}

results=$tmp/results.txt
: >"$results"
clock_ticks=$(getconf CLK_TCK)
proc_cpu() { # PID: "user system" CPU time of the process (all its threads), in clock ticks
    awk '{ print $14, $15 }' "/proc/$1/stat" 2>/dev/null || echo "0 0"
}

# Fail early: both proxies must start (and listen) before any measuring.
for slot in A B; do
    start_proxy "$(kind_of "$slot")"
    stop_proxy
done

# ---- nginx direct, once ----------------------------------------------------------------------
set_wrk_cmd nginx-direct
printf '# wrk nginx-direct: %s\n' "$(printf '%q ' "${wrk_cmd[@]}")"
log "nginx direct: $(printf '%q ' "${wrk_cmd[@]}")"
r=$(run_wrk "$tmp/wrk-direct.txt") || exit 1
read -r d_rps d_p50 d_p99 d_non d_se <<<"$r"
log "  ${d_rps} req/s, p50 ${d_p50} ms, p99 ${d_p99} ms, non-2xx ${d_non}, socket errors ${d_se}"
echo "figure: nginx_direct_rps $(printf '%.0f' "$d_rps") req/s"
echo "figure: nginx_direct_p50 $d_p50 ms"
echo "figure: nginx_direct_p99 $d_p99 ms"

# ---- rounds: A B B A per scenario ------------------------------------------------------------
for s in "${scenario_list[@]}"; do
    set_wrk_cmd "$s"
    printf '# wrk %s: %s\n' "$s" "$(printf '%q ' "${wrk_cmd[@]}")"
done
for ((round = 1; round <= rounds; round++)); do
    for s in "${scenario_list[@]}"; do
        set_wrk_cmd "$s"
        run=0
        for slot in A B B A; do
            run=$((run + 1))
            kind=$(kind_of "$slot")
            if [ "$slot" = A ]; then name=$name_a; else name=$name_b; fi
            start_proxy "$kind"
            out=$tmp/wrk-$s-$round-$run.txt
            read -r user0 sys0 <<<"$(proc_cpu "$proxy_pid")"
            r=$(run_wrk "$out") || { stop_proxy; exit 1; }
            read -r user1 sys1 <<<"$(proc_cpu "$proxy_pid")"
            # A run whose proxy died under load is a failure of that proxy, not a slow run.
            kill -0 "$proxy_pid" 2>/dev/null || die "$kind died during the $s run; its log:
$(cat "$proxy_log")"
            stop_proxy
            read -r rps p50 p99 non se <<<"$r"
            requests=$(awk '/ requests in / { print $1 }' "$out")
            read -r user_us sys_us <<<"$(awk -v u=$((user1 - user0)) -v s=$((sys1 - sys0)) -v n="${requests:-0}" -v hz="$clock_ticks" \
                'BEGIN { if (n > 0) printf "%.2f %.2f\n", u * 1e6 / hz / n, s * 1e6 / hz / n; else print "0 0" }')"
            log "round $round/$rounds $s $slot $name: ${rps} req/s, p50 ${p50} ms, p99 ${p99} ms, non-2xx ${non}, socket errors ${se}, proxy CPU ${user_us} µs user + ${sys_us} µs system per request"
            [ "$non" -eq 0 ] && [ "$se" -eq 0 ] || log "  warning: errors in this run; wrk said: $(grep -E 'Non-2xx|Socket errors' "$out" | tr -s ' ')"
            echo "$s $round $slot $rps $p50 $p99 $non $se $user_us $sys_us" >>"$results"
        done
    done
done

# ---- figures ---------------------------------------------------------------------------------
python3 - "$results" "$name_a" "$name_b" "$rounds" "${scenario_list[@]}" <<'EOF'
import statistics as st
import sys

path, name_a, name_b, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
scenarios = sys.argv[5:]
rows = [line.split() for line in open(path) if line.strip()]
for s in scenarios:
    key = s.replace("-", "_")
    runs = {"A": [], "B": []}
    per_round = {}
    for sc, rnd, slot, rps, p50, p99, non, se, user, system in rows:
        if sc != s:
            continue
        rec = (float(rps), float(p50), float(p99), int(non), int(se), float(user), float(system))
        runs[slot].append(rec)
        per_round.setdefault(int(rnd), {"A": [], "B": []})[slot].append(rec)
    ratios = {"rps": [], "p50": [], "p99": []}
    for rnd in sorted(per_round):
        a, b = per_round[rnd]["A"], per_round[rnd]["B"]
        for i, m in ((0, "rps"), (1, "p50"), (2, "p99")):
            ma, mb = st.mean(r[i] for r in a), st.mean(r[i] for r in b)
            ratios[m].append(mb / ma if ma > 0 else float("nan"))
    for slot, name in (("A", name_a), ("B", name_b)):
        rs = runs[slot]
        print(f"figure: {key}_rps_{name} {st.median(r[0] for r in rs):.0f} req/s")
        print(f"figure: {key}_p50_{name} {st.median(r[1] for r in rs):.3f} ms")
        print(f"figure: {key}_p99_{name} {st.median(r[2] for r in rs):.3f} ms")
    for m in ("rps", "p50", "p99"):
        print(f"figure: {key}_{m}_ratio {st.median(ratios[m]):.2f} x")
    for slot, name in (("A", name_a), ("B", name_b)):
        rs = runs[slot]
        print(f"figure: {key}_non2xx_{name} {sum(r[3] for r in rs)} responses")
        print(f"figure: {key}_socket_errors_{name} {sum(r[4] for r in rs)} errors")
        print(f"figure: {key}_cpu_user_{name} {st.median(r[5] for r in rs):.2f} us/request")
        print(f"figure: {key}_cpu_system_{name} {st.median(r[6] for r in rs):.2f} us/request")
    spread = ", ".join(f"{x:.3f}" for x in ratios["rps"])
    print(f"{s}: per-round rps ratios {name_b}/{name_a}: {spread}", file=sys.stderr)
    spread = ", ".join(f"{x:.3f}" for x in ratios["p99"])
    print(f"{s}: per-round p99 ratios {name_b}/{name_a}: {spread}", file=sys.stderr)
EOF

# ---- RSS with 5,000 idle client connections --------------------------------------------------
rss_kib() { # PID: VmRSS of PID and all its descendants, in KiB
    local total=0 pid kib child
    local -a todo=("$1")
    while [ ${#todo[@]} -gt 0 ]; do
        pid=${todo[0]}
        todo=("${todo[@]:1}")
        kib=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
        total=$((total + ${kib:-0}))
        for child in $(pgrep -P "$pid" || true); do todo+=("$child"); done
    done
    echo "$total"
}
fd_count() { # PID and descendants: open fds
    local total=0 pid child n
    local -a todo=("$1")
    while [ ${#todo[@]} -gt 0 ]; do
        pid=${todo[0]}
        todo=("${todo[@]:1}")
        n=$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
        total=$((total + n))
        for child in $(pgrep -P "$pid" || true); do todo+=("$child"); done
    done
    echo "$total"
}
idle=5000
for slot in A B; do
    kind=$(kind_of "$slot")
    if [ "$slot" = A ]; then name=$name_a; else name=$name_b; fi
    start_proxy "$kind"
    sleep 1
    rss0=$(rss_kib "$proxy_pid")
    fds0=$(fd_count "$proxy_pid")
    python3 scripts/bench/idle-connections.py 127.0.0.1 18080 "$idle" >"$tmp/idle.out" 2>"$tmp/idle.err" &
    idle_pid=$!
    for ((i = 0; i < 900; i++)); do
        grep -q '^ready' "$tmp/idle.out" && break
        kill -0 "$idle_pid" 2>/dev/null || die "idle-connections.py failed: $(cat "$tmp/idle.err")"
        sleep 0.1
    done
    grep -q '^ready' "$tmp/idle.out" || die "idle-connections.py did not open $idle connections within 90 s"
    # Connected is not accepted: wait until the proxy holds (almost) all of them as fds.
    for ((i = 0; i < 100; i++)); do
        [ "$(fd_count "$proxy_pid")" -ge $((fds0 + idle)) ] && break
        sleep 0.1
    done
    sleep 2
    fds=$(fd_count "$proxy_pid")
    rss=$(rss_kib "$proxy_pid")
    kill -0 "$proxy_pid" 2>/dev/null || die "$kind died holding $idle idle connections; its log: $(cat "$proxy_log")"
    log "$name: RSS ${rss0} KiB with no client, ${rss} KiB with $idle idle clients ($((fds - fds0)) more fds)"
    [ $((fds - fds0)) -ge "$idle" ] || log "  warning: $name holds only $((fds - fds0)) more fds than before the $idle connections"
    stop_pid "$idle_pid"
    idle_pid=
    stop_proxy
    awk -v k="$rss0" -v n="$name" 'BEGIN { printf "figure: rss_no_clients_%s %.1f MiB\n", n, k / 1024 }'
    awk -v k="$rss" -v n="$name" -v c="$idle" 'BEGIN { printf "figure: rss_%d_idle_%s %.1f MiB\n", c, n, k / 1024 }'
done
log "done"
