using System.Globalization;

namespace CadrePipeline.SampleData;

/// <summary>How one county of the province writes townships and villages in its rosters (never in its register).</summary>
internal sealed record AreaSpelling(Spelling[] Township, Spelling[] Village, bool PadNames = false);

/// <summary>Decides, per county of the province, which files hold which forms and how messy they are.</summary>
internal static class ProvinceLayout
{
    private static readonly string[] VsGroupBasic = ["name", "idNumber", "sex", "ethnicity", "birthDate", "education", "partyJoinedOn"];
    private static readonly string[] VsGroupPost = ["term", "status", "concurrentDirector", "tripleRole", "wealthLeader", "countyFiled"];
    private static readonly IReadOnlyList<(string, string[])> VsGroups = [("书记基本情况", VsGroupBasic), ("任职情况", VsGroupPost)];
    private static readonly IReadOnlyList<(string, string[])> RcGroups = [("待遇保障落实情况", Scenario.Benefits)];

    /// <summary>Per county: how its rosters spell areas, and a sentence on the shape of its files (for the README).</summary>
    public static readonly Dictionary<string, (AreaSpelling Spelling, string Shape)> Counties = new(StringComparer.Ordinal)
    {
        ["990102"] = (new([Spelling.Traditional], [Spelling.Traditional]),
            "six `.xlsx` (forms that belong together share a workbook); headers, titles, sheet names and enum labels in **Traditional** characters; county written `臨東區`; title and unit rows; totals rows with `SUM` formulas; birth dates `1985.03`, other dates `2021年6月12日`; money in `（萬元）` headers"),
        ["990121"] = (new([Spelling.NoSuffix], [Spelling.NoSuffix]),
            "one **CSV in GB18030** per form (11 files); header aliases; county written `长宁`; birth dates `1985年3月`, dates `2021/6/12`; bools `√`/blank; term `2021届`; every 7th ID number in full-width digits; a title line and a `注：` line in the 2021 roster; the double-lead fund as `…万` in a cell, start-up funds in yuan with thousands separators (`12,000,000`)"),
        ["990122"] = (new([Spelling.Full], [Spelling.Code]),
            "**one workbook with every form** (11 sheets), each with a title row and a `填报单位：… 填报日期：…` row; a **two-row merged header** on both secretary sheets (`书记基本情况`, `任职情况`) and over the eight benefit columns of the resident cadres; birth dates and dates as **Excel serial dates**; money as `…万元` in cells; party development for 2021 and 2022"),
        ["990123"] = (new([Spelling.Full, Spelling.NoSuffix], [Spelling.NumericCode]),
            "two `.xlsx` (rosters; village statistics); county by **code** `990123`; line breaks inside headers; birth dates `1985/3/12` (serial dates on the secretary sheets), other dates as serial dates (入党时间 `1985.03`); bools `有`/`无`; money in yuan"),
        ["990181"] = (new([Spelling.TraditionalNoSuffix], [Spelling.TraditionalNoSuffix]),
            "five `.xlsx`; county written `鳳鳴市`; a **two-row merged header** over the resident cadres' benefits; birth dates `1985.3`, ISO dates; the double-lead fund as `…万元` and start-up funds as `0.xx亿` in cells; entrepreneurship for 2021 and 2022"),
        ["990202"] = (new([Spelling.SpacedSuffix], [Spelling.Spaced, Spelling.SpacedSuffix, Spelling.Full], PadNames: true),
            "one **CSV in GB18030** per form (11 files); a title line in every file; birth dates `198503`, ISO dates; bools `Y`/`N`; **spaces inside** township, village and two-character person names (`马\u3000军`); money in yuan with thousands separators (`1,200,000`)"),
        ["990221"] = (new([Spelling.Full, Spelling.NoSuffix, Spelling.Traditional], [Spelling.Full, Spelling.Code, Spelling.Traditional, Spelling.NoSuffix]),
            "**one workbook with every form** (11 sheets); title + unit rows; a **two-row merged header** on both secretary sheets; county written `云溪`; **mixed spellings row by row**; birth dates as serial dates, ISO dates; `万元` in cells"),
        ["990222"] = (new([Spelling.Traditional], [Spelling.NoSuffix], PadNames: true),
            "two `.xlsx` (village cadres; township and village statistics); header aliases; a **two-row merged header** on the 2021 secretaries; two-character person names padded with an ideographic space; birth dates `1985.03`, dates `2021年6月12日`; money in `（万元）` headers; party development for 2021 and 2022"),
        ["990223"] = (new([Spelling.NoSuffix], [Spelling.Code]),
            "one **CSV in UTF-8 with BOM** per form (11 files); county by **code**; a title line in some files; birth dates `1985-03-12`, dates `2021/6/12`; bools `是`/`否`; money in yuan"),
    };

