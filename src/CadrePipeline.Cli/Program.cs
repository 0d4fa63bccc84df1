return await CadrePipeline.Cli.CadreApp.RunAsync(args);
