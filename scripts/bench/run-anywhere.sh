#!/usr/bin/env bash
# Run-anywhere figures (issue 8): seed 001's openMosix test on an emulated two-node cluster,
# each node a network-namespace host confined to one CPU (cpuset), one core each.
#
#   scripts/bench/run-anywhere.sh [-r ROUNDS] [-n FIB_N] [--only "seed001 migration moves"]
#
# Four copies of a CPU-bound Fibonacci computation (examples/openmosix/fib.c) are started
# from h1 with `racimo run --spread 4`, against the same four kept at home with
# `racimo run -h --spread 4` (the one-node time). Rounds go A B B A …, each on a cluster
# started fresh; each run is over 10 s. Prints `figure: value unit` lines:
#   seed001_one_node_time / seed001_two_node_time   wall time of each run
#   seed001_ratio                                   median of the per-pair ratios (target <= 0.55)
#   seed001_speedup                                 its inverse
#   single_copy_node                                where one copy goes (seed 001: it stays home)
#   migration_ratio       3 copies on 2 nodes, rebalancing against placement alone (target <= 0.8)
#   freeze_to_resume_*MB  a move of a 10 MB, 100 MB, 1 GB process; hundred_moves_*: 100 moves of one
# Needs root and gcc. Cleans up what it starts.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/../.."
ROOT=$PWD

ROUNDS=2
FIB_N=45
PARTS="seed001 migration moves"
while [ $# -gt 0 ]; do
    case $1 in
        -r) ROUNDS=$2; shift 2 ;;
        -n) FIB_N=$2; shift 2 ;;
        --only) PARTS=$2; shift 2 ;;
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
    rm -rf "$WORK" /dev/shm/racimo-bench-"$NAME"-*
}
trap cleanup EXIT

gcc -O1 -o "$WORK/run/fib" examples/openmosix/fib.c
CRIU=$(scripts/criu/install --print || true)
[ -n "$CRIU" ] || { scripts/criu/install >/dev/null; CRIU=$(scripts/criu/install --print); }

REBALANCE=false
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
level = "info"
[membership]
hello_interval = "200ms"
probe_interval = "200ms"
probe_timeout = "100ms"
[run]
listen = "10.213.$SUBNET.$i:9403"
socket = "$WORK/run-$i.sock"
criu = "$CRIU"
images = "/dev/shm/racimo-bench-$NAME-$i"
rebalance = $REBALANCE
EOF
        AGENTS+=("$("$HOSTS" spawn "$NAME" "$i" --log "$WORK/h$i.log" -- "$RACIMO" agent -c "$WORK/h$i.toml")")
    done
    local deadline=$((SECONDS + 60))
    while [ $SECONDS -lt $deadline ]; do
        local up
        up=$(as_user mon --json 2>/dev/null | grep -c '"up" : true' || true)
        [ "$up" -ge 2 ] && return 0
        sleep 0.2
    done
    echo "run-anywhere.sh: the two nodes did not see each other" >&2
    as_user mon --json >&2 || true
    tail -n 20 "$WORK"/h*.log >&2
    exit 1
}

cluster_down() {
    # RACIMO_KEEP_LOGS=DIR keeps the agents' logs of each cluster, in a folder per cluster.
    if [ -n "${RACIMO_KEEP_LOGS:-}" ]; then
        local keep; keep="$RACIMO_KEEP_LOGS/$(date +%H%M%S.%N | cut -c1-10)-rebalance-$REBALANCE"
        mkdir -p "$keep" && cp "$WORK"/h*.log "$keep/" 2>/dev/null || true
    fi
    for pid in "${AGENTS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    AGENTS=()
    "$HOSTS" down --name "$NAME" >/dev/null 2>&1 || true
}

# `racimo ARGS` as nobody on h1, from the shared folder, the way a user runs it.
as_user() {
    (cd "$WORK/run" && RACIMO_RUN_SOCKET="$WORK/run-1.sock" \
        "$HOSTS" exec "$NAME" 1 -- setpriv --reuid=65534 --regid=65534 --clear-groups "$RACIMO" "$@")
}

# One timed run of COPIES copies; $1 is "home" (one node) or "spread" (the cluster).
COPIES=4
timed() {
    local how=$1 t0 t1 where=()
    [ "$how" = home ] && where=(-h)
    cluster_up
    sleep 1
    t0=$(now)
    as_user run "${where[@]}" --spread "$COPIES" -v ./fib "$FIB_N" >"$WORK/out" 2>"$WORK/err"
    t1=$(now)
    log "$how: $(grep -c '^fib' "$WORK/out") copies; placed on: $(grep -o 'h[12]: ' "$WORK/err" | sort | uniq -c | tr -s ' \n' ' ')"
    cluster_down
    calc %.3f "$t1 - $t0"
}

