using System.Text.Json;
using System.Text.Json.Nodes;

namespace CadrePipeline.Infra.Tests;

/// <summary>
/// The security and wiring rules the templates must keep, as checks over the resources of an evaluated deployment
/// (a <c>bicep snapshot</c>). Each rule returns its violations; none means the rule holds. The same rules run on the
/// real templates (expecting none) and on deliberately broken copies (expecting some), which shows they can fail.
/// </summary>
internal static class TemplateRules
{
    public const string StorageType = "Microsoft.Storage/storageAccounts";
    public const string CosmosAccountType = "Microsoft.DocumentDB/databaseAccounts";
    public const string CosmosContainerType = "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers";
    public const string KeyVaultType = "Microsoft.KeyVault/vaults";
    public const string SiteType = "Microsoft.Web/sites";
    public const string EventSubscriptionType = "Microsoft.EventGrid/systemTopics/eventSubscriptions";

    /// <summary>The only app setting allowed to hold "InstrumentationKey=" (not a secret; ingestion needs Entra ID).</summary>
    public const string AppInsightsConnectionSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public const string SubmissionsSubjectPrefix = "/blobServices/default/containers/submissions/";

    // Literal fragments of keys, SAS tokens and connection strings.
    private static readonly string[] SecretLiterals = ["AccountKey=", "SharedAccessSignature", "DefaultEndpointsProtocol", "Key=", "sig="];

    // Template functions or properties that would put a key into a setting at deployment time.
    private static readonly string[] SecretExpressions = ["listKeys(", "listKey(", "listConnectionStrings(", "listAccountSas(", "listServiceSas(", "primaryMasterKey", "connectionStrings"];

    // Setting names that the host or the app would read as a connection string.
    private static readonly string[] ConnectionStringSettings = ["AzureWebJobsStorage", "CadreStorage", "Cosmos__AccountKey", "Cosmos__ConnectionString"];

    public static IReadOnlyList<string> StorageIsEntraOnly(IEnumerable<JsonObject> resources)
    {
        var violations = new List<string>();
        foreach (var account in OfType(resources, StorageType))
        {
            var p = account["properties"];
            Expect(violations, account, p?["allowSharedKeyAccess"], false, "allowSharedKeyAccess");
            Expect(violations, account, p?["allowBlobPublicAccess"], false, "allowBlobPublicAccess");
            Expect(violations, account, p?["supportsHttpsTrafficOnly"], true, "supportsHttpsTrafficOnly");
            Expect(violations, account, p?["minimumTlsVersion"], "TLS1_2", "minimumTlsVersion");
        }

        return violations;
    }

    public static IReadOnlyList<string> CosmosIsServerlessAndEntraOnly(IEnumerable<JsonObject> resources)
    {
        var violations = new List<string>();
        foreach (var account in OfType(resources, CosmosAccountType))
        {
            var p = account["properties"];
            Expect(violations, account, p?["disableLocalAuth"], true, "disableLocalAuth");
            Expect(violations, account, p?["minimalTlsVersion"], "Tls12", "minimalTlsVersion");
            var capabilities = p?["capabilities"]?.AsArray().Select(c => (string?)c?["name"]).ToList() ?? [];
            if (!capabilities.Contains("EnableServerless"))
            {
                violations.Add($"{Name(account)}: capability EnableServerless missing");
            }
        }

        return violations;
    }

    public static IReadOnlyList<string> CosmosContainersArePartitionedOnPk(IEnumerable<JsonObject> resources)
    {
        var violations = new List<string>();
        foreach (var container in OfType(resources, CosmosContainerType))
        {
            var paths = container["properties"]?["resource"]?["partitionKey"]?["paths"]?.AsArray()
                .Select(n => (string?)n).ToList() ?? [];
            if (paths is not ["/pk"])
            {
                violations.Add($"{Name(container)}: partition key paths are [{string.Join(", ", paths)}], expected [/pk]");
            }
        }

        return violations;
    }

