namespace CadrePipeline.SampleData;

internal enum ColType
{
    Area,
    Text,
    Name,
    Id,
    Bool,
    Int,
    Money,
    Date,
    BirthDate,
    Enum,
    Sex,
}

/// <summary>One column as the generator writes it: canonical field, Simplified header, an alias from forms.md.</summary>
internal sealed record ColDef(string Field, string Header, string? Alias, ColType Type);

internal sealed record FormDef(string Id, string Title, IReadOnlyList<ColDef> Columns);

/// <summary>The forms of forms.md, in the generator's own words (it does not read the pipeline's definitions).</summary>
internal static class Forms
{
    private static ColDef County => new("county", "县(市、区)", null, ColType.Area);
    private static ColDef Name => new("name", "姓名", null, ColType.Name);

    public static readonly FormDef Areas = new("areas", "村级区划名册",
    [
        new("county", "县(市、区)", "所属县区", ColType.Area), new("township", "乡镇", "所属乡镇", ColType.Text), new("townshipCode", "乡镇代码", null, ColType.Text),
        new("village", "村", "行政村", ColType.Text), new("villageCode", "村代码", "区划代码", ColType.Text),
        new("keyVillage", "重点村", "是否重点村", ColType.Bool), new("relocationHeavy", "移民搬迁任务较重", "移民乡镇", ColType.Bool),
    ]);

    public static readonly FormDef TownshipLeaders = new("township-leaders", "乡镇领导班子成员名册",
    [
        new("county", "县(市、区)", "县区", ColType.Area), new("township", "乡镇", null, ColType.Area), Name, new("idNumber", "身份证号", "公民身份号码", ColType.Id),
        new("birthDate", "出生年月", "出生日期", ColType.BirthDate), new("position", "职务", "现任职务", ColType.Enum),
        new("appointedOn", "任职时间", "任现职时间", ColType.Date), new("townshipExperience", "乡镇工作经历", "有无乡镇工作经历", ColType.Bool),
        new("countyLeaderConcurrent", "县级领导兼任", "是否县级领导兼任", ColType.Bool), new("fiveAspects", "五方面人员类别", "五方面人员", ColType.Enum),
    ]);

    public static readonly FormDef TownshipPay = new("township-pay", "乡镇工作人员收入对比",
    [
        County, new("township", "乡镇", null, ColType.Area), new("townshipIncome", "乡镇工作人员月均收入（元）", "乡镇人员月均收入", ColType.Int),
        new("agencyIncome", "同职级机关人员月均收入（元）", "机关同职级月均收入", ColType.Int), new("subsidyPaid", "乡镇补贴落实", "是否落实乡镇补贴", ColType.Bool),
    ]);

    public static readonly FormDef Promotions = new("promotions", "乡镇干部提拔重用情况",
    [
        County, Name, new("idNumber", "身份证号", null, ColType.Id), new("fromPosition", "原任职务", null, ColType.Enum),
        new("townshipExperience", "乡镇工作经历", null, ColType.Bool), new("promotionType", "提拔重用类型", "类型", ColType.Enum),
        new("promotedOn", "提拔重用时间", "任职时间", ColType.Date),
    ]);

    public static readonly FormDef VillageSecretaries = new("village-secretaries", "村党组织书记名册",
    [
        County, new("township", "乡镇", null, ColType.Area), new("village", "村", "行政村", ColType.Area), Name, new("idNumber", "身份证号", null, ColType.Id),
        new("sex", "性别", null, ColType.Sex), new("ethnicity", "民族", null, ColType.Text), new("birthDate", "出生年月", null, ColType.BirthDate),
        new("education", "学历", "文化程度", ColType.Enum), new("partyJoinedOn", "入党时间", null, ColType.Date),
        new("term", "届次", "换届年份", ColType.Int), new("status", "任职状态", "新任/连任", ColType.Enum),
        new("concurrentDirector", "一肩挑", "书记主任一肩挑", ColType.Bool), new("tripleRole", "一肩三挑", null, ColType.Bool),
        new("wealthLeader", "致富带头人", "是否致富带头人", ColType.Bool), new("countyFiled", "县级备案", "是否县级备案", ColType.Bool),
    ]);

    public static readonly FormDef SecretaryAdjustments = new("secretary-adjustments", "不适应不胜任村党组织书记调整情况",
    [
        County, new("township", "乡镇", null, ColType.Area), new("village", "村", null, ColType.Area), Name, new("idNumber", "身份证号", null, ColType.Id),
        new("reason", "调整原因", null, ColType.Enum), new("adjustedOn", "调整时间", null, ColType.Date),
    ]);

    public static readonly FormDef ResidentCadres = new("resident-cadres", "驻村第一书记和工作队员名册",
    [
        County, new("township", "乡镇", null, ColType.Area), new("village", "村", "派驻村", ColType.Area), Name, new("idNumber", "身份证号", null, ColType.Id),
        new("role", "身份", "驻村身份", ColType.Enum), new("dispatchLevel", "选派层级", "派出层级", ColType.Enum),
        new("sendingUnit", "派出单位", null, ColType.Text), new("startDate", "派驻时间", "驻村时间", ColType.Date), new("endDate", "期满时间", null, ColType.Date),
        new("fundsProvided", "工作经费", null, ColType.Bool), new("healthCheck", "体检", null, ColType.Bool),
        new("accidentInsurance", "人身意外伤害保险", null, ColType.Bool), new("mealAllowance", "伙食补助", null, ColType.Bool),
        new("transportAllowance", "交通补助", null, ColType.Bool), new("commsAllowance", "通信补贴", null, ColType.Bool),
        new("townshipAllowance", "乡镇工作补贴", null, ColType.Bool), new("remoteAllowance", "艰苦边远地区津贴", null, ColType.Bool),
    ]);

