#!/usr/bin/env bash
# VRRP failover time, racimo against Debian's keepalived in the same run. Prints `figure: value unit`.
#
#   scripts/bench/vrrp-failover.sh [--runs N] [--scenarios v3_100ms_kill9,v2_1s_kill9,v2_1s_term]
#
# Three network-namespace hosts (scripts/netns/hosts, 10.213.X.0/16): h1 (priority 150) and h2
# (priority 100) run the VRRP daemons and a UDP responder each; h3 probes VIP 10.213.X.200
# every 10 ms. Failover time = from the signal to h1's daemon (kill -9, or SIGTERM for a
# graceful stop), sent right after one of h1's adverts (the worst case, and the same for both
# implementations), to h3's first answer from h2. Scenarios: v3 advert_int 0.1 killed -9,
# v2 advert_int 1 killed -9, v2 advert_int 1 stopped. Each round runs racimo and keepalived
# (A B, then B A, …), both directors started fresh each time; the figures are p50 and max of
# the runs (default 10) and the median of the per-round ratios racimo/keepalived.
#
# Needs root. Installs keepalived with apt-get if it is missing. Builds release binaries in
# $RACIMO_SCRATCH (default .build). Takes about 10 minutes for 10 runs.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ "$(id -u)" -ne 0 ]; then
    echo "vrrp-failover.sh: needs root (network namespaces, raw sockets)" >&2
    exit 2
fi
if [ ! -x /usr/sbin/keepalived ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq keepalived >/dev/null
fi
/usr/sbin/keepalived --version 2>&1 | head -n 1 | sed 's/^/peer: /'

scratch=${RACIMO_SCRATCH:-.build}
for product in racimo racimo-bench; do
    swift build -c release --product "$product" --scratch-path "$scratch" 2>&1 | tail -n 1
done
bin=$scratch/release

# A cluster name of our own, so that an interrupted run is torn down here too.
cluster=vf$(printf '%04x' $((RANDOM % 65536)))
bench_pid=
cleanup() {
    if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then
        kill -TERM "$bench_pid" 2>/dev/null || true
        wait "$bench_pid" 2>/dev/null || true
    fi
    if [ -d "/run/racimo-netns/$cluster" ]; then
        scripts/netns/hosts down --name "$cluster" >/dev/null || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$bin/racimo-bench" vrrp failover --cluster "$cluster" --racimo "$bin/racimo" --keepalived /usr/sbin/keepalived "$@" &
bench_pid=$!
wait "$bench_pid"
