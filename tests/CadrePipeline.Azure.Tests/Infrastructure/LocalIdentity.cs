using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CadrePipeline.Azure.Tests.Infrastructure;

/// <summary>
/// Tokens for the integration tests from the real local identity provider (stack/oidc/provider.mjs on 127.0.0.1:10090,
/// started by scripts/stack.sh): its dev-only grant for a user or a role and area, as <c>./cadre token</c> does. The
/// two kinds the provider will not issue are minted here: an expired token signed with the provider's own key (read
/// from the key file it generated in .local/oidc/jwks.json), and a token signed by another key under the provider's kid.
/// </summary>
public static class LocalIdentity
{
    public const string Authority = "http://127.0.0.1:10090";
    public const string Audience = "api://cadre-pipeline";
    public const string DevGrant = "urn:cadre:params:oauth:grant-type:dev-token";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(20) };

    /// <summary>The sign-in settings every test host uses: the local provider.</summary>
    public static Dictionary<string, string?> Settings() => new()
    {
        ["SignIn:Authority"] = Authority,
        ["SignIn:Audience"] = Audience,
        ["SignIn:ClientId"] = "cadre-web",
        ["SignIn:Scope"] = "openid profile cadre.api",
        ["SignIn:GroupAreas:local-group-tongxin"] = "640324",
    };

    /// <summary>A token for a role and an area (null: none) from the provider's dev grant.</summary>
    public static Task<string> ForRoleAsync(string role, string? area) =>
        RequestAsync(area is null ? new() { ["role"] = role } : new() { ["role"] = role, ["area"] = area });

    /// <summary>A token for a user of stack/oidc-users.json from the provider's dev grant.</summary>
    public static Task<string> ForUserAsync(string user) => RequestAsync(new() { ["user"] = user });

    /// <summary>A valid token with its signature's last characters changed.</summary>
    public static string BreakSignature(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var i = token.LastIndexOf('.') + 5;
        return token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
    }

    /// <summary>A token signed with the provider's own key, right in every way but that it expired an hour ago.</summary>
    public static string Expired(string role, string area)
    {
        var jwk = ProviderKey();
        return Mint(new SigningCredentials(jwk, SecurityAlgorithms.RsaSha256), role, area, DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-1));
    }

    /// <summary>A token like the provider's (same issuer, audience, kid) but signed by another key.</summary>
    public static string SignedByAnotherKey(string role, string area)
    {
        var kid = ProviderKey().Kid;
        using var rsa = RSA.Create(2048);
        var foreign = new RsaSecurityKey(rsa.ExportParameters(true)) { KeyId = kid };
        return Mint(new SigningCredentials(foreign, SecurityAlgorithms.RsaSha256), role, area, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddHours(1));
    }

    private static string Mint(SigningCredentials credentials, string role, string area, DateTime notBefore, DateTime expires) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = Audience,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            SigningCredentials = credentials,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = $"test-minted-{role}-{area}",
                ["roles"] = new[] { role },
                ["area"] = area,
            },
        });

    /// <summary>The private key the running provider signs with, from the state folder it was started with.</summary>
    private static JsonWebKey ProviderKey()
    {
        var state = Environment.GetEnvironmentVariable("CADRE_STATE_DIR") ?? Path.Combine(LocalStackFixture.RepositoryRoot, ".local");
        var file = Path.Combine(state, "oidc", "jwks.json");
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"the local provider's key file {file} is missing: start the provider from this checkout (scripts/stack.sh up)");
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        var key = new JsonWebKey(doc.RootElement.GetProperty("keys")[0].GetRawText());
        var served = Http.GetStringAsync($"{Authority}/jwks").GetAwaiter().GetResult();
        if (!served.Contains($"\"{key.Kid}\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"the provider on {Authority} does not sign with the key of {file} (kid {key.Kid}): it was started from another "
                + "checkout. Stop it (kill the pid in that checkout's .local/pids/oidc.pid) and run scripts/stack.sh up here.");
        }

        return key;
    }

    private static async Task<string> RequestAsync(Dictionary<string, string> fields)
    {
        await LocalStackFixture.EnsureRunningAsync();
        fields["grant_type"] = DevGrant;
        fields["client_id"] = "cadre-cli";
        using var form = new FormUrlEncodedContent(fields);
        using var response = await Http.PostAsync($"{Authority}/token", form);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return response.IsSuccessStatusCode
            ? body.GetProperty("access_token").GetString()!
            : throw new InvalidOperationException($"the local provider refused a token: {(int)response.StatusCode} {body}");
    }
}
