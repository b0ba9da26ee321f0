#!/usr/bin/env bash
# Installs what FarmSim needs on a fresh Debian machine with the .NET 10 SDK, then restores and builds.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null; then
  echo "setup: the .NET 10 SDK (dotnet) is required: https://dotnet.microsoft.com/download" >&2
  exit 1
fi
dotnet restore FarmSim.sln --verbosity quiet
dotnet build FarmSim.sln -c Release --no-restore --verbosity quiet -nologo
