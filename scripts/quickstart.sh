#!/usr/bin/env bash
# Sets FarmSim up on a fresh machine and runs the example farm scenario into results/example/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
./farmsim run scenarios/intranet-zone.yaml --out results/example --force "$@"
