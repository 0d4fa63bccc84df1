Console.WriteLine("usage: dotnet run -c Release --project bench/CadrePipeline.Bench -- <intake|recalc>");
return 2;
