return await FarmSim.Cli.FarmSimCommandLine.RunAsync(args);
