#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, without systemd: for trying the Slurm recipe of
# docs/distributed.md, and for the test that follows it in CI.
#   scripts/slurm-local.sh start    install slurm-wlm and munge if missing (as root), write a minimal
#                                   slurm.conf, start munged, slurmctld and slurmd, wait for the node
#   scripts/slurm-local.sh stop     stop slurmctld and slurmd by their process ids (munged, which
#                                   other programs may use, is left running; the next start reuses it)
#   scripts/slurm-local.sh env      print the export line the Slurm commands need (SLURM_CONF)
# State, logs and the configuration live in $FARMSIM_SLURM_DIR (default /tmp/farmsim-slurm).
set -euo pipefail
dir="${FARMSIM_SLURM_DIR:-/tmp/farmsim-slurm}"
conf="$dir/slurm.conf"

say() { echo "slurm-local: $*" >&2; }

install_if_missing() {
  command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null && return
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    say "slurm-wlm and munge are not installed; as root: apt-get install slurm-wlm munge"
    exit 1
  fi
  say "installing slurm-wlm and munge"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
}

write_conf() {
  local host cpus memory
  host="$(hostname -s)"
  cpus="$(nproc)"
  # RealMemory must be given, or sbatch --mem is refused ("Memory specification can not be satisfied").
  memory=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))
  mkdir -p "$dir/state" "$dir/spool"
  cat > "$conf" <<CONF
ClusterName=farmsim
SlurmctldHost=$host
SlurmUser=$(id -un)
AuthType=auth/munge
# The default cgroup tracking aborts here: "cgroup namespace 'freezer' not mounted".
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=farmsim Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
}

start_munge() {
  if munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then return; fi
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge 2>/dev/null || true
  if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=128 status=none
    chown munge:munge /etc/munge/munge.key
    chmod 400 /etc/munge/munge.key
  fi
  if [ "$(id -u)" = 0 ]; then runuser -u munge -- munged; else munged; fi
  for _ in $(seq 50); do munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1 && return; sleep 0.1; done
  say "munged did not start"
  exit 1
}

# Whether the daemon of that pid file runs (a pid now another program's does not count).
running() {
  local pid
  [ -f "$dir/$1.pid" ] || return 1
  pid="$(cat "$dir/$1.pid")"
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$1" ]
}

start() {
  install_if_missing
  write_conf
  start_munge
  export SLURM_CONF="$conf"
  running slurmctld || slurmctld -f "$conf"
  running slurmd || slurmd -f "$conf"
  for _ in $(seq 120); do
    state="$(sinfo -h -N -o '%T' 2>/dev/null | head -1 || true)"
    case "$state" in
      idle|mixed|allocated) say "node $(hostname -s) is $state (SLURM_CONF=$conf)"; return ;;
      down*|drain*) scontrol update nodename="$(hostname -s)" state=resume 2>/dev/null || true ;;
    esac
    sleep 0.5
  done
  say "the node did not become idle; see $dir/slurmctld.log and $dir/slurmd.log"
  exit 1
}

stop() {
  for daemon in slurmd slurmctld; do
    if [ -f "$dir/$daemon.pid" ]; then
      pid="$(cat "$dir/$daemon.pid")"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      rm -f "$dir/$daemon.pid"
    fi
  done
  say "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) printf 'export SLURM_CONF=%q\n' "$conf" ;;
  *) echo "usage: scripts/slurm-local.sh start|stop|env" >&2; exit 2 ;;
esac
