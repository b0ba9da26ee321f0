# FarmSim's command line in a container, for sweeps run as array jobs (docs/distributed.md).
#   docker build -t farmsim:latest .
#   docker run --rm -v "$PWD:/work" -w /work farmsim:latest run scenarios/intranet-zone.yaml --out results/example
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props FarmSim.sln ./
COPY src/ src/
RUN dotnet publish src/FarmSim.Cli/FarmSim.Cli.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/runtime:10.0
# Charts need a font: without one ScottPlot would draw them without text.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
ENTRYPOINT ["dotnet", "/app/farmsim.dll"]
