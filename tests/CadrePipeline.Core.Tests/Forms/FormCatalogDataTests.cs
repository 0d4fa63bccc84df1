using System.Text;
using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Forms;
using CadrePipeline.Core.Intake;
using CadrePipeline.Core.Tests.Support;

namespace CadrePipeline.Core.Tests.Forms;

/// <summary>Form knowledge kept as data (issue 13): register form, supersession keys, header synonyms, unique keys of any width, and a check at load.</summary>
public sealed class FormCatalogDataTests
{
    private static FormCatalog Load(string json) => FormCatalog.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    private const string County = """{"id":"county","header":"县(市、区)","type":"area","level":"county","required":true}""";

    [Fact]
    public void Default_RegisterFormAndSupersessionKeyFromData()
    {
        Assert.Equal("areas", FormCatalog.Default.RegisterForm?.Id);
        Assert.Equal(["term"], FormCatalog.Default.Find("village-secretaries")!.SupersessionKey);
        Assert.All(FormCatalog.Default.Forms.Where(f => f.Id != "village-secretaries"), f => Assert.Empty(f.SupersessionKey));
    }

    [Fact]
    public void Default_HeaderSynonymsAddedToEveryFormWithThatHeader()
    {
        var withId = FormCatalog.Default.Forms.Where(f => f.IdField is not null).ToList();

        Assert.Equal(6, withId.Count);
        Assert.All(withId, f => Assert.Contains("身份证号码", f.IdField!.AllHeaders));
        Assert.All(withId, f => Assert.Contains("公民身份号码", f.IdField!.AllHeaders));
        Assert.Contains("出生日期", FormCatalog.Default.Find("village-secretaries")!.Field("birthDate")!.AllHeaders);
    }