    public static IReadOnlyList<string> KeyVaultUsesRbac(IEnumerable<JsonObject> resources)
    {
        var violations = new List<string>();
        foreach (var vault in OfType(resources, KeyVaultType))
        {
            var p = vault["properties"];
            Expect(violations, vault, p?["enableRbacAuthorization"], true, "enableRbacAuthorization");
            Expect(violations, vault, p?["enableSoftDelete"], true, "enableSoftDelete");
            if (p?["accessPolicies"] is JsonArray { Count: > 0 })
            {
                violations.Add($"{Name(vault)}: has access policies");
            }
        }

        return violations;
    }

    public static IReadOnlyList<string> AppSettingsHoldNoSecrets(IEnumerable<JsonObject> resources)
    {
        var violations = new List<string>();
        foreach (var site in OfType(resources, SiteType))
        {
            foreach (var (name, value) in AppSettings(site))
            {
                if (ConnectionStringSettings.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    violations.Add($"{name}: a connection-string setting");
                }

                if (name == AppInsightsConnectionSetting)
                {
                    continue;
                }

                if (value.StartsWith("@Microsoft.KeyVault(", StringComparison.Ordinal)
                    || value.StartsWith("[format('@Microsoft.KeyVault(", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var fragment in SecretLiterals.Concat(SecretExpressions))
                {
                    if (value.Contains(fragment, StringComparison.OrdinalIgnoreCase))
                    {
                        violations.Add($"{name}: value contains '{fragment}'");
                    }
                }
            }
        }

        return violations;
    }

    public static IReadOnlyList<string> EventSubscriptionFeedsIngestion(IEnumerable<JsonObject> resources)
    {
        var violations = new List<string>();
        foreach (var subscription in OfType(resources, EventSubscriptionType))
        {
            var p = subscription["properties"];
            Expect(violations, subscription, p?["filter"]?["subjectBeginsWith"], SubmissionsSubjectPrefix, "filter.subjectBeginsWith");
            var types = p?["filter"]?["includedEventTypes"]?.AsArray().Select(n => (string?)n).ToList() ?? [];
            if (types is not ["Microsoft.Storage.BlobCreated"])
            {
                violations.Add($"{Name(subscription)}: event types [{string.Join(", ", types)}], expected [Microsoft.Storage.BlobCreated]");
            }

            var url = (string?)p?["destination"]?["properties"]?["endpointUrl"] ?? "";
            if (!url.Contains("/runtime/webhooks/blobs?functionName=Host.Functions.{1}&code={2}", StringComparison.Ordinal)
                || !url.Contains("'IngestSubmission'", StringComparison.Ordinal)
                || !url.Contains("/host/default', '2024-04-01').systemKeys.blobs_extension", StringComparison.Ordinal))
            {
                violations.Add($"{Name(subscription)}: endpoint is not the blobs extension webhook of IngestSubmission: {url}");
            }
        }

        return violations;
    }

    public static IEnumerable<JsonObject> OfType(IEnumerable<JsonObject> resources, string type) =>
        resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The app settings of a site as (name, value as text: a literal or an unevaluated expression).</summary>
    public static IReadOnlyList<(string Name, string Value)> AppSettings(JsonObject site) =>
        site["properties"]?["siteConfig"]?["appSettings"]?.AsArray()
            .Select(s => ((string)s!["name"]!, s["value"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? (string)v! : s["value"]?.ToJsonString() ?? ""))
            .ToList() ?? [];

    private static string Name(JsonObject resource) => (string?)resource["name"] ?? "(unnamed)";

    private static void Expect(List<string> violations, JsonObject resource, JsonNode? actual, object expected, string property)
    {
        var ok = expected switch
        {
            bool b => actual is JsonValue v && v.GetValueKind() == (b ? JsonValueKind.True : JsonValueKind.False),
            string s => actual is JsonValue v && v.GetValueKind() == JsonValueKind.String && (string?)v == s,
            _ => false,
        };
        if (!ok)
        {
            violations.Add($"{Name(resource)}: {property} is {actual?.ToJsonString() ?? "missing"}, expected {JsonSerializer.Serialize(expected)}");
        }
    }
}