    public static List<OutputFile> Files(ProvinceScenario s)
    {
        var files = new List<OutputFile>();
        files.AddRange(Lindong(s.County("990102")));
        files.AddRange(Changning(s.County("990121")));
        files.AddRange(Fengle(s.County("990122")));
        files.AddRange(Baoshan(s.County("990123")));
        files.AddRange(Fengming(s.County("990181")));
        files.AddRange(Lingnan(s.County("990202")));
        files.AddRange(Yunxi(s.County("990221")));
        files.AddRange(Longquan(s.County("990222")));
        files.AddRange(Guangping(s.County("990223")));
        return files;
    }

    private static string Wan(decimal yuan) => (yuan / 10_000m).ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>The township, village and name columns as this county's rosters write them (bad values stay literal).</summary>
    private static Dictionary<string, Func<Rec, object?>> Areas(string county, string salt, Dictionary<string, Func<Rec, object?>>? more = null)
    {
        var sp = Counties[county].Spelling;
        var d = new Dictionary<string, Func<Rec, object?>>(StringComparer.Ordinal)
        {
            ["township"] = r => r["township"] switch
            {
                Raw raw => raw.Text.Length == 0 ? null : raw.Text,
                Township t => Names.Spell(sp.Township[Names.Pick(t.Code + salt, sp.Township.Length)], t.Name, t.Code),
                _ => null,
            },
            ["village"] = r => r["village"] switch
            {
                Raw raw => raw.Text.Length == 0 ? null : raw.Text,
                Village v => Names.Spell(sp.Village[Names.Pick(v.Code + salt, sp.Village.Length)], v.Name, v.Code),
                _ => null,
            },
        };
        if (sp.PadNames)
        {
            d["name"] = r => Names.PadName(r.P!.Name);
        }

        foreach (var (k, f) in more ?? [])
        {
            d[k] = f;
        }

        return d;
    }

    private static string T(string s) => Names.Trad(s);

