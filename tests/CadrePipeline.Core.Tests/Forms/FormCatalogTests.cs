using CadrePipeline.Core.Forms;

namespace CadrePipeline.Core.Tests.Forms;

public sealed class FormCatalogTests
{
    [Fact]
    public void Default_HoldsTheTenFormsOfTheSpecWithTitles()
    {
        var expected = new Dictionary<string, string>
        {
            ["areas"] = "村级区划名册",
            ["township-leaders"] = "乡镇领导班子成员名册",
            ["township-pay"] = "乡镇工作人员收入对比",
            ["promotions"] = "乡镇干部提拔重用情况",
            ["village-secretaries"] = "村党组织书记名册",
            ["secretary-adjustments"] = "不适应不胜任村党组织书记调整情况",
            ["resident-cadres"] = "驻村第一书记和工作队员名册",
            ["selected-graduates"] = "选调生到村任职名册",
            ["party-development"] = "村级发展党员情况",
            ["entrepreneurship"] = "党员致富带富情况",
        };

        Assert.Equal(expected, FormCatalog.Default.Forms.ToDictionary(f => f.Id, f => f.TitleZh));
    }

    [Theory]
    [InlineData("areas", "county,township,village,villageCode", 7)]
    [InlineData("township-leaders", "county,township,name,idNumber,position", 10)]
    [InlineData("township-pay", "county,township,townshipIncome,agencyIncome", 5)]
    [InlineData("promotions", "county,name,idNumber,fromPosition,promotionType,promotedOn", 7)]
    [InlineData("village-secretaries", "county,township,village,name,idNumber,education,term,status", 16)]
    [InlineData("secretary-adjustments", "county,township,village,name,idNumber,reason,adjustedOn", 7)]
    [InlineData("resident-cadres", "county,township,village,name,idNumber,role,dispatchLevel,startDate", 18)]
    [InlineData("selected-graduates", "county,township,village,name,idNumber,recruitedYear,villageStart,villageMonths", 8)]
    [InlineData("party-development", "county,township,village,year,newMembers,newTalent", 7)]
    [InlineData("entrepreneurship", "county,year", 9)]
    public void Default_FieldsAndRequiredSetsMatchSpec(string form, string required, int fieldCount)
    {
        var f = FormCatalog.Default.Find(form)!;

        Assert.Equal(required.Split(','), f.RequiredFields.Select(x => x.Id));
        Assert.Equal(fieldCount, f.Fields.Count);
    }

    [Fact]
    public void Find_UnknownForm_Null() => Assert.Null(FormCatalog.Default.Find("nope"));

    [Fact]
    public void Load_AddingAnAliasInData_IsRecognisedWithoutCode()
    {
        const string json = """
            {"forms":[{"id":"mini","titleZh":"小表","fields":[
              {"id":"county","header":"县(市、区)","type":"area","level":"county","required":true},
              {"id":"count","header":"人数","aliases":["人员数量"],"type":"int","required":true}]}]}
            """;
        var catalog = FormCatalog.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));
        var engine = new Core.Intake.IntakeEngine(catalog, Core.Areas.AreaCatalog.Default, new Core.Intake.HmacIdHasher(Support.TestBooks.Key));

        var result = engine.Validate(Support.TestBooks.Sheet(["县(市、区)", "人员数量"], ["盐池县", "12人"]), "x.xlsx", "640323", 2022);

        Assert.Equal("mini", Assert.Single(result.Report.Sheets).Form);
        Assert.Equal(12m, Assert.Single(Assert.Single(result.Batches).Records)["count"]);
    }
}
