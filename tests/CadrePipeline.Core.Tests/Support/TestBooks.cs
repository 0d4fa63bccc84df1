using CadrePipeline.Core.Areas;
using CadrePipeline.Core.Forms;
using CadrePipeline.Core.Intake;
using CadrePipeline.Core.Reports;
using CadrePipeline.Core.Templates;

namespace CadrePipeline.Core.Tests.Support;

/// <summary>
/// ID numbers whose check digits were computed by hand-written Python (Fixtures/make_fixtures.py's idn), independent
/// of the code under test; 11010519491231002X is the example of GB 11643 itself.
/// </summary>
internal static class Ids
{
    public const string Standard = "11010519491231002X";
    public const string Male1975 = "640323197506150017";
    public const string Female1980 = "640323198003020020";
    public const string Male1990 = "640323199001010034";
    public const string Tongxin1985 = "640324198501010040";
    public const string BadCheck = "640323197001010050";
    public const string Male1940 = "640323194003150011";
    public const string Female2005 = "640323200506010027";
    public const string Male1985X = "64032319850312001X";
    public const string Female1985 = "640323198503120028";
    public const string Male1988 = "640323198811200038";
    public const string Female1992 = "640323199207040044";
    public const string Male1995 = "640323199509090055";
    public const string Female1976 = "640323197601010063";
    public const string Male1970 = "640323197005050077";
}

internal static class TestBooks
{
    public static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    public static IntakeEngine Engine(IntakeOptions? options = null) =>
        new(FormCatalog.Default, AreaCatalog.Default, new HmacIdHasher(Key), options);

    /// <summary>An .xlsx with one sheet per entry; each row is a list of cell values (null = no cell).</summary>
    public static MemoryStream Xlsx(params (string Sheet, object?[][] Rows)[] sheets)
    {
        var ms = new MemoryStream();
        using (var w = new XlsxWriter(ms))
        {
            foreach (var (name, rows) in sheets)
            {
                w.StartSheet(name);
                foreach (var row in rows)
                {
                    w.WriteRow(row);
                }
            }
        }

        ms.Position = 0;
        return ms;
    }

    /// <summary>One sheet "表1" with the header on row 1 and the rows below it.</summary>
    public static MemoryStream Sheet(object?[] header, params object?[][] rows) => Xlsx(("表1", rows.Prepend(header).ToArray()));

    public static IntakeResult Run(Stream stream, string file = "test.xlsx", string county = "640323", int period = 2022, VillageRegister? register = null, IntakeOptions? options = null) =>
        Engine(options).Validate(stream, file, county, period, register);

    public static IntakeResult RunSheet(object?[] header, params object?[][] rows) => Run(Sheet(header, rows));

    public static SheetReport OnlySheet(this IntakeResult result) => Assert.Single(result.Report.Sheets);

    public static IEnumerable<Finding> AllFindings(this IntakeResult result) =>
        result.Report.FileFindings.Concat(result.Report.Sheets.SelectMany(s => s.Findings));

    public static Finding Single(this IntakeResult result, string code) => Assert.Single(result.AllFindings(), f => f.Code == code);

    public static CadrePipeline.Core.Records.NormalizedRecord OnlyRecord(this IntakeResult result) => Assert.Single(Assert.Single(result.Batches).Records);

    /// <summary>A register of Yanchi with two townships and three villages, codes invented for the tests.</summary>
    public static VillageRegister YanchiRegister() => new("640323",
    [
        new RegisteredVillage("640323", "640323100", "花马池镇", "640323100001", "城西滩村", true, false),
        new RegisteredVillage("640323", "640323100", "花马池镇", "640323100002", "柳杨堡村", false, false),
        new RegisteredVillage("640323", "640323101", "大水坑镇", "640323101001", "新桥村", false, true),
    ]);
}

