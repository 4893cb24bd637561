#!/usr/bin/env bash
# Run-anywhere figures (issue 8): seed 001's openMosix test on an emulated two-node cluster,
# each node a network-namespace host confined to one CPU (cpuset), one core each.
#
#   scripts/bench/run-anywhere.sh [-r ROUNDS] [-n FIB_N]
#
# Four copies of a CPU-bound Fibonacci computation (examples/openmosix/fib.c) are started
# from h1 with `racimo run --spread 4`, against the same four kept at home with
# `racimo run -h --spread 4` (the one-node time). Rounds go A B B A …, each on a cluster
# started fresh; each run is over 10 s. Prints `figure: value unit` lines:
#   seed001_one_node_time / seed001_two_node_time   wall time of each run
#   seed001_ratio                                   median of the per-pair ratios (target <= 0.55)
#   seed001_speedup                                 its inverse
#   single_copy_node                                where one copy goes (seed 001: it stays home)
# Needs root and gcc. Cleans up what it starts.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/../.."
ROOT=$PWD

ROUNDS=2
FIB_N=45
while [ $# -gt 0 ]; do
    case $1 in
        -r) ROUNDS=$2; shift 2 ;;
        -n) FIB_N=$2; shift 2 ;;
        *) sed -n '2,17p' "$0" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" = 0 ] || { echo "run-anywhere.sh: run as root (network namespaces, cgroups)" >&2; exit 2; }

log() { printf '[%(%T)T] %s\n' -1 "$*" >&2; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
now() { echo "$EPOCHREALTIME"; }

RACIMO=${RACIMO:-}
if [ -z "$RACIMO" ]; then
    swift build -c release --scratch-path .build-rel --product racimo 2>&1 | tail -n 1 >&2
    RACIMO=$ROOT/.build-rel/release/racimo
fi
HOSTS=$ROOT/scripts/netns/hosts
NAME=ra$$
NAME=${NAME:0:8}
WORK=$(mktemp -d /tmp/racimo-run-bench.XXXXXX)
chmod 755 "$WORK"
mkdir -m 1777 "$WORK/run"
SUBNET=61
AGENTS=()

cleanup() {
    for pid in "${AGENTS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    "$HOSTS" down --name "$NAME" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

gcc -O1 -o "$WORK/run/fib" examples/openmosix/fib.c

cluster_up() {
    "$HOSTS" up 2 --name "$NAME" --subnet "$SUBNET" --cpus "0/$(( 1 % $(nproc) ))" >/dev/null
    head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$WORK/cluster.key"
    chmod 600 "$WORK/cluster.key"
    local i
    for i in 1 2; do
        cat >"$WORK/h$i.toml" <<EOF
[node]
name = "h$i"
listen = "10.213.$SUBNET.$i:9401"
seeds = ["10.213.$SUBNET.1:9401"]
[cluster]
key_file = "$WORK/cluster.key"
[admin]
listen = "127.0.0.1:9400"
token_file = "$WORK/admin-$i.token"
[log]
level = "warning"
[run]
listen = "10.213.$SUBNET.$i:9403"
socket = "$WORK/run-$i.sock"
EOF
        AGENTS+=("$("$HOSTS" spawn "$NAME" "$i" --log "$WORK/h$i.log" -- "$RACIMO" agent -c "$WORK/h$i.toml")")
    done
    for _ in $(seq 200); do
        local up
        up=$(as_user mon --json 2>/dev/null | grep -c '"up" : true' || true)
        [ "$up" -ge 2 ] && return 0
        sleep 0.1
    done
    echo "run-anywhere.sh: the two nodes did not see each other" >&2
    tail -n 20 "$WORK"/h*.log >&2
    exit 1
}

cluster_down() {
    for pid in "${AGENTS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    AGENTS=()
    "$HOSTS" down --name "$NAME" >/dev/null 2>&1 || true
}

# `racimo ARGS` as nobody on h1, from the shared folder, the way a user runs it.
as_user() {
    (cd "$WORK/run" && RACIMO_RUN_SOCKET="$WORK/run-1.sock" \
        "$HOSTS" exec "$NAME" 1 -- setpriv --reuid=65534 --regid=65534 --clear-groups "$RACIMO" "$@")
}

# One timed run of four copies; $1 is "home" (one node) or "spread" (the cluster).
timed() {
    local how=$1 t0 t1 where=()
    [ "$how" = home ] && where=(-h)
    cluster_up
    sleep 1
    t0=$(now)
    as_user run "${where[@]}" --spread 4 -v ./fib "$FIB_N" >"$WORK/out" 2>"$WORK/err"
    t1=$(now)
    log "$how: $(grep -c '^fib' "$WORK/out") copies; placed on: $(grep -o 'h[12]: ' "$WORK/err" | sort | uniq -c | tr -s ' \n' ' ')"
    cluster_down
    calc %.3f "$t1 - $t0"
}

ratios=()
for ((round = 1; round <= ROUNDS; round++)); do
    # A B B A: home, spread, spread, home.
    a1=$(timed home); b1=$(timed spread); b2=$(timed spread); a2=$(timed home)
    echo "seed001_one_node_time: $a1 s"
    echo "seed001_two_node_time: $b1 s"
    echo "seed001_two_node_time: $b2 s"
    echo "seed001_one_node_time: $a2 s"
    ratios+=("$(calc %.4f "$b1 / $a1")" "$(calc %.4f "$b2 / $a2")")
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
echo "seed001_ratios: ${ratios[*]}"
echo "seed001_ratio: $median (target <= 0.55)"
echo "seed001_speedup: $(calc %.3f "1 / $median")"

cluster_up
sleep 1
as_user run -v ./fib 30 >/dev/null 2>"$WORK/err"
echo "single_copy_node: $(grep -o 'h[12]: [a-z ]*' "$WORK/err" | head -1)"
cluster_down
