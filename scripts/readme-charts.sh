#!/usr/bin/env bash
# Redraws the charts the README shows (docs/images/), from the example scenarios as written.
# Run from anywhere after a build (scripts/setup.sh or dotnet build -c Release).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p docs/images
./farmsim run scenarios/fe2-fails-at-peak.yaml --out "$work/fe2" -q
./farmsim run scenarios/rolling-publish.yaml --out "$work/rolling" -q
./farmsim run scenarios/rolling-publish.yaml --set events.0.at_a_time=all --out "$work/all" -q
./farmsim run scenarios/sticky-recovery.yaml --out "$work/sticky" -q
./farmsim sweep scenarios/balancer-choice.yaml --out "$work/choice" -q
cp "$work/fe2/over_time.png" docs/images/fe2-fails-at-peak.png
cp "$work/rolling/over_time.png" docs/images/rolling-publish.png
cp "$work/all/over_time.png" docs/images/publish-all-at-once.png
cp "$work/sticky/over_time.png" docs/images/sticky-recovery.png
cp "$work/choice/sweep_percentiles.png" docs/images/balancer-choice.png
echo "docs/images: fe2-fails-at-peak.png, rolling-publish.png, publish-all-at-once.png, sticky-recovery.png, balancer-choice.png"
