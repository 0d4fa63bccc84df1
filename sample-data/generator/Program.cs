using CadrePipeline.SampleData;

return Generator.Run(args);
