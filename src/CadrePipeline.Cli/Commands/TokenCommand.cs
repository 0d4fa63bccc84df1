using System.Net.Http.Json;
using System.Text.Json;
using CadrePipeline.Azure.Api;
using CadrePipeline.Azure.Cosmos;
using Microsoft.Extensions.Configuration;

namespace CadrePipeline.Cli.Commands;

/// <summary>
/// <c>cadre token --user NAME</c> or <c>--role ROLE [--area CODE]</c>: prints an access token from the local identity
/// provider (stack/oidc/provider.mjs), through its dev-only grant, for scripts and tests. Only with a sign-in issuer on
/// this machine: in Azure people sign in with Entra ID. See docs/security.md.
/// </summary>
internal sealed class TokenCommand : ICadreCommand
{
    /// <summary>The dev-only grant of the local provider (never offered by Entra ID).</summary>
    public const string DevGrant = "urn:cadre:params:oauth:grant-type:dev-token";

    /// <summary>The local provider's public client for the dev grant.</summary>
    public const string DevClientId = "cadre-cli";

    public string Name => "token";

    public string Usage => "token --user NAME | --role ROLE [--area CODE]";

    public async Task<int> RunAsync(CommandArgs args, CancellationToken cancellationToken)
    {
        var user = args.Get("user");
        var role = args.Get("role");
        if (args.Unknown("user", "role", "area").Any() || args.Positional.Count > 0 || (user is null) == (role is null))
        {
            Console.Error.WriteLine($"用法 usage: ./cadre {Usage}   (users: stack/oidc-users.json; roles: {string.Join(", ", CadreRoles.All)})");
            return ExitCodes.Usage;
        }

        var authority = CliHost.LoadConfiguration()[$"{SignInOptions.SectionName}:Authority"];
        if (!Uri.TryCreate(authority, UriKind.Absolute, out var issuer) || !CosmosClientFactory.IsLoopback(issuer))
        {
            Console.Error.WriteLine($"./cadre token 只能向本机的身份提供方申请令牌，当前 SignIn__Authority = {authority} / ./cadre token works only with the local identity provider (SignIn__Authority on 127.0.0.1); this one is {authority}");
            return ExitCodes.Usage;
        }

        var fields = new Dictionary<string, string> { ["grant_type"] = DevGrant, ["client_id"] = DevClientId };
        if (user is not null)
        {
            fields["user"] = user;
        }
        else
        {
            fields["role"] = role!;
            if (args.Get("area") is { } area)
            {
                fields["area"] = area;
            }
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var token = await RequestAsync(http, issuer, fields, cancellationToken);
        if (token.Error is { } error)
        {
            Console.Error.WriteLine($"未能取得令牌 no token: {error}");
            return ExitCodes.Failed;
        }

        Console.WriteLine(token.AccessToken);
        return ExitCodes.Ok;
    }

    /// <summary>Asks the provider's token endpoint (from its discovery document) for a token with the dev grant.</summary>
    internal static async Task<(string? AccessToken, string? Error)> RequestAsync(HttpClient http, Uri issuer, Dictionary<string, string> fields, CancellationToken cancellationToken)
    {
        JsonElement discovery;
        try
        {
            discovery = await http.GetFromJsonAsync<JsonElement>(issuer.ToString().TrimEnd('/') + "/.well-known/openid-configuration", cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            return (null, $"本机身份提供方没有响应，请运行 ./cadre up / the local identity provider at {issuer} does not answer ({ex.Message}); run ./cadre up");
        }

        using var form = new FormUrlEncodedContent(fields);
        using var response = await http.PostAsync(discovery.GetProperty("token_endpoint").GetString(), form, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        if (!response.IsSuccessStatusCode || !body.TryGetProperty("access_token", out var at))
        {
            var description = body.TryGetProperty("error_description", out var d) ? d.GetString() : body.ToString();
            return (null, $"{(int)response.StatusCode} {description}");
        }

        return (at.GetString(), null);
    }
}
