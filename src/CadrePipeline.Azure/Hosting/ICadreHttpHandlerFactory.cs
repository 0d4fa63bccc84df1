namespace CadrePipeline.Azure.Hosting;

/// <summary>The service client whose HTTP handler an <see cref="ICadreHttpHandlerFactory"/> wraps.</summary>
public enum CadreHttpClientKind
{
    Cosmos,
    Blob,
    Table,
}

/// <summary>
/// When registered, wraps the HTTP handler of the Cosmos, Blob and Table clients (the benchmarks count round trips
/// with a <see cref="DelegatingHandler"/> this way). None is registered by default: the clients keep their own
/// transport.
/// </summary>
public interface ICadreHttpHandlerFactory
{
    /// <summary>The handler the client sends through; <paramref name="inner"/> is the one it would have used.</summary>
    HttpMessageHandler Wrap(CadreHttpClientKind client, HttpMessageHandler inner);
}