    [Theory]
    [InlineData("""{"forms":[{"id":"x","titleZh":"x","unique":[{"fields":["nope"]}],"fields":[COUNTY]}]}""", "unknown field 'nope'")]
    [InlineData("""{"forms":[{"id":"x","titleZh":"x","supersessionKey":["term"],"fields":[COUNTY]}]}""", "supersessionKey: unknown field 'term'")]
    [InlineData("""{"forms":[{"id":"x","titleZh":"x","fields":[COUNTY,{"id":"n","header":"人数","type":"int","rules":[{"kind":"notAboveField","field":"total"}]}]}]}""", "unknown field 'total'")]
    [InlineData("""{"forms":[{"id":"x","titleZh":"x","fields":[COUNTY,{"id":"n","header":"人数","type":"int","rules":[{"kind":"rnage","min":0}]}]}]}""", "unknown rule kind 'rnage'")]
    [InlineData("""{"forms":[{"id":"x","titleZh":"x","fields":[COUNTY,{"id":"c","header":"代码","type":"text","rules":[{"kind":"code","length":9,"prefixFields":["township"]}]}]}]}""", "unknown field 'township'")]
    [InlineData("""{"registerForm":"villages","forms":[{"id":"x","titleZh":"x","fields":[COUNTY]}]}""", "registerForm names the form 'villages'")]
    [InlineData("""{"forms":[{"id":"x","titleZh":"x","fields":[COUNTY,{"id":"n","header":"县","type":"text"}]}]}""", "names both 'county' and 'n'")]
    [InlineData("""{"forms":[{"id":"x","titleZh":"x","fields":[COUNTY,{"id":"e","header":"类别","type":"enum"}]}]}""", "enum field 'e' has no values")]
    [InlineData("""{"forms":[{"id":"x","titleZh":"x","fields":[COUNTY]},{"id":"x","titleZh":"y","fields":[COUNTY]}]}""", "form 'x' is defined twice")]
    public void Load_CatalogueNamingWhatItDoesNotDefine_ClearException(string json, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => Load(json.Replace("COUNTY", County, StringComparison.Ordinal)));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SynonymThatCollidesWithAnotherFieldsHeader_Rejected()
    {
        var json = """{"headerSynonyms":{"人数":["县"]},"forms":[{"id":"x","titleZh":"x","fields":[COUNTY,{"id":"n","header":"人数","type":"int"}]}]}""";

        var e = Assert.Throws<InvalidDataException>(() => Load(json.Replace("COUNTY", County, StringComparison.Ordinal)));

        Assert.Contains("names both", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UniqueKeyOfFourFields_AllFourCompared()
    {
        // With keys held as three slots, the fourth field overwrote the third and rows differing only in it collided.
        var json = """
            {"forms":[{"id":"wide","titleZh":"宽键表","unique":[{"fields":["a","b","c","d"],"code":"duplicate-row"}],"fields":[COUNTY,
              {"id":"a","header":"甲","type":"text","required":true},{"id":"b","header":"乙","type":"text","required":true},
              {"id":"c","header":"丙","type":"text","required":true},{"id":"d","header":"丁","type":"text","required":true}]}]}
            """.Replace("COUNTY", County, StringComparison.Ordinal);
        var engine = new IntakeEngine(Load(json), AreaCatalog.Default, new HmacIdHasher(TestBooks.Key));

        var result = engine.Validate(TestBooks.Sheet(["县(市、区)", "甲", "乙", "丙", "丁"],
            ["盐池县", "1", "2", "3", "4"],
            ["盐池县", "1", "2", "9", "4"],
            ["盐池县", "1", "2", "3", "5"],
            ["盐池县", "1", "2", "3", "4"]), "x.xlsx", "640323", 2022);

        var f = Assert.Single(result.AllFindings());
        Assert.Equal("duplicate-row", f.Code);
        Assert.Equal(5, f.Row);
        Assert.Equal(3, result.OnlyRecords().Count);
    }

    private static Core.Records.NormalizedRecord Record(string form, params (string Key, object? Value)[] fields) =>
        new() { Form = form, CountyCode = "640323", Fields = fields.ToDictionary(f => f.Key, f => f.Value) };

    [Fact]
    public void SupersessionKeys_VillageSecretariesByTerm_KeyOfEarlierVersions()
    {
        var form = FormCatalog.Default.Find("village-secretaries");

        var parts = SupersessionKeys.PartsOf(form, Record("village-secretaries", ("term", 2021m)));

        Assert.Equal("village-secretaries@2021", SupersessionKeys.For("village-secretaries", parts));
        Assert.Equal(2021, SupersessionKeys.TermOf(parts));
        Assert.Equal("village-secretaries", SupersessionKeys.FormOf("village-secretaries@2021"));
    }

    [Fact]
    public void SupersessionKeys_FormWithoutKey_FormIdAlone()
    {
        var parts = SupersessionKeys.PartsOf(FormCatalog.Default.Find("areas"), Record("areas", ("villageCode", "640323100001")));

        Assert.Null(parts);
        Assert.Equal("areas", SupersessionKeys.For("areas", parts));
        Assert.Null(SupersessionKeys.TermOf(parts));
    }

    [Fact]
    public void SupersessionKeys_KeyOfTwoFieldsDeclaredInData_BothInKey()
    {
        var json = """{"forms":[{"id":"x","titleZh":"x","supersessionKey":["year","township"],"fields":[COUNTY,{"id":"year","header":"年度","type":"int"},{"id":"township","header":"乡镇","type":"text"}]}]}""";
        var form = Load(json.Replace("COUNTY", County, StringComparison.Ordinal)).Find("x");

        var parts = SupersessionKeys.PartsOf(form, Record("x", ("year", 2022m), ("township", "花马池镇")));

        Assert.Equal("x@2022@花马池镇", SupersessionKeys.For("x", parts));
        Assert.Null(SupersessionKeys.TermOf(parts));
        Assert.Null(SupersessionKeys.PartsOf(form, Record("x", ("year", 2022m), ("township", null))));
    }
}
