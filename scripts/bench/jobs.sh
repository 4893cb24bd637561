#!/usr/bin/env bash
# Jobs figures: Racimo's scheduler and Slurm 22.05 on the same emulated cluster shape, in one
# run (issue 7). A head node and N single-CPU execute nodes as network-namespace hosts, each
# node confined to one CPU (cpuset), the two systems taking turns: Racimo, Slurm, Racimo.
# Slurm's side is ../shared/bench/slurm-baseline.sh (tuned profile: batch_sched_delay=0).
#
#   scripts/bench/jobs.sh [-n NODES] [-j JOBS] [--no-slurm]
#
# Prints `figure: value unit` lines for each system and the ratios (median of Racimo's rounds
# against Slurm's run):
#   submit_10000_time      one `queue 10000` submission, end to end (racimo submit)
#   submit_throughput      jobs accepted per second (Slurm: one sbatch per job, its usual form)
#   drain_throughput       JOBS x /bin/true on NODES nodes, submit to empty queue
#   seed_makespan          the seed's myjob.condor (100 x 2-second myprog) against 100x2/NODES
#   start_latency          submit to the job's first instruction, one job on an idle cluster
# Needs root; installs slurm-wlm through the baseline script. Cleans up what it starts.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/../.."
ROOT=$PWD

NODES=5
JOBS=1000
SLURM=1
while [ $# -gt 0 ]; do
    case $1 in
        -n) NODES=$2; shift 2 ;;
        -j) JOBS=$2; shift 2 ;;
        --no-slurm) SLURM=0; shift ;;
        *) sed -n '2,16p' "$0" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" = 0 ] || { echo "jobs.sh: run as root (network namespaces, cgroups)" >&2; exit 2; }

