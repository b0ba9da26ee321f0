#!/usr/bin/env bash
# Installs what FarmSim needs on a fresh Debian machine with the .NET 10 SDK, then restores and builds.
#   scripts/setup.sh               a font for the charts (ScottPlot draws no text without one), restore, build
#   scripts/setup.sh --test-tools  also Chromium (to test report.html) and dotnet-repl (to run the notebooks)
set -euo pipefail
cd "$(dirname "$0")/.."
test_tools=false
[ "${1:-}" = "--test-tools" ] && test_tools=true

if ! command -v dotnet >/dev/null; then
  echo "setup: the .NET 10 SDK (dotnet) is required: https://dotnet.microsoft.com/download" >&2
  exit 1
fi

packages=()
[ -n "$(find /usr/share/fonts /usr/local/share/fonts -iname '*.ttf' -print -quit 2>/dev/null)" ] || packages+=(fonts-dejavu-core)
if $test_tools && ! command -v chromium >/dev/null; then packages+=(chromium); fi
if ((${#packages[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing ${packages[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
  else
    echo "setup: please install ${packages[*]} (as root: apt-get install ${packages[*]})" >&2
    exit 1
  fi
fi

dotnet restore FarmSim.sln --verbosity quiet
dotnet build FarmSim.sln -c Release --no-restore --verbosity quiet -nologo

if $test_tools && [ ! -x .tools/dotnet-repl ]; then
  dotnet tool install dotnet-repl --version 0.3.259 --tool-path .tools >/dev/null
fi
