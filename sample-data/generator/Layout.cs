using System.Globalization;

namespace CadrePipeline.SampleData;

internal enum FileKind
{
    Xlsx,
    Xls,
    CsvGb18030,
    CsvUtf8Bom,
}

/// <summary>One file to write under sample-data/{county}/.</summary>
internal sealed record OutputFile(string County, string FileName, FileKind Kind, IReadOnlyList<SheetSpec> Sheets, string Description)
{
    public string RelativePath => County + "/" + FileName;
}

/// <summary>Decides, per county, which files hold which forms and how they look.</summary>
internal static class Layout
{
    private static readonly string[] VsGroupBasic = ["name", "idNumber", "sex", "ethnicity", "birthDate", "education", "partyJoinedOn"];
    private static readonly string[] VsGroupPost = ["term", "status", "concurrentDirector", "tripleRole", "wealthLeader", "countyFiled"];

    public static List<OutputFile> Files(Scenario s)
    {
        var files = new List<OutputFile>();
        files.AddRange(Litong(s.County("640302")));
        files.AddRange(Hongsipu(s.County("640303")));
        files.AddRange(Yanchi(s.County("640323")));
        files.AddRange(Tongxin(s.County("640324")));
        files.AddRange(Qingtongxia(s.County("640381")));
        return files;
    }

    private static string Wan(decimal yuan) => (yuan / 10_000m).ToString("0.####", CultureInfo.InvariantCulture);

