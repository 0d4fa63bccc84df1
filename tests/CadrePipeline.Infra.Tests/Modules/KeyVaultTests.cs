namespace CadrePipeline.Infra.Tests.Modules;

/// <summary>infra/modules/keyvault.bicep: RBAC vault, purge protection in prod, the ID-hash key written only on request.</summary>
[Collection(InfraCollection.Name)]
public sealed class KeyVaultTests(InfraFixture infra)
{
    [Fact]
    public void Vault_Authorization_IsRbacWithSoftDelete()
    {
        var p = infra.Dev.Single(TemplateRules.KeyVaultType)["properties"]!;
        Assert.True((bool)p["enableRbacAuthorization"]!);
        Assert.True((bool)p["enableSoftDelete"]!);
        Assert.Null(p["accessPolicies"]);
    }

    [Fact]
    public void Vault_Prod_HasPurgeProtectionAnd90DaySoftDelete()
    {
        var p = infra.Prod.Single(TemplateRules.KeyVaultType)["properties"]!;
        Assert.True((bool)p["enablePurgeProtection"]!);
        Assert.Equal(90, (int)p["softDeleteRetentionInDays"]!);
    }

    [Fact]
    public void Vault_Dev_LeavesPurgeProtectionOut()
    {
        // The service rejects an explicit false, so dev omits the property (null in the snapshot).
        var p = infra.Dev.Single(TemplateRules.KeyVaultType)["properties"]!;
        Assert.Null(p["enablePurgeProtection"]);
        Assert.Equal(7, (int)p["softDeleteRetentionInDays"]!);
    }

    [Fact]
    public void Secret_OrdinaryDeployment_IsNotWritten()
    {
        // writeIdHashKey defaults to false: a redeploy must not replace the key (that would change every PersonKey).
        Assert.Empty(infra.Dev.OfType("Microsoft.KeyVault/vaults/secrets"));
        Assert.Empty(infra.Prod.OfType("Microsoft.KeyVault/vaults/secrets"));
    }

    [Fact]
    public void Secret_WriteRequestedWithoutKey_GetsARandomKey()
    {
        var secret = infra.Full.Single("Microsoft.KeyVault/vaults/secrets");
        Assert.Equal("[base64(format('{0}{1}', newGuid(), newGuid()))]", (string?)secret["properties"]!["value"]);
    }
}
