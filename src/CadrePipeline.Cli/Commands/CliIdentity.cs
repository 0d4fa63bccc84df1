using CadrePipeline.Azure.Api;
using Microsoft.Extensions.DependencyInjection;

namespace CadrePipeline.Cli.Commands;

/// <summary>
/// For the verbs that act as a person: the token from <c>--token</c> or <c>CADRE_TOKEN</c>, checked by the same
/// <see cref="AccessControl"/> as the HTTP API (signature, issuer, audience, lifetime, then role and area).
/// </summary>
internal static class CliIdentity
{
    public const string EnvironmentVariable = "CADRE_TOKEN";

    /// <summary>The token given, or null when neither the option nor the variable is set.</summary>
    public static string? Token(CommandArgs args)
    {
        var token = args.Get("token") ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(token) ? null : token.Trim();
    }

    public static Task<(CadreUser? User, ApiResult? Denied)> AuthenticateAsync(IServiceProvider services, string token, CancellationToken cancellationToken) =>
        services.GetRequiredService<AccessControl>().AuthenticateAsync("Bearer " + token, cancellationToken);

    /// <summary>The 401/403 answer on stderr, Chinese and English.</summary>
    public static void PrintRefusal(ApiResult refused)
    {
        ArgumentNullException.ThrowIfNull(refused);
        var error = refused.Body as ApiError;
        Console.Error.WriteLine($"拒绝 refused ({refused.Status} {error?.Code}): {error?.Message} / {error?.MessageEn}");
    }
}