    private static IEnumerable<OutputFile> Litong(CountyData c)
    {
        var st = new Style { Traditional = true, County = CountyFmt.Traditional, BirthDates = DateFmt.DotMonth, Dates = DateFmt.CnDay };
        const string unit = "填报单位：中共吴忠市利通区委组织部                    填报日期：2023年1月9日";
        const string cc = "640302";
        yield return new(cc, "利通區村級區劃名冊.xlsx", FileKind.Xlsx,
            [new SheetSpec("村級區劃名冊", Forms.Areas, c["areas"], st) { Title = "利通区村级区划名册（2022年）", SerialColumn = true }],
            "areas; Traditional headers, title row");
        yield return new(cc, "利通區鄉鎮領導班子成員名冊.xlsx", FileKind.Xlsx,
        [
            new SheetSpec("領導班子成員", Forms.TownshipLeaders, c["township-leaders"], st) { Title = "利通区乡镇领导班子成员名册", UnitLine = unit, SerialColumn = true, TotalRow = true },
            new SheetSpec("收入對比", Forms.TownshipPay, c["township-pay"], st) { Title = "利通区乡镇工作人员收入对比表", UnitLine = unit },
        ], "township-leaders + township-pay (two sheets); Traditional headers and enum labels; totals row");
        yield return new(cc, "利通區鄉鎮幹部提拔重用情況.xlsx", FileKind.Xlsx,
            [new SheetSpec("提拔重用", Forms.Promotions, c["promotions"], st) { Title = "利通区乡镇干部提拔重用情况（2020年以来）", SerialColumn = true, RemarkColumn = true }],
            "promotions");
        yield return new(cc, "利通區村黨組織書記名冊.xlsx", FileKind.Xlsx,
        [
            new SheetSpec("2021屆", Forms.VillageSecretaries, c["village-secretaries-2021"], st) { Title = "利通区村党组织书记名册（2021年换届）", UnitLine = unit, SerialColumn = true, TotalRow = true, Note = "填表说明：出生年月、入党时间按身份证及档案填写；一肩挑指村党组织书记兼任村委会主任。" },
            new SheetSpec("2018屆", Forms.VillageSecretaries, c["village-secretaries-2018"], st) { Title = "利通区村党组织书记名册（2018年换届）", UnitLine = unit, SerialColumn = true, TotalRow = true },
        ], "village-secretaries, 2021 and 2018 terms on two sheets");
        yield return new(cc, "利通區村黨組織書記調整情況.xlsx", FileKind.Xlsx,
            [new SheetSpec("調整情況", Forms.SecretaryAdjustments, c["secretary-adjustments"], st) { Title = "利通区不适应不胜任村党组织书记调整情况", SerialColumn = true }],
            "secretary-adjustments");
        yield return new(cc, "利通區駐村第一書記和工作隊員名冊.xlsx", FileKind.Xlsx,
            [new SheetSpec("駐村幹部", Forms.ResidentCadres, c["resident-cadres"], st) { Title = "利通区驻村第一书记和工作队员名册", UnitLine = unit, SerialColumn = true, TotalRow = true }],
            "resident-cadres");
        yield return new(cc, "利通區選調生到村任職名冊.xlsx", FileKind.Xlsx,
            [new SheetSpec("選調生", Forms.SelectedGraduates, c["selected-graduates"], st) { Title = "利通区选调生到村任职名册", SerialColumn = true }],
            "selected-graduates");
        var wanHeaders = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["doubleLeadFund"] = "黨員“雙帶”致富資金（萬元）",
            ["startupFunds"] = "發放創業資金（萬元）",
            ["redFund"] = "黨員紅色發展基金（萬元）",
        };
        yield return new(cc, "利通區發展黨員和致富帶富情況.xlsx", FileKind.Xlsx,
        [
            new SheetSpec("發展黨員", Forms.PartyDevelopment, c["party-development"], st) { Title = "利通区村级发展党员情况", UnitLine = unit, TotalRow = true },
            new SheetSpec("致富帶富", Forms.Entrepreneurship, c["entrepreneurship"], st)
            {
                Title = "利通区党员致富带富情况", Headers = wanHeaders,
                Values = new(StringComparer.Ordinal)
                {
                    ["doubleLeadFund"] = r => r["doubleLeadFund"] is decimal d ? d / 10_000m : null,
                    ["startupFunds"] = r => r["startupFunds"] is decimal d ? d / 10_000m : null,
                    ["redFund"] = r => r["redFund"] is decimal d ? d / 10_000m : null,
                },
            },
        ], "party-development + entrepreneurship; money in （萬元） headers");
    }

    private static IEnumerable<OutputFile> Hongsipu(CountyData c)
    {
        var st = new Style { Aliases = true, County = CountyFmt.Short, BirthDates = DateFmt.CnMonth, Dates = DateFmt.Slash, Bools = BoolFmt.Check, EnumVariant = 1, FullWidthIdEvery = 9 };
        const string cc = "640303";
        const FileKind k = FileKind.CsvGb18030;
        yield return new(cc, "红寺堡区_村级区划名册.csv", k, [new SheetSpec("红寺堡区_村级区划名册", Forms.Areas, c["areas"], st)], "areas");
        yield return new(cc, "红寺堡区_乡镇领导班子成员名册.csv", k, [new SheetSpec("红寺堡区_乡镇领导班子成员名册", Forms.TownshipLeaders, c["township-leaders"], st)], "township-leaders");
        yield return new(cc, "红寺堡区_乡镇工作人员收入对比.csv", k, [new SheetSpec("红寺堡区_乡镇工作人员收入对比", Forms.TownshipPay, c["township-pay"], st)], "township-pay");
        yield return new(cc, "红寺堡区_乡镇干部提拔重用情况.csv", k, [new SheetSpec("红寺堡区_乡镇干部提拔重用情况", Forms.Promotions, c["promotions"], st)], "promotions");
        yield return new(cc, "红寺堡区_村党组织书记名册_2021届.csv", k,
            [new SheetSpec("红寺堡区_村党组织书记名册_2021届", Forms.VillageSecretaries, c["village-secretaries-2021"], st with { TermSuffix = true }) { Title = "红寺堡区村党组织书记名册（2021届）", SerialColumn = true, Note = "注：一肩挑、致富带头人、县级备案栏打√。" }],
            "village-secretaries 2021; title line and note line");
        yield return new(cc, "红寺堡区_村党组织书记名册_2018届.csv", k,
            [new SheetSpec("红寺堡区_村党组织书记名册_2018届", Forms.VillageSecretaries, c["village-secretaries-2018"], st with { TermSuffix = true }) { SerialColumn = true }],
            "village-secretaries 2018");
        yield return new(cc, "红寺堡区_村书记调整情况.csv", k, [new SheetSpec("红寺堡区_村书记调整情况", Forms.SecretaryAdjustments, c["secretary-adjustments"], st)], "secretary-adjustments");
        yield return new(cc, "红寺堡区_驻村第一书记和工作队员名册.csv", k, [new SheetSpec("红寺堡区_驻村第一书记和工作队员名册", Forms.ResidentCadres, c["resident-cadres"], st)], "resident-cadres");
        yield return new(cc, "红寺堡区_选调生到村任职名册.csv", k, [new SheetSpec("红寺堡区_选调生到村任职名册", Forms.SelectedGraduates, c["selected-graduates"], st)], "selected-graduates");
        yield return new(cc, "红寺堡区_村级发展党员情况.csv", k, [new SheetSpec("红寺堡区_村级发展党员情况", Forms.PartyDevelopment, c["party-development"], st) { TotalRow = true }], "party-development; totals line");
        yield return new(cc, "红寺堡区_党员致富带富情况.csv", k,
        [
            new SheetSpec("红寺堡区_党员致富带富情况", Forms.Entrepreneurship, c["entrepreneurship"], st)
            {
                Values = new(StringComparer.Ordinal)
                {
                    ["doubleLeadFund"] = r => Wan((decimal)r["doubleLeadFund"]!) + "万",
                    ["startupFunds"] = r => ((decimal)r["startupFunds"]!).ToString("#,0", CultureInfo.InvariantCulture),
                },
            },
        ], "entrepreneurship; `86万` in a cell, `26,000,000` yuan with separators");
    }

    private static IEnumerable<OutputFile> Yanchi(CountyData c)
    {
        var st = new Style { County = CountyFmt.Name, BirthDates = DateFmt.Serial, Dates = DateFmt.Iso };
        const string unit = "填报单位：中共盐池县委组织部（盖章）                    填报日期：2023年1月10日";
        const string cc = "640323";
        IReadOnlyList<(string, string[])> groups = [("书记基本情况", VsGroupBasic), ("任职情况", VsGroupPost)];
        var money = new Dictionary<string, Func<Rec, object?>>(StringComparer.Ordinal)
        {
            ["doubleLeadFund"] = r => Wan((decimal)r["doubleLeadFund"]!) + "万元",
            ["startupFunds"] = r => Wan((decimal)r["startupFunds"]!) + "万元",
            ["redFund"] = r => r["redFund"] is decimal d ? Wan(d) + "万元" : null,
        };
        yield return new(cc, "盐池县2022年乡村振兴干部队伍统计报表.xlsx", FileKind.Xlsx,
        [
            new SheetSpec("村级区划", Forms.Areas, c["areas"], st) { Title = "盐池县村级区划名册", UnitLine = unit, SerialColumn = true },
            new SheetSpec("乡镇班子", Forms.TownshipLeaders, c["township-leaders"], st with { Dates = DateFmt.Serial }) { Title = "盐池县乡镇领导班子成员名册", UnitLine = unit, SerialColumn = true, TotalRow = true, Note = "注：五方面人员指优秀村党组织书记、大学生村官、选调生、驻村第一书记和工作队员、乡镇事业编制人员。" },
            new SheetSpec("乡镇收入", Forms.TownshipPay, c["township-pay"], st) { Title = "盐池县乡镇工作人员收入与同职级机关人员收入对比", UnitLine = unit },
            new SheetSpec("提拔重用", Forms.Promotions, c["promotions"], st) { Title = "盐池县乡镇干部提拔重用情况", UnitLine = unit, SerialColumn = true, TotalRow = true },
            new SheetSpec("村书记(2021届)", Forms.VillageSecretaries, c["village-secretaries-2021"], st) { Title = "盐池县村党组织书记花名册（2021年换届）", UnitLine = unit, SerialColumn = true, Groups = groups, TotalRow = true, Note = "填表说明：1.出生年月以身份证为准；2.学历填写最高学历；3.一肩挑、一肩三挑、致富带头人、县级备案填“是”或“否”。" },
            new SheetSpec("村书记(2018届)", Forms.VillageSecretaries, c["village-secretaries-2018"], st) { Title = "盐池县村党组织书记花名册（2018年换届）", UnitLine = unit, SerialColumn = true, Groups = groups, TotalRow = true },
            new SheetSpec("书记调整", Forms.SecretaryAdjustments, c["secretary-adjustments"], st) { Title = "盐池县调整不适应不胜任村党组织书记情况", UnitLine = unit, SerialColumn = true, TotalRow = true },
            new SheetSpec("驻村干部", Forms.ResidentCadres, c["resident-cadres"], st) { Title = "盐池县驻村第一书记和工作队员名册", UnitLine = unit, SerialColumn = true, TotalRow = true },
            new SheetSpec("选调生", Forms.SelectedGraduates, c["selected-graduates"], st) { Title = "盐池县选调生到村任职名册", UnitLine = unit, SerialColumn = true, TotalRow = true },
            new SheetSpec("发展党员", Forms.PartyDevelopment, c["party-development"], st) { Title = "盐池县村级发展党员情况", UnitLine = unit, TotalRow = true, Note = "注：其中优秀人才、其中致富带头人均包含在发展党员数内。" },
            new SheetSpec("致富带富", Forms.Entrepreneurship, c["entrepreneurship"], st) { Title = "盐池县党员致富带富情况", UnitLine = unit, Values = money },
        ], "every form in one workbook (11 sheets); title + unit/date rows; two-row merged header on both secretary sheets; serial dates; `155万元` in cells");
    }

    private static IEnumerable<OutputFile> Tongxin(CountyData c)
    {
        var stXls = new Style { County = CountyFmt.Code, BirthDates = DateFmt.YyyyMm, Dates = DateFmt.Serial, Bools = BoolFmt.YesNoLetter, TermSuffix = true };
        var st = new Style { County = CountyFmt.Name, BirthDates = DateFmt.DotMonthShort, Dates = DateFmt.Iso, EnumVariant = 1, Aliases = true };
        const string cc = "640324";
        const string unit = "填报单位：同心县委组织部          填报日期：2023年1月12日";
        yield return new(cc, "同心县村党组织书记花名册.xls", FileKind.Xls,
        [
            new SheetSpec("2021年换届", Forms.VillageSecretaries, c["village-secretaries-2021"], stXls) { Title = "同心县村党组织书记花名册（2021年换届）", UnitLine = unit, SerialColumn = true, RemarkColumn = true, TotalRow = true },
            new SheetSpec("2018年换届", Forms.VillageSecretaries, c["village-secretaries-2018"], stXls) { Title = "同心县村党组织书记花名册（2018年换届）", UnitLine = unit, SerialColumn = true, RemarkColumn = true, TotalRow = true },
            new SheetSpec("调整情况", Forms.SecretaryAdjustments, c["secretary-adjustments"], stXls) { Title = "同心县不适应不胜任村党组织书记调整情况", SerialColumn = true },
        ], "Excel 97-2003 .xls (converted by LibreOffice from a generated xlsx): secretaries 2021, 2018 and adjustments; county by code; 198503 birth dates; Y/N");
        yield return new(cc, "同心县乡村振兴干部统计表.xlsx", FileKind.Xlsx,
        [
            new SheetSpec("村级区划名册", Forms.Areas, c["areas"], st) { Title = "同心县村级区划名册" },
            new SheetSpec("乡镇领导班子", Forms.TownshipLeaders, c["township-leaders"], st) { Title = "同心县乡镇领导班子成员名册", UnitLine = unit },
            new SheetSpec("乡镇收入对比", Forms.TownshipPay, c["township-pay"], st),
            new SheetSpec("提拔重用", Forms.Promotions, c["promotions"], st) { Title = "同心县乡镇干部提拔重用情况" },
            new SheetSpec("驻村干部", Forms.ResidentCadres, c["resident-cadres"], st) { Title = "同心县驻村第一书记和工作队员名册", UnitLine = unit },
            new SheetSpec("选调生", Forms.SelectedGraduates, c["selected-graduates"], st) { Title = "同心县选调生到村任职名册" },
            new SheetSpec("发展党员", Forms.PartyDevelopment, c["party-development"], st) { Title = "同心县村级发展党员情况", TotalRow = true },
            new SheetSpec("致富带富", Forms.Entrepreneurship, c["entrepreneurship"], st)
            {
                Title = "同心县党员致富带富情况",
                Values = new(StringComparer.Ordinal)
                {
                    ["doubleLeadFund"] = r => Wan((decimal)r["doubleLeadFund"]!) + "万元",
                    ["startupFunds"] = r => (((decimal)r["startupFunds"]!) / 100_000_000m).ToString("0.####", CultureInfo.InvariantCulture) + "億",
                },
            },
        ], "the other forms, one sheet each; header aliases; `0.39億` and `112万元` in cells");
    }

    private static IEnumerable<OutputFile> Qingtongxia(CountyData c)
    {
        var st = new Style { County = CountyFmt.Name, BirthDates = DateFmt.Slash, Dates = DateFmt.Serial, Bools = BoolFmt.YouWu };
        const string cc = "640381";
        const string unit = "填报单位：青铜峡市委组织部                    填报日期：2023年1月6日";
        var rcGroups = new List<(string, string[])> { ("待遇保障落实情况", Scenario.Benefits) };
        var breaks = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["townshipExperience"] = "乡镇工作\n经历",
            ["countyLeaderConcurrent"] = "县级领导\n兼任",
            ["fiveAspects"] = "五方面人员\n类别",
        };
        yield return new(cc, "青铜峡市干部名册.xlsx", FileKind.Xlsx,
        [
            new SheetSpec("乡镇班子", Forms.TownshipLeaders, c["township-leaders"], st) { Title = "青铜峡市乡镇领导班子成员名册", UnitLine = unit, SerialColumn = true, Headers = breaks },
            new SheetSpec("提拔重用", Forms.Promotions, c["promotions"], st) { Title = "青铜峡市乡镇干部提拔重用情况", UnitLine = unit, SerialColumn = true },
            new SheetSpec("村书记2021", Forms.VillageSecretaries, c["village-secretaries-2021"], st with { BirthDates = DateFmt.Serial, Dates = DateFmt.DotMonth }) { Title = "青铜峡市村党组织书记名册（2021年换届）", UnitLine = unit, SerialColumn = true, TotalRow = true },
            new SheetSpec("村书记2018", Forms.VillageSecretaries, c["village-secretaries-2018"], st with { BirthDates = DateFmt.Serial, Dates = DateFmt.DotMonth }) { Title = "青铜峡市村党组织书记名册（2018年换届）", UnitLine = unit, SerialColumn = true, TotalRow = true },
            new SheetSpec("书记调整", Forms.SecretaryAdjustments, c["secretary-adjustments"], st) { Title = "青铜峡市不适应不胜任村党组织书记调整情况", SerialColumn = true },
            new SheetSpec("驻村干部", Forms.ResidentCadres, c["resident-cadres"], st) { Title = "青铜峡市驻村第一书记和工作队员名册", UnitLine = unit, SerialColumn = true, Groups = rcGroups, TotalRow = true, Note = "注：待遇保障各项填“有”或“无”。" },
            new SheetSpec("选调生", Forms.SelectedGraduates, c["selected-graduates"], st) { Title = "青铜峡市选调生到村任职名册", SerialColumn = true },
        ], "personnel rosters, 7 sheets; serial dates; two-row merged header on resident cadres (benefits group); line breaks in headers; 有/无");
        yield return new(cc, "青铜峡市村级统计表.xlsx", FileKind.Xlsx,
        [
            new SheetSpec("区划", Forms.Areas, c["areas"], st) { Title = "青铜峡市村级区划名册", UnitLine = unit },
            new SheetSpec("收入对比", Forms.TownshipPay, c["township-pay"], st) { Title = "青铜峡市乡镇工作人员收入对比", UnitLine = unit },
            new SheetSpec("发展党员", Forms.PartyDevelopment, c["party-development"], st) { Title = "青铜峡市村级发展党员情况（2021—2022年）", UnitLine = unit, TotalRow = true },
            new SheetSpec("致富带富", Forms.Entrepreneurship, c["entrepreneurship"], st)
            {
                Title = "青铜峡市党员致富带富情况", UnitLine = unit,
                Headers = new(StringComparer.Ordinal) { ["doubleLeadFund"] = "党员“双带”致富资金（万元）", ["startupFunds"] = "发放创业资金（万元）" },
                Values = new(StringComparer.Ordinal)
                {
                    ["doubleLeadFund"] = r => (decimal)r["doubleLeadFund"]! / 10_000m,
                    ["startupFunds"] = r => (decimal)r["startupFunds"]! / 10_000m,
                },
            },
        ], "village-level statistics, 4 sheets; party development for 2021 and 2022; money in （万元） headers");
    }
}