    public static readonly FormDef SelectedGraduates = new("selected-graduates", "选调生到村任职名册",
    [
        County, new("township", "乡镇", null, ColType.Area), new("village", "村", null, ColType.Area), Name, new("idNumber", "身份证号", null, ColType.Id),
        new("recruitedYear", "录用年度", "招录年度", ColType.Int), new("villageStart", "到村时间", null, ColType.Date),
        new("villageMonths", "在村工作期限（月）", "到村工作期限", ColType.Int),
    ]);

    public static readonly FormDef PartyDevelopment = new("party-development", "村级发展党员情况",
    [
        County, new("township", "乡镇", null, ColType.Area), new("village", "村", null, ColType.Area), new("year", "年度", null, ColType.Int),
        new("newMembers", "发展党员数", "发展党员", ColType.Int), new("newTalent", "其中优秀人才", "优秀人才", ColType.Int),
        new("newWealthLeaders", "其中致富带头人", null, ColType.Int),
    ]);

    public static readonly FormDef Entrepreneurship = new("entrepreneurship", "党员致富带富情况",
    [
        County, new("year", "年度", null, ColType.Int), new("doubleLeadFund", "党员“双带”致富资金", "双带致富资金", ColType.Money),
        new("startupFunds", "发放创业资金", "创业资金", ColType.Money), new("bases", "党员创业基地（个）", "创业基地", ColType.Int),
        new("peopleSupported", "带动扶持创业（人）", "带动创业人数", ColType.Int), new("redFund", "党员红色发展基金", "红色发展基金", ColType.Money),
        new("familyFarms", "党员领办协办家庭农场（家）", "家庭农场", ColType.Int), new("cooperatives", "党员领办协办专业合作组织（家）", "专业合作组织", ColType.Int),
    ]);

    /// <summary>Written labels per enum field and code; the first is the standard one, later ones are synonyms.</summary>
    public static readonly Dictionary<string, Dictionary<string, string[]>> EnumLabels = new(StringComparer.Ordinal)
    {
        ["position"] = new(StringComparer.Ordinal)
        {
            ["party-secretary"] = ["党委书记"], ["head"] = ["{x}长", "乡镇长"], ["deputy-secretary"] = ["党委副书记"],
            ["deputy-head"] = ["副{x}长", "副乡镇长"], ["member"] = ["党委委员"], ["other"] = ["其他"],
        },
        ["fiveAspects"] = new(StringComparer.Ordinal)
        {
            ["village-secretary"] = ["优秀村党组织书记"], ["college-village-official"] = ["大学生村官"], ["selected-graduate"] = ["选调生"],
            ["resident-cadre"] = ["第一书记", "驻村工作队员"], ["township-staff"] = ["乡镇事业编制人员"],
        },
        ["fromPosition"] = new(StringComparer.Ordinal) { ["party-secretary"] = ["乡镇党委书记"], ["head"] = ["乡镇长"], ["other"] = ["其他"] },
        ["promotionType"] = new(StringComparer.Ordinal)
        {
            ["deputy-division"] = ["提拔副处级领导干部"], ["level4-researcher"] = ["晋升四级调研员"], ["important-use"] = ["重用"],
        },
        ["education"] = new(StringComparer.Ordinal)
        {
            ["postgraduate"] = ["研究生", "硕士"], ["bachelor"] = ["大学本科", "本科"], ["college"] = ["大学专科", "大专"],
            ["secondary-vocational"] = ["中专", "技校"], ["high-school"] = ["高中", "高中"], ["junior-or-below"] = ["初中", "初中及以下"],
        },
        ["status"] = new(StringComparer.Ordinal) { ["new"] = ["新任"], ["reelected"] = ["连任", "留任"] },
        ["reason"] = new(StringComparer.Ordinal) { ["unsuited"] = ["不适应"], ["incompetent"] = ["不胜任"], ["discipline"] = ["违纪违法"], ["other"] = ["其他"] },
        ["role"] = new(StringComparer.Ordinal) { ["first-secretary"] = ["第一书记"], ["team-member"] = ["工作队员", "驻村工作队员"] },
        ["dispatchLevel"] = new(StringComparer.Ordinal) { ["region"] = ["自治区", "区直"], ["city"] = ["市直", "市"], ["county"] = ["县", "县(市、区)"] },
    };
}

/// <summary>Simplified to Traditional for the characters the generator writes in headers, titles and enum labels.</summary>
internal static class Traditional
{
    private const string Pairs =
        "党黨书書记記镇鎮长長乡鄉员員优優组組织織学學选選调調驻駐队隊业業编編级級领領导導晋晉硕碩专專连連适適应應胜勝违違纪紀" +
        "区區县縣证證号號职職务務时時间間经經历歷类類别別关關机機补補贴貼实實态態届屆带帶头頭备備层層单單满滿费費体體检檢险險" +
        "伤傷艰艱边邊远遠录錄发發数數双雙资資创創动動个個红紅办辦协協农農场場册冊报報说說计計万萬亿億码碼点點迁遷较較积積银銀" +
        "滩灘闸閘担擔沟溝桥橋东東马馬莲蓮状狀对對况況统統吴吳处處";

    private static readonly Dictionary<char, char> Map = BuildMap();

    private static Dictionary<char, char> BuildMap()
    {
        var map = new Dictionary<char, char>();
        for (var i = 0; i + 1 < Pairs.Length; i += 2)
        {
            map[Pairs[i]] = Pairs[i + 1];
        }

        return map;
    }

    public static string Convert(string s)
    {
        var chars = s.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (Map.TryGetValue(chars[i], out var t))
            {
                chars[i] = t;
            }
        }

        var result = new string(chars);
        return result.Replace("干部", "幹部", StringComparison.Ordinal);
    }
}
