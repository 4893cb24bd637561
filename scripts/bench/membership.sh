#!/usr/bin/env bash
# Membership figures from whole simulated clusters (no peer to compare with: SWIM/Lifeguard in
# memberlist would need Go, which this project does not install). Prints `figure: value unit`.
#
#   scripts/bench/membership.sh            detection, traffic and false deaths at 10/100/1000 nodes,
#                                          0 % and 5 % loss; partition healing at 1000 nodes
#   scripts/bench/membership.sh --soak     adds one simulated hour at 1000 nodes and 5 % loss
#                                          (about an hour of CPU on this machine)
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product racimo-bench 2>&1 | tail -n 1
bench=.build/release/racimo-bench
for nodes in 10 100 1000; do
    crashes=50
    [ "$nodes" -le 50 ] && crashes=$((nodes - 2))
    for loss in 0 0.05; do
        "$bench" membership detect --nodes "$nodes" --loss "$loss" --crashes "$crashes"
    done
done
"$bench" membership partition --nodes 1000 --loss 0.05
if [ "${1:-}" = "--soak" ]; then
    "$bench" membership soak --nodes 1000 --loss 0.05 --seconds 3600
fi