    private static IEnumerable<OutputFile> Lindong(CountyData c)
    {
        const string cc = "990102";
        var st = new Style { Traditional = true, County = CountyFmt.Traditional, BirthDates = DateFmt.DotMonth, Dates = DateFmt.CnDay };
        var unit = T("填报单位：中共临东区委组织部                    填报日期：2023年1月9日");
        yield return new(cc, "臨東區村級區劃名冊.xlsx", FileKind.Xlsx,
            [new SheetSpec(T("村级区划名册"), Forms.Areas, c["areas"], st) { Title = T("临东区村级区划名册（2022年）"), SerialColumn = true }],
            "areas (register: full Simplified names and codes); Traditional headers, title row");
        yield return new(cc, "臨東區鄉鎮領導班子和收入對比.xlsx", FileKind.Xlsx,
        [
            new SheetSpec(T("领导班子成员"), Forms.TownshipLeaders, c["township-leaders"], st) { Title = T("临东区乡镇领导班子成员名册"), UnitLine = unit, SerialColumn = true, TotalRow = true, Values = Areas(cc, "tl") },
            new SheetSpec(T("收入对比"), Forms.TownshipPay, c["township-pay"], st) { Title = T("临东区乡镇工作人员收入对比表"), UnitLine = unit, Values = Areas(cc, "tp") },
        ], "township-leaders + township-pay; Traditional township names");
        yield return new(cc, "臨東區鄉鎮幹部提拔重用情況.xlsx", FileKind.Xlsx,
            [new SheetSpec(T("提拔重用"), Forms.Promotions, c["promotions"], st) { Title = T("临东区乡镇干部提拔重用情况（2019年以来）"), SerialColumn = true, RemarkColumn = true }],
            "promotions");
        yield return new(cc, "臨東區村黨組織書記名冊.xlsx", FileKind.Xlsx,
        [
            new SheetSpec("2021屆", Forms.VillageSecretaries, c["village-secretaries-2021"], st) { Title = T("临东区村党组织书记名册（2021年换届）"), UnitLine = unit, SerialColumn = true, TotalRow = true, Note = "填表说明：出生年月、入党时间按身份证及档案填写。", Values = Areas(cc, "vs") },
            new SheetSpec("2018屆", Forms.VillageSecretaries, c["village-secretaries-2018"], st) { Title = T("临东区村党组织书记名册（2018年换届）"), UnitLine = unit, SerialColumn = true, TotalRow = true, Values = Areas(cc, "vs") },
            new SheetSpec(T("调整情况"), Forms.SecretaryAdjustments, c["secretary-adjustments"], st) { Title = T("临东区不适应不胜任村党组织书记调整情况"), SerialColumn = true, Values = Areas(cc, "sa") },
        ], "village-secretaries 2021 and 2018, secretary-adjustments (three sheets); Traditional township and village names");
        yield return new(cc, "臨東區駐村幹部和選調生名冊.xlsx", FileKind.Xlsx,
        [
            new SheetSpec(T("驻村干部"), Forms.ResidentCadres, c["resident-cadres"], st) { Title = T("临东区驻村第一书记和工作队员名册"), UnitLine = unit, SerialColumn = true, TotalRow = true, Values = Areas(cc, "rc") },
            new SheetSpec(T("选调生"), Forms.SelectedGraduates, c["selected-graduates"], st) { Title = T("临东区选调生到村任职名册"), SerialColumn = true, Values = Areas(cc, "sg") },
        ], "resident-cadres + selected-graduates");
        var wanHeaders = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["doubleLeadFund"] = "黨員“雙帶”致富資金（萬元）",
            ["startupFunds"] = "發放創業資金（萬元）",
            ["redFund"] = "黨員紅色發展基金（萬元）",
        };
        yield return new(cc, "臨東區發展黨員和致富帶富情況.xlsx", FileKind.Xlsx,
        [
            new SheetSpec(T("发展党员"), Forms.PartyDevelopment, c["party-development"], st) { Title = T("临东区村级发展党员情况"), UnitLine = unit, TotalRow = true, Values = Areas(cc, "pd") },
            new SheetSpec(T("致富带富"), Forms.Entrepreneurship, c["entrepreneurship"], st)
            {
                Title = T("临东区党员致富带富情况"), Headers = wanHeaders,
                Values = new(StringComparer.Ordinal)
                {
                    ["doubleLeadFund"] = r => r["doubleLeadFund"] is decimal d ? d / 10_000m : null,
                    ["startupFunds"] = r => r["startupFunds"] is decimal d ? d / 10_000m : null,
                    ["redFund"] = r => r["redFund"] is decimal d ? d / 10_000m : null,
                },
            },
        ], "party-development + entrepreneurship; money in （萬元） headers");
    }

    private static IEnumerable<OutputFile> Changning(CountyData c)
    {
        const string cc = "990121";
        var st = new Style { Aliases = true, County = CountyFmt.Short, BirthDates = DateFmt.CnMonth, Dates = DateFmt.Slash, Bools = BoolFmt.Check, EnumVariant = 1, FullWidthIdEvery = 7 };
        const FileKind k = FileKind.CsvGb18030;
        OutputFile One(string file, FormDef form, string key, string salt, string desc, Func<SheetSpec, SheetSpec>? tweak = null)
        {
            var spec = new SheetSpec(Path.GetFileNameWithoutExtension(file), form, c[key], st) { Values = form == Forms.Areas ? [] : Areas(cc, salt) };
            return new(cc, file, k, [tweak is null ? spec : tweak(spec)], desc);
        }

        yield return One("长宁县_村级区划名册.csv", Forms.Areas, "areas", "ar", "areas (register)");
        yield return One("长宁县_乡镇领导班子成员名册.csv", Forms.TownshipLeaders, "township-leaders", "tl", "township-leaders; townships without suffix");
        yield return One("长宁县_乡镇工作人员收入对比.csv", Forms.TownshipPay, "township-pay", "tp", "township-pay; townships without suffix");
        yield return One("长宁县_乡镇干部提拔重用情况.csv", Forms.Promotions, "promotions", "pr", "promotions");
        yield return new(cc, "长宁县_村党组织书记名册_2021届.csv", k,
            [new SheetSpec("长宁县_村党组织书记名册_2021届", Forms.VillageSecretaries, c["village-secretaries-2021"], st with { TermSuffix = true }) { Title = "长宁县村党组织书记名册（2021届）", SerialColumn = true, Note = "注：一肩挑、致富带头人、县级备案栏打√。", Values = Areas(cc, "vs") }],
            "village-secretaries 2021; title line and note line; villages without suffix");
        yield return new(cc, "长宁县_村党组织书记名册_2018届.csv", k,
            [new SheetSpec("长宁县_村党组织书记名册_2018届", Forms.VillageSecretaries, c["village-secretaries-2018"], st with { TermSuffix = true }) { SerialColumn = true, Values = Areas(cc, "vs") }],
            "village-secretaries 2018");
        yield return One("长宁县_村书记调整情况.csv", Forms.SecretaryAdjustments, "secretary-adjustments", "sa", "secretary-adjustments");
        yield return One("长宁县_驻村第一书记和工作队员名册.csv", Forms.ResidentCadres, "resident-cadres", "rc", "resident-cadres");
        yield return One("长宁县_选调生到村任职名册.csv", Forms.SelectedGraduates, "selected-graduates", "sg", "selected-graduates");
        yield return One("长宁县_村级发展党员情况.csv", Forms.PartyDevelopment, "party-development", "pd", "party-development; totals line", s => new SheetSpec(s.Name, s.Form, s.Rows, s.Style) { TotalRow = true, Values = s.Values });
        yield return new(cc, "长宁县_党员致富带富情况.csv", k,
        [
            new SheetSpec("长宁县_党员致富带富情况", Forms.Entrepreneurship, c["entrepreneurship"], st)
            {
                Values = new(StringComparer.Ordinal)
                {
                    ["doubleLeadFund"] = r => Wan((decimal)r["doubleLeadFund"]!) + "万",
                    ["startupFunds"] = r => ((decimal)r["startupFunds"]!).ToString("#,0", CultureInfo.InvariantCulture),
                },
            },
        ], "entrepreneurship; `…万` in a cell, yuan with thousands separators");
    }

    private static IEnumerable<OutputFile> Fengle(CountyData c)
    {
        const string cc = "990122";
        var st = new Style { County = CountyFmt.Name, BirthDates = DateFmt.Serial, Dates = DateFmt.Serial };
        const string unit = "填报单位：中共丰乐县委组织部（盖章）                    填报日期：2023年1月10日";
        var money = new Dictionary<string, Func<Rec, object?>>(StringComparer.Ordinal)
        {
            ["doubleLeadFund"] = r => Wan((decimal)r["doubleLeadFund"]!) + "万元",
            ["startupFunds"] = r => Wan((decimal)r["startupFunds"]!) + "万元",
            ["redFund"] = r => r["redFund"] is decimal d ? Wan(d) + "万元" : null,
        };
        yield return new(cc, "丰乐县2022年乡村振兴干部队伍统计报表.xlsx", FileKind.Xlsx,
        [
            new SheetSpec("村级区划", Forms.Areas, c["areas"], st) { Title = "丰乐县村级区划名册", UnitLine = unit, SerialColumn = true },
            new SheetSpec("乡镇班子", Forms.TownshipLeaders, c["township-leaders"], st) { Title = "丰乐县乡镇领导班子成员名册", UnitLine = unit, SerialColumn = true, TotalRow = true, Values = Areas(cc, "tl") },
            new SheetSpec("乡镇收入", Forms.TownshipPay, c["township-pay"], st) { Title = "丰乐县乡镇工作人员收入与同职级机关人员收入对比", UnitLine = unit, Values = Areas(cc, "tp") },
            new SheetSpec("提拔重用", Forms.Promotions, c["promotions"], st) { Title = "丰乐县乡镇干部提拔重用情况", UnitLine = unit, SerialColumn = true, TotalRow = true },
            new SheetSpec("村书记(2021届)", Forms.VillageSecretaries, c["village-secretaries-2021"], st) { Title = "丰乐县村党组织书记花名册（2021年换届）", UnitLine = unit, SerialColumn = true, Groups = VsGroups, TotalRow = true, Note = "填表说明：村一栏填写12位村级区划代码。", Values = Areas(cc, "vs") },
            new SheetSpec("村书记(2018届)", Forms.VillageSecretaries, c["village-secretaries-2018"], st) { Title = "丰乐县村党组织书记花名册（2018年换届）", UnitLine = unit, SerialColumn = true, Groups = VsGroups, TotalRow = true, Values = Areas(cc, "vs") },
            new SheetSpec("书记调整", Forms.SecretaryAdjustments, c["secretary-adjustments"], st) { Title = "丰乐县调整不适应不胜任村党组织书记情况", UnitLine = unit, SerialColumn = true, Values = Areas(cc, "sa") },
            new SheetSpec("驻村干部", Forms.ResidentCadres, c["resident-cadres"], st) { Title = "丰乐县驻村第一书记和工作队员名册", UnitLine = unit, SerialColumn = true, Groups = RcGroups, TotalRow = true, Values = Areas(cc, "rc") },
            new SheetSpec("选调生", Forms.SelectedGraduates, c["selected-graduates"], st) { Title = "丰乐县选调生到村任职名册", UnitLine = unit, SerialColumn = true, TotalRow = true, Values = Areas(cc, "sg") },
            new SheetSpec("发展党员", Forms.PartyDevelopment, c["party-development"], st) { Title = "丰乐县村级发展党员情况（2021—2022年）", UnitLine = unit, TotalRow = true, Values = Areas(cc, "pd") },
            new SheetSpec("致富带富", Forms.Entrepreneurship, c["entrepreneurship"], st) { Title = "丰乐县党员致富带富情况", UnitLine = unit, Values = money },
        ], "every form in one workbook (11 sheets); villages by 12-digit code in the rosters");
    }

    private static IEnumerable<OutputFile> Baoshan(CountyData c)
    {
        const string cc = "990123";
        var st = new Style { County = CountyFmt.Code, BirthDates = DateFmt.Slash, Dates = DateFmt.Serial, Bools = BoolFmt.YouWu };
        const string unit = "填报单位：宝山县委组织部                    填报日期：2023年1月6日";
        var breaks = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["townshipExperience"] = "乡镇工作\n经历",
            ["countyLeaderConcurrent"] = "县级领导\n兼任",
            ["fiveAspects"] = "五方面人员\n类别",
            ["concurrentDirector"] = "一肩挑\n（有/无）",
            ["villageMonths"] = "在村工作\n期限（月）",
        };
        yield return new(cc, "宝山县干部名册.xlsx", FileKind.Xlsx,
        [
            new SheetSpec("乡镇班子", Forms.TownshipLeaders, c["township-leaders"], st) { Title = "宝山县乡镇领导班子成员名册", UnitLine = unit, SerialColumn = true, Headers = breaks, Values = Areas(cc, "tl") },
            new SheetSpec("提拔重用", Forms.Promotions, c["promotions"], st) { Title = "宝山县乡镇干部提拔重用情况", UnitLine = unit, SerialColumn = true },
            new SheetSpec("村书记2021", Forms.VillageSecretaries, c["village-secretaries-2021"], st with { BirthDates = DateFmt.Serial, Dates = DateFmt.DotMonth }) { Title = "宝山县村党组织书记名册（2021年换届）", UnitLine = unit, SerialColumn = true, TotalRow = true, Headers = breaks, Values = Areas(cc, "vs") },
            new SheetSpec("村书记2018", Forms.VillageSecretaries, c["village-secretaries-2018"], st with { BirthDates = DateFmt.Serial, Dates = DateFmt.DotMonth }) { Title = "宝山县村党组织书记名册（2018年换届）", UnitLine = unit, SerialColumn = true, TotalRow = true, Headers = breaks, Values = Areas(cc, "vs") },
            new SheetSpec("书记调整", Forms.SecretaryAdjustments, c["secretary-adjustments"], st) { Title = "宝山县不适应不胜任村党组织书记调整情况", SerialColumn = true, Values = Areas(cc, "sa") },
            new SheetSpec("驻村干部", Forms.ResidentCadres, c["resident-cadres"], st) { Title = "宝山县驻村第一书记和工作队员名册", UnitLine = unit, SerialColumn = true, TotalRow = true, Values = Areas(cc, "rc") },
            new SheetSpec("选调生", Forms.SelectedGraduates, c["selected-graduates"], st) { Title = "宝山县选调生到村任职名册", SerialColumn = true, Headers = breaks, Values = Areas(cc, "sg") },
        ], "personnel rosters, 7 sheets; villages as numeric cells holding the 12-digit code; line breaks in headers");
        yield return new(cc, "宝山县村级统计表.xlsx", FileKind.Xlsx,
        [
            new SheetSpec("区划", Forms.Areas, c["areas"], st) { Title = "宝山县村级区划名册", UnitLine = unit },
            new SheetSpec("收入对比", Forms.TownshipPay, c["township-pay"], st) { Title = "宝山县乡镇工作人员收入对比", UnitLine = unit, Values = Areas(cc, "tp") },
            new SheetSpec("发展党员", Forms.PartyDevelopment, c["party-development"], st) { Title = "宝山县村级发展党员情况", UnitLine = unit, TotalRow = true, Values = Areas(cc, "pd") },
            new SheetSpec("致富带富", Forms.Entrepreneurship, c["entrepreneurship"], st) { Title = "宝山县党员致富带富情况（单位：元）", UnitLine = unit },
        ], "village statistics, 4 sheets; the register keeps codes as text; party development villages as numeric cells");
    }

    private static IEnumerable<OutputFile> Fengming(CountyData c)
    {
        const string cc = "990181";
        var st = new Style { County = CountyFmt.Traditional, BirthDates = DateFmt.DotMonthShort, Dates = DateFmt.Iso };
        const string unit = "填报单位：凤鸣市委组织部          填报日期：2023年1月12日";
        yield return new(cc, "凤鸣市村级区划名册.xlsx", FileKind.Xlsx,
            [new SheetSpec("村级区划名册", Forms.Areas, c["areas"], st) { Title = "凤鸣市村级区划名册", UnitLine = unit }],
            "areas (register)");
        yield return new(cc, "凤鸣市乡镇干部情况.xlsx", FileKind.Xlsx,
        [
            new SheetSpec("乡镇领导班子", Forms.TownshipLeaders, c["township-leaders"], st) { Title = "凤鸣市乡镇领导班子成员名册", UnitLine = unit, SerialColumn = true, Values = Areas(cc, "tl") },
            new SheetSpec("乡镇收入对比", Forms.TownshipPay, c["township-pay"], st) { Values = Areas(cc, "tp") },
            new SheetSpec("提拔重用", Forms.Promotions, c["promotions"], st) { Title = "凤鸣市乡镇干部提拔重用情况" },
        ], "township-leaders, township-pay, promotions; townships in Traditional without suffix");
        yield return new(cc, "凤鸣市村党组织书记名册.xlsx", FileKind.Xlsx,
        [
            new SheetSpec("2021年换届", Forms.VillageSecretaries, c["village-secretaries-2021"], st with { TermSuffix = true }) { Title = "凤鸣市村党组织书记花名册（2021年换届）", UnitLine = unit, SerialColumn = true, RemarkColumn = true, TotalRow = true, Values = Areas(cc, "vs") },
            new SheetSpec("2018年换届", Forms.VillageSecretaries, c["village-secretaries-2018"], st with { TermSuffix = true }) { Title = "凤鸣市村党组织书记花名册（2018年换届）", UnitLine = unit, SerialColumn = true, RemarkColumn = true, TotalRow = true, Values = Areas(cc, "vs") },
            new SheetSpec("调整情况", Forms.SecretaryAdjustments, c["secretary-adjustments"], st) { Title = "凤鸣市不适应不胜任村党组织书记调整情况", SerialColumn = true, Values = Areas(cc, "sa") },
        ], "village-secretaries 2021 and 2018, secretary-adjustments; villages in Traditional without suffix");
        yield return new(cc, "凤鸣市驻村干部名册.xlsx", FileKind.Xlsx,
        [
            new SheetSpec("驻村干部", Forms.ResidentCadres, c["resident-cadres"], st) { Title = "凤鸣市驻村第一书记和工作队员名册", UnitLine = unit, SerialColumn = true, Groups = RcGroups, TotalRow = true, Note = "注：待遇保障各项填“是”或“否”。", Values = Areas(cc, "rc") },
            new SheetSpec("选调生", Forms.SelectedGraduates, c["selected-graduates"], st) { Title = "凤鸣市选调生到村任职名册", SerialColumn = true, Values = Areas(cc, "sg") },
        ], "resident-cadres (two-row merged header over the benefits) + selected-graduates");
        yield return new(cc, "凤鸣市发展党员和致富带富.xlsx", FileKind.Xlsx,
        [
            new SheetSpec("发展党员", Forms.PartyDevelopment, c["party-development"], st) { Title = "凤鸣市村级发展党员情况", TotalRow = true, Values = Areas(cc, "pd") },
            new SheetSpec("致富带富", Forms.Entrepreneurship, c["entrepreneurship"], st)
            {
                Title = "凤鸣市党员致富带富情况（2021—2022年）",
                Values = new(StringComparer.Ordinal)
                {
                    ["doubleLeadFund"] = r => Wan((decimal)r["doubleLeadFund"]!) + "万元",
                    ["startupFunds"] = r => (((decimal)r["startupFunds"]!) / 100_000_000m).ToString("0.####", CultureInfo.InvariantCulture) + "亿",
                },
            },
        ], "party-development + entrepreneurship (2021 and 2022); `…万元` and `0.xx亿` in cells");
    }

    private static IEnumerable<OutputFile> Lingnan(CountyData c)
    {
        const string cc = "990202";
        var st = new Style { County = CountyFmt.Name, BirthDates = DateFmt.YyyyMm, Dates = DateFmt.Iso, Bools = BoolFmt.YesNoLetter };
        const FileKind k = FileKind.CsvGb18030;
        OutputFile One(string file, FormDef form, string key, string salt, string title, string desc, bool total = false) =>
            new(cc, file, k, [new SheetSpec(Path.GetFileNameWithoutExtension(file), form, c[key], st) { Title = title, TotalRow = total, Values = form == Forms.Areas ? [] : Areas(cc, salt) }], desc);

        yield return One("岭南区村级区划名册.csv", Forms.Areas, "areas", "ar", "岭南区村级区划名册", "areas (register)");
        yield return One("岭南区乡镇领导班子成员名册.csv", Forms.TownshipLeaders, "township-leaders", "tl", "岭南区乡镇领导班子成员名册", "township-leaders; spaced names");
        yield return One("岭南区乡镇工作人员收入对比.csv", Forms.TownshipPay, "township-pay", "tp", "岭南区乡镇工作人员收入对比", "township-pay");
        yield return One("岭南区乡镇干部提拔重用情况.csv", Forms.Promotions, "promotions", "pr", "岭南区乡镇干部提拔重用情况", "promotions; spaced person names");
        yield return new(cc, "岭南区村党组织书记名册（2021届）.csv", k,
            [new SheetSpec("岭南区村党组织书记名册（2021届）", Forms.VillageSecretaries, c["village-secretaries-2021"], st) { Title = "岭南区村党组织书记名册（2021届）", SerialColumn = true, Note = "注：一肩挑、致富带头人、县级备案填Y或N。", Values = Areas(cc, "vs") }],
            "village-secretaries 2021; title and note lines");
        yield return One("岭南区村党组织书记名册（2018届）.csv", Forms.VillageSecretaries, "village-secretaries-2018", "vs", "岭南区村党组织书记名册（2018届）", "village-secretaries 2018");
        yield return One("岭南区村书记调整情况.csv", Forms.SecretaryAdjustments, "secretary-adjustments", "sa", "岭南区不适应不胜任村党组织书记调整情况", "secretary-adjustments");
        yield return One("岭南区驻村第一书记和工作队员名册.csv", Forms.ResidentCadres, "resident-cadres", "rc", "岭南区驻村第一书记和工作队员名册", "resident-cadres");
        yield return One("岭南区选调生到村任职名册.csv", Forms.SelectedGraduates, "selected-graduates", "sg", "岭南区选调生到村任职名册", "selected-graduates");
        yield return One("岭南区村级发展党员情况.csv", Forms.PartyDevelopment, "party-development", "pd", "岭南区村级发展党员情况", "party-development; totals line", total: true);
        yield return new(cc, "岭南区党员致富带富情况.csv", k,
        [
            new SheetSpec("岭南区党员致富带富情况", Forms.Entrepreneurship, c["entrepreneurship"], st)
            {
                Title = "岭南区党员致富带富情况（单位：元）",
                Values = new(StringComparer.Ordinal)
                {
                    ["doubleLeadFund"] = r => ((decimal)r["doubleLeadFund"]!).ToString("#,0", CultureInfo.InvariantCulture),
                    ["startupFunds"] = r => ((decimal)r["startupFunds"]!).ToString("#,0", CultureInfo.InvariantCulture),
                },
            },
        ], "entrepreneurship; yuan with thousands separators");
    }

    private static IEnumerable<OutputFile> Yunxi(CountyData c)
    {
        const string cc = "990221";
        var st = new Style { County = CountyFmt.Short, BirthDates = DateFmt.Serial, Dates = DateFmt.Iso, EnumVariant = 1 };
        const string unit = "填报单位：中共云溪县委组织部                    填报日期：2023年1月11日";
        var money = new Dictionary<string, Func<Rec, object?>>(StringComparer.Ordinal)
        {
            ["doubleLeadFund"] = r => Wan((decimal)r["doubleLeadFund"]!) + "万元",
            ["startupFunds"] = r => Wan((decimal)r["startupFunds"]!) + "万元",
            ["redFund"] = r => r["redFund"] is decimal d ? Wan(d) + "万元" : null,
        };
        yield return new(cc, "云溪县乡村振兴干部队伍统计报表.xlsx", FileKind.Xlsx,
        [
            new SheetSpec("村级区划", Forms.Areas, c["areas"], st) { Title = "云溪县村级区划名册", UnitLine = unit, SerialColumn = true },
            new SheetSpec("乡镇班子", Forms.TownshipLeaders, c["township-leaders"], st) { Title = "云溪县乡镇领导班子成员名册", UnitLine = unit, SerialColumn = true, Values = Areas(cc, "tl") },
            new SheetSpec("乡镇收入", Forms.TownshipPay, c["township-pay"], st) { Title = "云溪县乡镇工作人员收入对比", UnitLine = unit, Values = Areas(cc, "tp") },
            new SheetSpec("提拔重用", Forms.Promotions, c["promotions"], st) { Title = "云溪县乡镇干部提拔重用情况", UnitLine = unit, SerialColumn = true },
            new SheetSpec("村书记2021届", Forms.VillageSecretaries, c["village-secretaries-2021"], st) { Title = "云溪县村党组织书记花名册（2021年换届）", UnitLine = unit, SerialColumn = true, Groups = VsGroups, TotalRow = true, Values = Areas(cc, "vs21") },
            new SheetSpec("村书记2018届", Forms.VillageSecretaries, c["village-secretaries-2018"], st) { Title = "云溪县村党组织书记花名册（2018年换届）", UnitLine = unit, SerialColumn = true, Groups = VsGroups, TotalRow = true, Values = Areas(cc, "vs18") },
            new SheetSpec("书记调整", Forms.SecretaryAdjustments, c["secretary-adjustments"], st) { Title = "云溪县调整不适应不胜任村党组织书记情况", UnitLine = unit, SerialColumn = true, Values = Areas(cc, "sa") },
            new SheetSpec("驻村干部", Forms.ResidentCadres, c["resident-cadres"], st) { Title = "云溪县驻村第一书记和工作队员名册", UnitLine = unit, SerialColumn = true, TotalRow = true, Values = Areas(cc, "rc") },
            new SheetSpec("选调生", Forms.SelectedGraduates, c["selected-graduates"], st) { Title = "云溪县选调生到村任职名册", UnitLine = unit, SerialColumn = true, Values = Areas(cc, "sg") },
            new SheetSpec("发展党员", Forms.PartyDevelopment, c["party-development"], st) { Title = "云溪县村级发展党员情况", UnitLine = unit, TotalRow = true, Values = Areas(cc, "pd") },
            new SheetSpec("致富带富", Forms.Entrepreneurship, c["entrepreneurship"], st) { Title = "云溪县党员致富带富情况", UnitLine = unit, Values = money },
        ], "every form in one workbook (11 sheets); spellings of townships and villages mixed row by row");
    }

    private static IEnumerable<OutputFile> Longquan(CountyData c)
    {
        const string cc = "990222";
        var st = new Style { Aliases = true, County = CountyFmt.Name, BirthDates = DateFmt.DotMonth, Dates = DateFmt.CnDay, EnumVariant = 1 };
        const string unit = "填报单位：龙泉县委组织部          填报日期：2023年1月13日";
        yield return new(cc, "龙泉县村干部花名册.xlsx", FileKind.Xlsx,
        [
            new SheetSpec("2021届村书记", Forms.VillageSecretaries, c["village-secretaries-2021"], st) { Title = "龙泉县村党组织书记花名册（2021年换届）", UnitLine = unit, SerialColumn = true, Groups = VsGroups, TotalRow = true, Values = Areas(cc, "vs") },
            new SheetSpec("2018届村书记", Forms.VillageSecretaries, c["village-secretaries-2018"], st) { Title = "龙泉县村党组织书记花名册（2018年换届）", UnitLine = unit, SerialColumn = true, Values = Areas(cc, "vs") },
            new SheetSpec("书记调整", Forms.SecretaryAdjustments, c["secretary-adjustments"], st) { Title = "龙泉县不适应不胜任村党组织书记调整情况", SerialColumn = true, Values = Areas(cc, "sa") },
            new SheetSpec("驻村干部", Forms.ResidentCadres, c["resident-cadres"], st) { Title = "龙泉县驻村第一书记和工作队员名册", UnitLine = unit, SerialColumn = true, Values = Areas(cc, "rc") },
            new SheetSpec("选调生", Forms.SelectedGraduates, c["selected-graduates"], st) { Title = "龙泉县选调生到村任职名册", SerialColumn = true, Values = Areas(cc, "sg") },
        ], "village cadres, 5 sheets; townships in Traditional, villages without suffix, padded person names");
        yield return new(cc, "龙泉县乡镇和村级统计表.xlsx", FileKind.Xlsx,
        [
            new SheetSpec("村级区划名册", Forms.Areas, c["areas"], st) { Title = "龙泉县村级区划名册", UnitLine = unit },
            new SheetSpec("乡镇领导班子", Forms.TownshipLeaders, c["township-leaders"], st) { Title = "龙泉县乡镇领导班子成员名册", UnitLine = unit, Values = Areas(cc, "tl") },
            new SheetSpec("乡镇收入对比", Forms.TownshipPay, c["township-pay"], st) { Values = Areas(cc, "tp") },
            new SheetSpec("提拔重用", Forms.Promotions, c["promotions"], st) { Title = "龙泉县乡镇干部提拔重用情况", Values = Areas(cc, "pr") },
            new SheetSpec("发展党员", Forms.PartyDevelopment, c["party-development"], st) { Title = "龙泉县村级发展党员情况（2021—2022年）", TotalRow = true, Values = Areas(cc, "pd") },
            new SheetSpec("致富带富", Forms.Entrepreneurship, c["entrepreneurship"], st)
            {
                Title = "龙泉县党员致富带富情况",
                Headers = new(StringComparer.Ordinal) { ["doubleLeadFund"] = "党员“双带”致富资金（万元）", ["startupFunds"] = "发放创业资金（万元）" },
                Values = new(StringComparer.Ordinal)
                {
                    ["doubleLeadFund"] = r => (decimal)r["doubleLeadFund"]! / 10_000m,
                    ["startupFunds"] = r => (decimal)r["startupFunds"]! / 10_000m,
                },
            },
        ], "register, township forms, party development (2021 and 2022), entrepreneurship; money in （万元） headers");
    }

    private static IEnumerable<OutputFile> Guangping(CountyData c)
    {
        const string cc = "990223";
        var st = new Style { County = CountyFmt.Code, BirthDates = DateFmt.Iso, Dates = DateFmt.Slash };
        const FileKind k = FileKind.CsvUtf8Bom;
        OutputFile One(string file, FormDef form, string key, string salt, string? title, string desc, bool total = false) =>
            new(cc, file, k, [new SheetSpec(Path.GetFileNameWithoutExtension(file), form, c[key], st) { Title = title, TotalRow = total, Values = form == Forms.Areas ? [] : Areas(cc, salt) }], desc);

        yield return One("广平县-村级区划名册.csv", Forms.Areas, "areas", "ar", null, "areas (register)");
        yield return One("广平县-乡镇领导班子成员名册.csv", Forms.TownshipLeaders, "township-leaders", "tl", "广平县乡镇领导班子成员名册", "township-leaders; townships without suffix");
        yield return One("广平县-乡镇工作人员收入对比.csv", Forms.TownshipPay, "township-pay", "tp", null, "township-pay");
        yield return One("广平县-乡镇干部提拔重用情况.csv", Forms.Promotions, "promotions", "pr", "广平县乡镇干部提拔重用情况", "promotions");
        yield return One("广平县-村党组织书记名册-2021届.csv", Forms.VillageSecretaries, "village-secretaries-2021", "vs", "广平县村党组织书记名册（2021届）", "village-secretaries 2021; villages by 12-digit code");
        yield return One("广平县-村党组织书记名册-2018届.csv", Forms.VillageSecretaries, "village-secretaries-2018", "vs", "广平县村党组织书记名册（2018届）", "village-secretaries 2018");
        yield return One("广平县-村书记调整情况.csv", Forms.SecretaryAdjustments, "secretary-adjustments", "sa", null, "secretary-adjustments");
        yield return One("广平县-驻村第一书记和工作队员名册.csv", Forms.ResidentCadres, "resident-cadres", "rc", "广平县驻村第一书记和工作队员名册", "resident-cadres");
        yield return One("广平县-选调生到村任职名册.csv", Forms.SelectedGraduates, "selected-graduates", "sg", null, "selected-graduates");
        yield return One("广平县-村级发展党员情况.csv", Forms.PartyDevelopment, "party-development", "pd", null, "party-development; totals line", total: true);
        yield return One("广平县-党员致富带富情况.csv", Forms.Entrepreneurship, "entrepreneurship", "en", null, "entrepreneurship; yuan");
    }
}
