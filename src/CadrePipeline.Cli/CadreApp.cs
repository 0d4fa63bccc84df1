namespace CadrePipeline.Cli;

internal static class CadreApp
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("cadre: no verbs yet");
        return Task.FromResult(2);
    }
}
