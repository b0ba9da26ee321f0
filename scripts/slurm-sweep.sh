#!/usr/bin/env bash
# Runs a FarmSim sweep as a Slurm job array (docs/distributed.md), from any folder:
#   scripts/slurm-sweep.sh [--out DIR] [--shards N] [--tasks LIST] [--wait] [-- sweep arguments…]
# submits tasks 1-N of docs/distributed/sweep.slurm (or only LIST, such as 2 or 1,3, to run those
# shards again), each writing DIR/parts/part-k, and a merge job that runs once they have all ended,
# failed or not: it writes DIR/sweep, or says which shards are missing (DIR/merge-<job>.out).
# --wait waits for the merge and exits with its status. Defaults: DIR results/slurm-sweep, N 3, and
# the README's sweep of scenarios/intranet-zone.yaml. Build first (scripts/setup.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="results/slurm-sweep" shards=3 tasks="" wait=false
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --shards) shards="$2"; shift 2 ;;
    --tasks) tasks="$2"; shift 2 ;;
    --wait) wait=true; shift ;;
    --) shift; break ;;
    *) echo "slurm-sweep: unknown option '$1' (see the top of $0)" >&2; exit 2 ;;
  esac
done
[ $# -gt 0 ] || set -- scenarios/intranet-zone.yaml \
  --vary zones.Intranet.balancer=round-robin,least-connections,power-of-two-choices --vary load=0.5..1.1:0.1
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || { echo "slurm-sweep: --shards '$shards' is not a number of shards" >&2; exit 2; }
if [ -n "$tasks" ] && ! [[ "$tasks" =~ ^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$ ]]; then
  echo "slurm-sweep: --tasks '$tasks' is not a list of task numbers and ranges (such as 2, 1,3 or 2-4)" >&2
  exit 2
fi
rerun=false
[ -n "$tasks" ] && rerun=true
tasks="${tasks:-1-$shards}"
cli="$root/src/FarmSim.Cli/bin/Release/net10.0/farmsim.dll"
[ -f "$cli" ] || { echo "slurm-sweep: $cli is missing: build first (scripts/setup.sh)" >&2; exit 1; }
command -v sbatch >/dev/null || { echo "slurm-sweep: sbatch not found: is Slurm installed (scripts/slurm-local.sh start)?" >&2; exit 1; }

# The tasks run in the checkout, so paths given relative to here are made absolute first.
mkdir -p "$out/parts"
out="$(cd "$out" && pwd)"
args=()
for arg in "$@"; do if [ -e "$arg" ]; then args+=("$(cd "$(dirname "$arg")" && pwd)/$(basename "$arg")"); else args+=("$arg"); fi; done
# A new sweep starts from an empty folder (parts of an earlier one, with more shards, must not be
# merged); tasks run again start from nothing too, as a part left by a failed try must not be merged.
if $rerun; then
  IFS=',' read -ra listed <<< "$tasks"
  for t in "${listed[@]}"; do
    if [[ "$t" =~ ^([0-9]+)-([0-9]+)$ ]]; then for k in $(seq "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"); do rm -rf "$out/parts/part-$k"; done
    else rm -rf "$out/parts/part-$t"; fi
  done
else
  rm -rf "$out/parts"
  mkdir -p "$out/parts"
fi

array=$(sbatch --parsable --chdir "$root" --array "$tasks" --output "$out/parts/slurm-%A_%a.out" \
  --export "ALL,FARMSIM_ROOT=$root,FARMSIM_PARTS=$out/parts,FARMSIM_SHARDS=$shards" \
  "$root/docs/distributed/sweep.slurm" "${args[@]}")
# afterany, not afterok: a failed task must not leave the merge pending for ever; the merge names what is missing.
merge=$(sbatch --parsable --chdir "$root" --dependency "afterany:$array" --job-name farmsim-merge --output "$out/merge-%j.out" \
  --wrap "dotnet '$cli' merge '$out'/parts/part-* --out '$out/sweep' --force")
echo "slurm-sweep: tasks $tasks of $shards as job $array, merge as job $merge into $out/sweep"
$wait || exit 0
# Until the merge has ended: COMPLETED is a success; FAILED, CANCELLED, TIMEOUT, OUT_OF_MEMORY … are not.
state=""
while :; do
  state=$(scontrol show job -o "$merge" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 || true)
  case "$state" in PENDING|CONFIGURING|RUNNING|COMPLETING|SUSPENDED|REQUEUED|RESIZING|"") ;; *) break ;; esac
  if [ -z "$state" ] && ! squeue -h -j "$merge" >/dev/null 2>&1; then break; fi  # purged already
  sleep 1
done
cat "$out/merge-$merge.out" 2>/dev/null || true
[ "$state" = COMPLETED ] || { echo "slurm-sweep: the merge (job $merge) ended ${state:-unseen}" >&2; exit 1; }