log() { printf '[%(%T)T] %s\n' -1 "$*" >&2; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
now() { echo "$EPOCHREALTIME"; }

RACIMO=${RACIMO:-}
if [ -z "$RACIMO" ]; then
    swift build -c release --scratch-path .build-rel --product racimo 2>&1 | tail -n 1 >&2
    RACIMO=$ROOT/.build-rel/release/racimo
fi
HOSTS=$ROOT/scripts/netns/hosts
NAME=jb$$
NAME=${NAME:0:8}
WORK=$(mktemp -d /tmp/racimo-jobs-bench.XXXXXX)
chmod 755 "$WORK"
mkdir -m 1777 "$WORK/jobs"
SUBNET=60
AGENTS=()

cleanup() {
    for pid in "${AGENTS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    "$HOSTS" down --name "$NAME" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# ---- Racimo's cluster ------------------------------------------------------------------
racimo_up() {
    local cpus=() i
    for ((i = 0; i <= NODES; i++)); do cpus+=("$((i % $(nproc)))"); done
    "$HOSTS" up $((NODES + 1)) --name "$NAME" --subnet "$SUBNET" --cpus "$(IFS=/; echo "${cpus[*]}")" >/dev/null
    head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$WORK/cluster.key"
    chmod 600 "$WORK/cluster.key"
    for ((i = 1; i <= NODES + 1; i++)); do
        local role
        if [ "$i" = 1 ]; then
            role="[scheduler]
listen = \"10.213.$SUBNET.1:9618\"
database = \"$WORK/queue-$BASHPID.db\"
socket = \"$WORK/schedd.sock\""
        else
            role="[execute]
scheduler = \"10.213.$SUBNET.1:9618\"
cpus = 1
memory = 1024"
        fi
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
$role
EOF
        AGENTS+=("$("$HOSTS" spawn "$NAME" "$i" --log "$WORK/h$i.log" -- "$RACIMO" agent -c "$WORK/h$i.toml")")
    done
    # Every execute node has joined when `racimo status` lists NODES partitionable slots.
    for _ in $(seq 200); do
        local n
        n=$("$RACIMO" status --socket "$WORK/schedd.sock" --json 2>/dev/null | grep -c '"name" : "h' || true)
        [ "$n" -ge "$NODES" ] && return 0
        sleep 0.1
    done
    echo "jobs.sh: execute nodes did not join" >&2
    tail -n 20 "$WORK"/h*.log >&2
    exit 1
}

racimo_down() {
    for pid in "${AGENTS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    AGENTS=()
    "$HOSTS" down --name "$NAME" >/dev/null 2>&1 || true
    rm -f "$WORK"/queue-*.db*
}

as_user() { (cd "$WORK/jobs" && setpriv --reuid=65534 --regid=65534 --clear-groups "$RACIMO" "$@" --socket "$WORK/schedd.sock"); }

wait_empty() {
    while :; do
        local left
        left=$(as_user q --json | grep -c '"id"' || true)
        [ "$left" = 0 ] && return 0
        sleep 0.1
    done
}

racimo_round() {
    local round=$1 t0 t1 t_end
    log "racimo round $round: $NODES execute nodes"
    racimo_up
    # a) 10,000 jobs in one submission, acknowledged once durable (the first five start at
    #    once), then removed so that they do not run for a minute.
    printf 'executable = /bin/true\nqueue 10000\n' >"$WORK/jobs/many.sub"
    t0=$(now); as_user submit many.sub >/dev/null; t1=$(now)
    echo "racimo_submit_10000_time: $(calc %.3f "$t1 - $t0") s"
    echo "racimo_submit_throughput: $(calc %.1f "10000 / ($t1 - $t0)") jobs/s"
    as_user rm 1 >/dev/null
    wait_empty
    # b) drain: JOBS x /bin/true.
    printf 'executable = /bin/true\nqueue %d\n' "$JOBS" >"$WORK/jobs/true.sub"
    t0=$(now); as_user submit true.sub >/dev/null; wait_empty; t_end=$(now)
    echo "racimo_drain_time: $(calc %.2f "$t_end - $t0") s"
    echo "racimo_drain_throughput: $(calc %.1f "$JOBS / ($t_end - $t0)") jobs/s"
    # c) the seed workload, with the seed's own files.
    cp "$ROOT/examples/condor/myprog" "$ROOT/examples/condor/myjob.condor" "$WORK/jobs/"
    chmod 755 "$WORK/jobs/myprog"
    t0=$(now); as_user submit myjob.condor >/dev/null; wait_empty; t_end=$(now)
    echo "racimo_seed_makespan: $(calc %.2f "$t_end - $t0") s"
    echo "racimo_seed_ratio: $(calc %.3f "($t_end - $t0) / (100 * 2 / $NODES)") x"
    # d) latency: the job records when its first instruction ran.
    local lat=() i started
    for i in 1 2 3 4 5 6 7 8 9 10; do
        rm -f "$WORK/jobs/started"
        cat >"$WORK/jobs/one.sub" <<'SUB'
executable = /bin/bash
arguments = "-c 'echo $EPOCHREALTIME > started'"
queue
SUB
        t0=$(now); as_user submit one.sub >/dev/null
        while [ ! -s "$WORK/jobs/started" ]; do sleep 0.005; done
        started=$(<"$WORK/jobs/started")
        # bash's EPOCHREALTIME in the job: the same clock as ours.
        lat+=("$(calc %.1f "($started - $t0) * 1000")")
        wait_empty
    done
    echo "# racimo submit-to-start runs (ms): ${lat[*]}"
    echo "racimo_start_latency: $(printf '%s\n' "${lat[@]}" | sort -n | awk '{v[NR]=$1} END {printf "%.1f", NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}') ms"
    racimo_down
}

OUT=$WORK/figures
racimo_round 1 | tee -a "$OUT"
if [ "$SLURM" = 1 ]; then
    log "slurm (tuned): $NODES nodes, $JOBS jobs"
    bash "$ROOT/../shared/bench/slurm-baseline.sh" -n "$NODES" -j "$JOBS" -p tuned | sed 's/^\([a-z_]*\):/slurm_\1:/' | tee -a "$OUT"
fi
racimo_round 2 | tee -a "$OUT"

median() { grep "^$1:" "$OUT" | awk '{print $2}' | sort -n | awk '{v[NR]=$1} END {if (NR) printf "%.3f", NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
if [ "$SLURM" = 1 ]; then
    r_drain=$(median racimo_drain_throughput); s_drain=$(median slurm_drain_throughput)
    r_seed=$(median racimo_seed_makespan); s_seed=$(median slurm_seed_makespan)
    r_sub=$(median racimo_submit_throughput); s_sub=$(median slurm_submit_throughput)
    r_lat=$(median racimo_start_latency); s_lat=$(median slurm_srun_latency_median)
    echo "figure: drain_throughput_ratio $(calc %.1f "$r_drain / $s_drain") x (racimo $r_drain jobs/s, slurm $s_drain jobs/s)"
    echo "figure: seed_makespan_ratio $(calc %.3f "$r_seed / $s_seed") x (racimo $r_seed s, slurm $s_seed s, ideal $(calc %.1f "100 * 2 / $NODES") s)"
    echo "figure: submit_throughput_ratio $(calc %.1f "$r_sub / $s_sub") x (racimo $r_sub jobs/s in one submission, slurm $s_sub jobs/s by sbatch)"
    echo "figure: start_latency $r_lat ms (slurm srun -N1 true: $s_lat ms)"
fi
echo "figure: submit_10000_time $(median racimo_submit_10000_time) s"
echo "figure: seed_makespan $(median racimo_seed_makespan) s ($(median racimo_seed_ratio) x ideal)"