/// <summary>
/// One valid row of every form, written from forms.md (headers as the spec names them), with the normalized values the
/// spec implies. Used by the per-form tests, the template round trip and the CLI test.
/// </summary>
internal static class ValidRows
{
    public static readonly Dictionary<string, (string[] Headers, object?[] Row)> ByForm = new()
    {
        ["areas"] = (["县(市、区)", "乡镇", "乡镇代码", "村", "村代码", "重点村", "移民搬迁任务较重"],
            ["盐池县", "花马池镇", "640323100", "城西滩村", "640323100001", "是", "否"]),
        ["township-leaders"] = (["县(市、区)", "乡镇", "姓名", "身份证号", "出生年月", "职务", "任职时间", "乡镇工作经历", "县级领导兼任", "五方面人员类别"],
            ["盐池县", "花马池镇", "张三", Ids.Male1985X, "1985.03", "党委书记", "2021.09", "是", "否", "选调生"]),
        ["township-pay"] = (["县(市、区)", "乡镇", "乡镇工作人员月均收入（元）", "同职级机关人员月均收入（元）", "乡镇补贴落实"],
            ["盐池县", "花马池镇", 5200, 4800, "是"]),
        ["promotions"] = (["县(市、区)", "姓名", "身份证号", "原任职务", "乡镇工作经历", "提拔重用类型", "提拔重用时间"],
            ["盐池县", "李四", Ids.Female1980, "乡镇长", "是", "提拔副处级领导干部", "2022年6月"]),
        ["village-secretaries"] = (["县(市、区)", "乡镇", "村", "姓名", "身份证号", "性别", "民族", "出生年月", "学历", "入党时间", "届次", "任职状态", "一肩挑", "一肩三挑", "致富带头人", "县级备案"],
            ["盐池县", "花马池镇", "城西滩村", "王五", Ids.Male1975, "男", "回", "1975-06-15", "高中", "1998.07", "2021届", "连任", "是", "否", "是", "是"]),
        ["secretary-adjustments"] = (["县(市、区)", "乡镇", "村", "姓名", "身份证号", "调整原因", "调整时间"],
            ["盐池县", "大水坑镇", "新桥村", "赵六", Ids.Male1970, "不胜任", "2022-03-01"]),
        ["resident-cadres"] = (["县(市、区)", "乡镇", "村", "姓名", "身份证号", "身份", "选派层级", "派出单位", "派驻时间", "期满时间", "工作经费", "体检", "人身意外伤害保险", "伙食补助", "交通补助", "通信补贴", "乡镇工作补贴", "艰苦边远地区津贴"],
            ["盐池县", "花马池镇", "柳杨堡村", "钱七", Ids.Male1988, "第一书记", "区直", "自治区党委组织部", "2021-09-01", "2023-09-01", "是", "是", "是", "否", "是", "是", "否", "是"]),
        ["selected-graduates"] = (["县(市、区)", "乡镇", "村", "姓名", "身份证号", "录用年度", "到村时间", "在村工作期限（月）"],
            ["盐池县", "大水坑镇", "新桥村", "孙八", Ids.Male1995, 2020, "2020.09", 24]),
        ["party-development"] = (["县(市、区)", "乡镇", "村", "年度", "发展党员数", "其中优秀人才", "其中致富带头人"],
            ["盐池县", "花马池镇", "城西滩村", 2022, 3, 1, 2]),
        ["entrepreneurship"] = (["县(市、区)", "年度", "党员\"双带\"致富资金", "发放创业资金", "党员创业基地（个）", "带动扶持创业（人）", "党员红色发展基金", "党员领办协办家庭农场（家）", "党员领办协办专业合作组织（家）"],
            ["盐池县", 2022, "557万元", 1000000, 12, 1234, "0.35亿", 30, 15]),
    };
}

internal static class ResultExtensions
{
    public static IReadOnlyList<CadrePipeline.Core.Records.NormalizedRecord> OnlyRecords(this Core.Intake.IntakeResult result) => Assert.Single(result.Batches).Records;
}