part() { [[ " $PARTS " == *" $1 "* ]]; }

if part seed001; then
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
fi

# Migration beats placement: three copies on the two nodes, placement alone (2 + 1: the last
# copy waits for the doubled node) against the same with rebalancing on (a copy moves to the
# node that frees up). A B B A, placement alone first.
if part migration; then
COPIES=3
moves=()
for ((round = 1; round <= ROUNDS; round++)); do
    REBALANCE=false; a1=$(timed spread)
    REBALANCE=true; b1=$(timed spread); b2=$(timed spread)
    REBALANCE=false; a2=$(timed spread)
    echo "three_placement_only_time: $a1 s"
    echo "three_with_migration_time: $b1 s"
    echo "three_with_migration_time: $b2 s"
    echo "three_placement_only_time: $a2 s"
    moves+=("$(calc %.4f "$b1 / $a1")" "$(calc %.4f "$b2 / $a2")")
done
median=$(printf '%s\n' "${moves[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
echo "migration_ratios: ${moves[*]}"
echo "migration_ratio: $median (target <= 0.8; ideal 0.75)"
REBALANCE=false
COPIES=4
fi

if part seed001; then
cluster_up
sleep 1
as_user run -v ./fib 30 >/dev/null 2>"$WORK/err"
echo "single_copy_node: $(grep -o 'h[12]: [a-z ]*' "$WORK/err" | head -1)"
cluster_down
fi

# Migration figures: freeze to resume (checkpoint, image over the channel, restore; what
# `racimo ps` reports as the last move's time) and image size for processes of 10 MB, 100 MB
# and 1 GB, moving h1 -> h2 -> h1 -> h2; then 100 moves of one process, counting that it is
# still exactly one process whose output lost nothing.
part moves || exit 0
REBALANCE=false
cluster_up
sleep 1
cat >"$WORK/run/hold.py" <<'PY'
import sys, time
size = int(sys.argv[1]) << 20
block = bytearray(size)
for i in range(0, size, 4096):
    block[i] = 1
n = 0
while True:
    n += 1
    print(f"beat {n}", flush=True)
    time.sleep(0.05)
PY
move_times() {  # $1 = MB
    local mb=$1 id times=() node
    as_user run -h /usr/bin/python3 hold.py "$mb" >"$WORK/hold-$mb.out" 2>&1 &
    local client=$!
    for _ in $(seq 100); do
        id=$(as_user ps --json | python3 -c 'import json,sys; r=[e for e in json.load(sys.stdin) if e["state"]=="running" and e["residentBytes"] > 0]; print(r[0]["id"] if r else "")')
        [ -n "$id" ] && break
        sleep 0.2
    done
    for node in h2 h1 h2; do
        sleep 1.2   # a process restored less than a second ago waits that long before it moves again
        as_user migrate "$id" "$node" >/dev/null
        times+=("$(as_user ps --json | python3 -c "import json,sys; r=[e for e in json.load(sys.stdin) if e['id']==$id]; print(r[0]['lastMoveSeconds'])")")
    done
    local rss; rss=$(as_user ps --json | python3 -c "import json,sys; r=[e for e in json.load(sys.stdin) if e['id']==$id]; print(r[0]['residentBytes'] >> 20)")
    as_user killall python3 >/dev/null 2>&1 || true
    wait "$client" 2>/dev/null || true
    echo "freeze_to_resume_${mb}MB: $(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p) s (moves: ${times[*]})"
    echo "image_size_${mb}MB: $rss MB (resident memory moved)"
}
for mb in ${SIZES:-10 100 1000}; do move_times "$mb"; done

as_user run -h /usr/bin/python3 hold.py 1 >"$WORK/count.out" 2>&1 &
client=$!
sleep 2
id=$(as_user ps --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
ok=0
for ((i = 1; i <= 100; i++)); do
    node=$([ $((i % 2)) = 1 ] && echo h2 || echo h1)
    as_user migrate "$id" "$node" >/dev/null 2>&1 && ok=$((ok + 1))
done
processes=$(as_user ps --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
running=$(pgrep -u 65534 -f '^/usr/bin/python3 hold.py 1$' | wc -l)   # one PID space for both hosts
migrations=$(as_user ps --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["migrations"])')
as_user killall python3 >/dev/null 2>&1 || true
wait "$client" 2>/dev/null || true
beats=$(grep -c '^beat' "$WORK/count.out")
gaps=$(awk '/^beat/ { if ($2 != prev + 1) bad++; prev = $2 } END { print bad + 0 }' "$WORK/count.out")
echo "hundred_moves_done: $ok of 100 (migrations counted by home: $migrations)"
echo "hundred_moves_processes: $processes in racimo ps, $running running (expected 1 and 1)"
echo "hundred_moves_output: $beats beats, $gaps out of order or missing"
cluster_down
