namespace CadrePipeline.SampleData;

/// <summary>One area of the province catalogue (areas.json): province, city or county.</summary>
internal sealed record CatalogArea(string Code, string NameZh, string NameEn, string Level, string? Parent, string Short);

internal sealed record ProvinceCountySpec(string Code, string Name, string Short, string NameEn, string City, string[] Townships, string[] Relocation);

/// <summary>
/// The second sample scenario: a synthetic province 示范省 (990000) with two cities and nine counties. Codes start
/// with 99, which no real GB/T 2260 code uses. No figure is fixed in advance: the data is plausible, and an
/// independent oracle recomputes every indicator from the raw files.
/// </summary>
internal sealed class ProvinceScenario
{
    public static readonly CatalogArea[] Upper =
    [
        new("990000", "示范省", "Shifan Province (synthetic)", "Province", null, "示范"),
        new("990100", "临川市", "Linchuan City (synthetic)", "City", "990000", "临川"),
        new("990200", "云岭市", "Yunling City (synthetic)", "City", "990000", "云岭"),
    ];

    public static readonly ProvinceCountySpec[] Specs =
    [
        new("990102", "临东区", "临东", "Lindong District (synthetic)", "990100", ["东关镇", "城南镇", "河湾镇", "杨柳乡", "马营乡", "桥头乡"], ["马营乡"]),
        new("990121", "长宁县", "长宁", "Changning County (synthetic)", "990100", ["长宁镇", "龙门镇", "新兴乡", "宝塔乡", "石岗乡"], ["石岗乡"]),
        new("990122", "丰乐县", "丰乐", "Fengle County (synthetic)", "990100", ["丰乐镇", "双河镇", "黄土镇", "白杨镇", "红柳乡", "高岭乡", "三岔乡"], ["红柳乡", "高岭乡"]),
        new("990123", "宝山县", "宝山", "Baoshan County (synthetic)", "990100", ["宝山镇", "金鸡镇", "凤凰乡", "云雾乡"], ["云雾乡"]),
        new("990181", "凤鸣市", "凤鸣", "Fengming City (synthetic)", "990100", ["凤城镇", "鸣沙镇", "清水镇", "柳林镇", "广丰镇", "长乐乡", "万顺乡", "兴仁乡"], ["鸣沙镇", "万顺乡"]),
        new("990202", "岭南区", "岭南", "Lingnan District (synthetic)", "990200", ["岭南镇", "南湖镇", "东岗乡"], []),
        new("990221", "云溪县", "云溪", "Yunxi County (synthetic)", "990200", ["云溪镇", "龙湾镇", "花园镇", "沙坝乡", "杨家乡", "庙前乡"], ["沙坝乡"]),
        new("990222", "龙泉县", "龙泉", "Longquan County (synthetic)", "990200", ["龙泉镇", "温泉镇", "丰收镇", "马场乡", "齐家乡"], ["马场乡", "齐家乡"]),
        new("990223", "广平县", "广平", "Guangping County (synthetic)", "990200", ["广平镇", "太和镇", "永乐乡", "陈庄乡"], ["陈庄乡"]),
    ];

    private static readonly string[] NameHeads =
    [
        "东", "西", "南", "北", "新", "红", "团结", "胜利", "和平", "永丰", "金", "银", "太平", "联合", "光明", "兴隆", "富民", "双井", "三合",
        "中", "高", "沙", "杨家", "李家", "王家", "马家", "张家", "刘家", "陈家", "黄家", "赵家", "石", "古", "河", "红星", "东风", "曙光", "立新",
        "红旗", "幸福", "长胜", "前进", "柳", "杏", "枣", "白", "青", "老", "大", "小", "龙", "凤", "宝", "万", "双", "凤凰",
    ];

    private static readonly string[] NameTails =
    [
        "庄", "湾", "沟", "滩", "堡", "梁", "井", "泉", "塘", "渠", "桥", "园", "山", "岔", "集", "营", "寨", "坝", "闸", "湖", "岭", "岗", "坪", "门",
    ];

    private static readonly string[] ProvinceUnits =
    [
        "示范省委组织部", "示范省财政厅", "示范省农业农村厅", "示范省乡村振兴局", "示范省水利厅", "示范大学", "示范省人民医院", "示范省交通运输厅",
    ];

    private readonly Prng _rng;
    private readonly PersonFactory _people;
    private readonly HashSet<string> _villageNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _townshipStems;

    private ProvinceScenario(ulong seed)
    {
        _rng = new Prng(seed ^ 0x9900_0000_0000UL);
        _people = new PersonFactory(_rng);
        _townshipStems = Specs.SelectMany(s => s.Townships).Select(Names.Stem).ToHashSet(StringComparer.Ordinal);
        foreach (var s in Specs)
        {
            Render.AddCounty(s.Code, s.Name, s.Short, Names.Trad(s.Name));
        }
    }

    public List<CountyData> Counties { get; } = [];

    public CountyData County(string code) => Counties.First(c => c.Info.Code == code);

    public static ProvinceCountySpec Spec(string code) => Specs.First(s => s.Code == code);

    public static ProvinceScenario Build(ulong seed)
    {
        var s = new ProvinceScenario(seed);
        s.BuildAreas();
        foreach (var c in s.Counties)
        {
            s.BuildSecretaries(c);
            s.BuildLeaders(c);
            s.BuildPay(c);
            s.BuildPromotions(c);
            s.BuildResidentCadres(c);
            s.BuildGraduates(c);
            s.BuildPartyDevelopment(c);
            s.BuildEntrepreneurship(c);
        }

        s.AddBadRows();
        return s;
    }

    private static Rec Bad(Rec r, string code, string field, string reason)
    {
        r.Expect = new Expectation(code, "error", field, reason);
        return r;
    }

    private static Rec Warn(Rec r, string code, string field, string reason)
    {
        r.Expect = new Expectation(code, "warning", field, reason);
        return r;
    }

    private static void InsertAfter(List<Rec> list, Func<Rec, bool> match, Rec rec) => list.Insert(list.FindLastIndex(r => match(r)) + 1, rec);

    private DateOnly DateBetween(DateOnly from, DateOnly to) => DateOnly.FromDayNumber(from.DayNumber + _rng.Next(0, to.DayNumber - from.DayNumber));

    private string NewVillageName()
    {
        while (true)
        {
            var head = _rng.Pick(NameHeads);
            var stem = head.Length == 2 && _rng.Chance(0.3) ? head : head + _rng.Pick(NameTails);
            if (!_townshipStems.Contains(stem) && _villageNames.Add(stem + "村"))
            {
                return stem + "村";
            }
        }
    }

    private void BuildAreas()
    {
        foreach (var spec in Specs)
        {
            var info = new CountyInfo(spec.Code, spec.Name, spec.Short);
            int town = 100, rural = 200;
            foreach (var name in spec.Townships)
            {
                var code = spec.Code + (name.EndsWith('镇') ? town++ : rural++).ToString("000", System.Globalization.CultureInfo.InvariantCulture);
                info.Townships.Add(new Township(spec.Code, code, name, spec.Relocation.Contains(name)));
            }

            foreach (var t in info.Townships)
            {
                var n = _rng.Next(5, 15);
                for (var j = 1; j <= n; j++)
                {
                    var key = _rng.Chance(t.RelocationHeavy ? 0.45 : 0.2);
                    info.Villages.Add(new Village(t, t.Code + (200 + j).ToString("000", System.Globalization.CultureInfo.InvariantCulture), NewVillageName(), key));
                }
            }

            var data = new CountyData(info);
            Counties.Add(data);
            foreach (var v in info.Villages)
            {
                var r = Rec.At(v);
                r["townshipCode"] = v.Township.Code;
                r["villageCode"] = v.Code;
                r["keyVillage"] = v.Key;
                r["relocationHeavy"] = v.Township.RelocationHeavy;
                data["areas"].Add(r);
            }
        }
    }

    private string College() => _rng.Next(0, 99) switch
    {
        < 3 => "postgraduate",
        < 35 => "bachelor",
        _ => "college",
    };

    private string Lower() => _rng.Next(0, 99) switch
    {
        < 40 => "high-school",
        < 60 => "secondary-vocational",
        _ => "junior-or-below",
    };

    private static bool IsCollege(string e) => e is "college" or "bachelor" or "postgraduate";

    private void BuildSecretaries(CountyData c)
    {
        var cc = c.Info.Code;
        var villages = c.Info.Villages;
        var no2018 = _rng.Chance(0.5) ? villages[_rng.Next(0, villages.Count - 1)] : null;
        var leavers = new List<(Village V, Person P)>();
        foreach (var v in villages)
        {
            var reelected = v != no2018 && _rng.Chance(0.58);
            Person? p18;
            Person p21;
            if (reelected)
            {
                p21 = _rng.Chance(0.07) ? _people.CreateAged(cc, Scenario.Jan2021, 60, 64, 0.02) : _people.CreateAged(cc, Scenario.Jan2021, 34, 59, 0.08);
                p18 = p21;
            }
            else
            {
                p18 = v == no2018 ? null : _people.CreateAged(cc, Scenario.Jan2018, 38, 64, 0.08);
                p21 = _people.CreateAged(cc, Scenario.Jan2021, 30, 55, 0.12);
            }

            var edu18 = _rng.Chance(0.2) ? College() : Lower();
            var edu21 = reelected ? (IsCollege(edu18) || !_rng.Chance(0.25) ? edu18 : "college") : _rng.Chance(0.55) ? College() : Lower();
            var cd18 = _rng.Chance(0.55);
            var cd21 = reelected && cd18 ? _rng.Chance(0.97) : _rng.Chance(0.88);
            if (p18 is not null)
            {
                c["village-secretaries-2018"].Add(SecretaryRow(v, p18, 2018, edu18, _rng.Chance(0.6) ? "reelected" : "new", cd18, cd18 && _rng.Chance(0.2), _rng.Chance(0.45), _rng.Chance(0.93)));
                if (!reelected)
                {
                    leavers.Add((v, p18));
                }
            }

            c["village-secretaries-2021"].Add(SecretaryRow(v, p21, 2021, edu21, reelected ? "reelected" : "new", cd21, cd21 && _rng.Chance(0.4), _rng.Chance(0.55), _rng.Chance(0.97)));
        }

        foreach (var (v, p) in leavers)
        {
            if (!_rng.Chance(0.45))
            {
                continue;
            }

            var r = Rec.At(v, p);
            var k = _rng.Next(0, 99);
            r["reason"] = k < 40 ? "unsuited" : k < 75 ? "incompetent" : k < 85 ? "discipline" : "other";
            r["adjustedOn"] = _rng.Chance(0.85) ? DateBetween(new(2021, 1, 5), new(2022, 11, 30)) : DateBetween(new(2019, 3, 1), new(2020, 12, 20));
            c["secretary-adjustments"].Add(r);
        }
    }

    private Rec SecretaryRow(Village v, Person p, int term, string education, string status, bool cd, bool triple, bool wealth, bool filed)
    {
        var r = Rec.At(v, p);
        var k = _rng.Next(0, 99);
        r["ethnicity"] = k < 90 ? "汉族" : k < 96 ? "回族" : k < 98 ? "满族" : "蒙古族";
        r["education"] = education;
        var joined = p.BirthDate.AddYears(_rng.Next(20, 32)).AddDays(_rng.Next(0, 300));
        var latest = new DateOnly(term - 1, 6, 30);
        r["partyJoinedOn"] = joined > latest ? DateBetween(p.BirthDate.AddYears(19), latest) : joined;
        r["term"] = term;
        r["status"] = status;
        r["concurrentDirector"] = cd;
        r["tripleRole"] = triple;
        r["wealthLeader"] = wealth;
        r["countyFiled"] = filed;
        return r;
    }

    private void BuildLeaders(CountyData c)
    {
        var cc = c.Info.Code;
        for (var i = 0; i < c.Info.Townships.Count; i++)
        {
            var t = c.Info.Townships[i];
            var post85 = i == 0 && _rng.Chance(0.6);
            var sec = post85 ? _people.Create(cc, new(1985, 2, 1), new(1988, 10, 1), 0.2) : _people.CreateAged(cc, Scenario.Jan2022, 38, 52, 0.1);
            c["township-leaders"].Add(Leader(t, sec, "party-secretary", post85 || _rng.Chance(0.08)));
            c["township-leaders"].Add(Leader(t, _people.CreateAged(cc, Scenario.Jan2022, 35, 50, 0.15), "head", false));
            for (var k = _rng.Next(1, 2); k > 0; k--)
            {
                c["township-leaders"].Add(Leader(t, _people.CreateAged(cc, Scenario.Jan2022, 30, 48, 0.2), "deputy-secretary", false));
            }

            for (var k = _rng.Next(2, 3); k > 0; k--)
            {
                c["township-leaders"].Add(Leader(t, _people.CreateAged(cc, Scenario.Jan2022, 30, 48, 0.25), "deputy-head", false));
            }

            for (var k = _rng.Next(1, 3); k > 0; k--)
            {
                c["township-leaders"].Add(Leader(t, _people.CreateAged(cc, Scenario.Jan2022, 28, 45, 0.3), "member", false));
            }
        }

        string[] aspects = ["resident-cadre", "resident-cadre", "selected-graduate", "selected-graduate", "college-village-official", "village-secretary", "township-staff", "township-staff"];
        foreach (var r in c["township-leaders"].Where(r => (string)r["position"]! is "deputy-secretary" or "deputy-head" or "member"))
        {
            if (_rng.Chance(0.25))
            {
                r["fiveAspects"] = _rng.Pick(aspects);
            }
        }
    }

    private Rec Leader(Township t, Person p, string position, bool countyLeader)
    {
        var r = Rec.At(t, p);
        r["position"] = position;
        r["appointedOn"] = _rng.Chance(0.75) ? DateBetween(new(2021, 5, 10), new(2021, 12, 30)) : _rng.Chance(0.8) ? DateBetween(new(2018, 3, 1), new(2020, 12, 30)) : DateBetween(new(2022, 1, 10), new(2022, 11, 30));
        r["townshipExperience"] = _rng.Chance(position == "party-secretary" ? 0.9 : 0.85);
        r["countyLeaderConcurrent"] = countyLeader;
        r["fiveAspects"] = null;
        return r;
    }

    private void BuildPay(CountyData c)
    {
        var baseIncome = 4800 + _rng.Next(0, 8) * 100;
        foreach (var t in c.Info.Townships)
        {
            var agency = baseIncome + _rng.Next(-30, 60) * 10;
            var r = Rec.At(t);
            r["agencyIncome"] = agency;
            r["townshipIncome"] = (int)Math.Round(agency * (1.12 + _rng.Next(0, 26) / 100.0) / 10.0) * 10;
            r["subsidyPaid"] = _rng.Chance(0.9);
            c["township-pay"].Add(r);
        }
    }

    private void BuildPromotions(CountyData c)
    {
        var cc = c.Info.Code;
        var rows = new List<Rec>();
        for (var n = _rng.Next(8, 16); n > 0; n--)
        {
            var k = _rng.Next(0, 99);
            var type = k < 12 ? "deputy-division" : k < 40 ? "level4-researcher" : "important-use";
            var from = type == "important-use" ? (_rng.Chance(0.8) ? "other" : "head") : _rng.Pick(["party-secretary", "head", "party-secretary", "head", "other"]);
            var on = _rng.Chance(0.88) ? DateBetween(new(2020, 1, 6), new(2022, 12, 20)) : DateBetween(new(2019, 3, 1), new(2019, 12, 20));
            var r = new Rec { P = _people.CreateAged(cc, on, 36, 54, 0.15) };
            r["county"] = cc;
            r["fromPosition"] = from;
            r["townshipExperience"] = _rng.Chance(0.9);
            r["promotionType"] = type;
            r["promotedOn"] = on;
            rows.Add(r);
        }

        rows.Sort((a, b) => ((DateOnly)a["promotedOn"]!).CompareTo((DateOnly)b["promotedOn"]!));
        c["promotions"].AddRange(rows);
    }

    private void BuildResidentCadres(CountyData c)
    {
        var postings = new List<(Village V, string Level, string Role, DateOnly Start, DateOnly? End)>();
        DateOnly Rotation() => DateBetween(new(2021, 6, 1), new(2021, 10, 30));
        var uncovered = UncoveredKeyVillage(c);
        foreach (var v in c.Info.Villages)
        {
            if (v == uncovered)
            {
                // Only the previous rotation, which ended in 2021: a key village that RC02 must count as not covered.
                postings.Add((v, "city", "first-secretary", new DateOnly(2019, 5, 6), new DateOnly(2021, 5, 5)));
                postings.Add((v, "city", "team-member", new DateOnly(2019, 5, 6), new DateOnly(2021, 5, 5)));
            }
            else if (v.Key)
            {
                var level = _rng.Chance(0.4) ? "region" : "city";
                var start = Rotation();
                for (var k = _rng.Next(2, 4); k > 0; k--)
                {
                    postings.Add((v, level, postings.Count(p => p.V == v && p.Start == start) == 0 ? "first-secretary" : "team-member", start, _rng.Chance(0.85) ? start.AddYears(2) : null));
                }

                if (_rng.Chance(0.15))
                {
                    var old = DateBetween(new(2019, 4, 1), new(2019, 6, 30));
                    postings.Add((v, _rng.Chance(0.5) ? "region" : "city", "first-secretary", old, DateBetween(new(2021, 4, 1), new(2021, 7, 30))));
                }
            }
            else if (_rng.Chance(0.3))
            {
                var start = _rng.Chance(0.8) ? Rotation() : DateBetween(new(2022, 2, 1), new(2022, 9, 1));
                postings.Add((v, "county", "first-secretary", start, start.AddYears(2)));
                if (_rng.Chance(0.5))
                {
                    postings.Add((v, "county", "team-member", start, start.AddYears(2)));
                }
            }
            else if (_rng.Chance(0.08))
            {
                var start = Rotation();
                postings.Add((v, "city", "first-secretary", start, start.AddYears(2)));
            }
        }

        var late = c.Info.Villages.Where(v => v.Key && v != uncovered).ToList();
        if (late.Count > 0)
        {
            postings.Add((_rng.Pick(late), "region", "team-member", new DateOnly(2023, 1, 9), new DateOnly(2025, 1, 8)));
        }

        foreach (var (v, level, role, start, end) in postings.OrderBy(p => p.V.Code, StringComparer.Ordinal).ThenBy(p => p.Start))
        {
            c["resident-cadres"].Add(ResidentRow(v, _people.CreateAged(v.CountyCode, start, 26, 55, 0.2), level, role, start, end));
        }
    }

    /// <summary>In three counties the last key village has no posting active in 2022 (RC02 below 100 %).</summary>
    public static Village? UncoveredKeyVillage(CountyData c) =>
        c.Info.Code is "990121" or "990181" or "990222" ? c.Info.Villages.LastOrDefault(v => v.Key) : null;

    private Rec ResidentRow(Village v, Person p, string level, string role, DateOnly start, DateOnly? end)
    {
        var r = Rec.At(v, p);
        var city = Upper.First(a => a.Code == Spec(v.CountyCode).City).NameZh;
        r["role"] = role;
        r["dispatchLevel"] = level;
        r["sendingUnit"] = level switch
        {
            "region" => _rng.Pick(ProvinceUnits),
            "city" => city + _rng.Pick(["委组织部", "农业农村局", "财政局", "教育局", "卫生健康委员会", "自然资源局"]),
            _ => Spec(v.CountyCode).Name + _rng.Pick(["委组织部", "农业农村局", "财政局", "民政局", "水务局"]),
        };
        r["startDate"] = start;
        r["endDate"] = end;
        var all = _rng.Chance(0.88);
        foreach (var b in Scenario.Benefits)
        {
            r[b] = all || _rng.Chance(0.7);
        }

        if (!all && Scenario.Benefits.All(b => (bool)r[b]!))
        {
            r["remoteAllowance"] = false;
        }

        return r;
    }

    private void BuildGraduates(CountyData c)
    {
        foreach (var v in c.Info.Villages)
        {
            if (_rng.Chance(0.35))
            {
                var k = _rng.Next(0, 99);
                c["selected-graduates"].Add(Graduate(v, _rng.Next(2019, 2022), k < 75 ? 24 : k < 90 ? 36 : 12));
            }
        }
    }

    private Rec Graduate(Village v, int year, int months)
    {
        var r = Rec.At(v, _people.Create(v.CountyCode, new(year - 27, 1, 1), new(year - 22, 8, 31), 0.45));
        r["recruitedYear"] = year;
        r["villageStart"] = DateBetween(new(year, 8, 1), new(year, 10, 15));
        r["villageMonths"] = months;
        return r;
    }

    private void BuildPartyDevelopment(CountyData c)
    {
        var years = c.Info.Code is "990122" or "990222" ? new[] { 2022, 2021 } : [2022];
        foreach (var year in years)
        {
            foreach (var v in c.Info.Villages)
            {
                var r = Rec.At(v);
                var members = _rng.Next(1, 4);
                r["year"] = year;
                r["newMembers"] = members;
                r["newTalent"] = _rng.Chance(year == 2022 ? 0.12 : 0.3) ? 0 : _rng.Next(1, Math.Min(2, members));
                r["newWealthLeaders"] = _rng.Next(0, members - 1);
                c["party-development"].Add(r);
            }
        }
    }

    private void BuildEntrepreneurship(CountyData c)
    {
        var years = c.Info.Code == "990181" ? new[] { 2021, 2022 } : [2022];
        var withRed = c.Info.Code is "990122" or "990181" or "990221";
        foreach (var year in years)
        {
            var r = new Rec();
            r["county"] = c.Info.Code;
            r["year"] = year;
            r["doubleLeadFund"] = _rng.Next(40, 160) * 10_000m;
            r["startupFunds"] = _rng.Next(10, 50) * 1_000_000m;
            r["bases"] = _rng.Next(1, 6);
            r["peopleSupported"] = _rng.Next(200, 900);
            r["redFund"] = withRed ? _rng.Next(50, 300) * 10_000m : null;
            r["familyFarms"] = withRed ? _rng.Next(80, 350) : null;
            r["cooperatives"] = withRed ? _rng.Next(60, 400) : null;
            c["entrepreneurship"].Add(r);
        }
    }

    private void AddBadRows()
    {
        // 1. 临东区: a 2021-term secretary whose ID number has a wrong check digit (extra row).
        var lindong = County("990102");
        var lv = lindong.Info.Villages[7];
        var b1 = SecretaryRow(lv, _people.CreateAged("990102", Scenario.Jan2021, 35, 50, 0), 2021, "college", "new", true, false, true, true);
        b1["idNumber"] = new Raw(IdCard.BreakCheckDigit(b1.P!.IdNumber));
        InsertAfter(lindong["village-secretaries-2021"], r => Equals(r["village"], lv), Bad(b1, "id-checksum", "idNumber", "check digit altered"));

        // 2. 长宁县: a resident cadre with an unknown dispatch level.
        var changning = County("990121");
        var cv = changning.Info.Villages.First(v => v.Key);
        var b2 = ResidentRow(cv, _people.CreateAged("990121", Scenario.Jan2022, 28, 40, 0.2), "region", "team-member", new(2021, 7, 1), new DateOnly(2023, 6, 30));
        b2["dispatchLevel"] = new Raw("乡镇");
        InsertAfter(changning["resident-cadres"], r => Equals(r["village"], cv), Bad(b2, "enum-unknown", "dispatchLevel", "选派层级 '乡镇' is not a dispatch level"));

        // 3. 丰乐县: a promotion whose date is not a date.
        var fengle = County("990122");
        var b3 = new Rec { P = _people.CreateAged("990122", Scenario.Jan2022, 40, 50, 0) };
        b3["county"] = "990122";
        b3["fromPosition"] = "head";
        b3["townshipExperience"] = true;
        b3["promotionType"] = "level4-researcher";
        b3["promotedOn"] = new Raw("待定");
        fengle["promotions"].Insert(4, Bad(b3, "date-unparsed", "promotedOn", "提拔重用时间 '待定' is not a date"));

        // 4. 宝山县: a selected graduate without an ID number.
        var baoshan = County("990123");
        var b4 = Graduate(baoshan.Info.Villages[9], 2022, 24);
        b4["idNumber"] = new Raw(string.Empty);
        baoshan["selected-graduates"].Insert(Math.Min(5, baoshan["selected-graduates"].Count), Bad(b4, "required-missing", "idNumber", "身份证号 is empty"));

        // 5. 凤鸣市: a township leader whose birth-date column disagrees with the ID number.
        var fengming = County("990181");
        var ft = fengming.Info.Townships[2];
        var p5 = _people.CreateAged("990181", Scenario.Jan2022, 32, 45, 0.3);
        var b5 = Leader(ft, p5, "deputy-head", false);
        b5["birthDate"] = p5.BirthDate.AddYears(-1).AddMonths(-2);
        InsertAfter(fengming["township-leaders"], r => Equals(r["township"], ft), Bad(b5, "birthdate-mismatch", "birthDate", "出生年月 disagrees with the birth date in the ID number"));

        // 6. 岭南区: party development with more talented recruits than recruits.
        var lingnan = County("990202");
        var nv = lingnan.Info.Villages[10];
        var b6 = Rec.At(nv);
        b6["year"] = 2022;
        b6["newMembers"] = 1;
        b6["newTalent"] = 2;
        b6["newWealthLeaders"] = 0;
        InsertAfter(lingnan["party-development"], r => Equals(r["village"], nv), Bad(b6, "exceeds-total", "newTalent", "其中优秀人才 2 > 发展党员数 1"));

        // 7. 云溪县: an adjustment row that names another county.
        var yunxi = County("990221");
        var yv = yunxi.Info.Villages[20];
        var b7 = Rec.At(yv, _people.CreateAged("990221", Scenario.Jan2021, 45, 58, 0));
        b7["county"] = new Raw("龙泉县");
        b7["reason"] = "unsuited";
        b7["adjustedOn"] = new DateOnly(2021, 4, 12);
        yunxi["secretary-adjustments"].Insert(yunxi["secretary-adjustments"].Count / 2, Bad(b7, "county-mismatch", "county", "row names 龙泉县 (990222) in a 云溪县 (990221) submission"));

        // 8. 广平县: a register row whose village code has 11 digits.
        var guangping = County("990223");
        var gt = guangping.Info.Townships[1];
        var b8 = Rec.At(gt);
        b8["village"] = NewVillageName();
        b8["townshipCode"] = gt.Code;
        b8["villageCode"] = gt.Code + "29";
        b8["keyVillage"] = false;
        b8["relocationHeavy"] = gt.RelocationHeavy;
        InsertAfter(guangping["areas"], r => Equals(r["township"], gt), Bad(b8, "code-length", "villageCode", "village code has 11 digits (must be 12)"));

        // Warnings (rows kept and counted as what they are).
        var longquan = County("990222");
        var early = longquan["village-secretaries-2021"].First(r => (string)r["status"]! == "new" && r.P!.BirthDate.Year >= 1975);
        early["partyJoinedOn"] = early.P!.BirthDate.AddYears(17).AddMonths(3);
        Warn(early, "joined-before-age", "partyJoinedOn", "入党时间 before the 18th birthday; row kept (counted in VS01–VS11)");

        var fv = fengming.Info.Villages[15];
        var unknown = NewVillageName();
        var w = Rec.At(fv);
        w["village"] = new Raw(unknown);
        w["year"] = 2022;
        w["newMembers"] = 2;
        w["newTalent"] = 1;
        w["newWealthLeaders"] = 1;
        InsertAfter(fengming["party-development"], r => Equals(r["village"], fv), Warn(w, "area-unknown", "village", $"village '{unknown}' is not in 凤鸣市's register (only with a register; validate alone does not resolve names); row kept, but PD01 counts register villages only"));
    }
}

/// <summary>Spellings of township and village names, and the Traditional forms of the province's names.</summary>
internal static class Names
{
    private const string Pairs =
        "东東关關湾灣杨楊马馬营營桥橋头頭长長宁寧龙龍门門兴興宝寶岗崗丰豐乐樂双雙黄黃红紅岭嶺鸡雞凤鳳云雲雾霧鸣鳴广廣万萬顺順" +
        "园園坝壩庙廟温溫场場齐齊陈陳庄莊临臨范範县縣区區乡鄉镇鎮联聯结結团團胜勝张張刘劉赵趙风風枣棗沟溝滩灘闸閘银銀进進划劃" +
        "级級册冊况況统統计計报報单單组組织織党黨书書记記员員领領导導责責选選调調驻駐队隊业業发發数數带帶贵貴换換";

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

    /// <summary>Traditional form: the Wuzhong table first, then the province's own characters.</summary>
    public static string Trad(string s) => new(Traditional.Convert(s).Select(ch => Map.TryGetValue(ch, out var t) ? t : ch).ToArray());

    /// <summary>The name without its 镇/乡/村 (or 县/区/市) suffix.</summary>
    public static string Stem(string name) => name.Length > 2 && name[^1] is '镇' or '乡' or '村' or '县' or '区' or '市' or '省' ? name[..^1] : name;

    public static object? Spell(Spelling how, string name, string code) => how switch
    {
        Spelling.Full => name,
        Spelling.NoSuffix => Stem(name),
        Spelling.Traditional => Trad(name),
        Spelling.TraditionalNoSuffix => Trad(Stem(name)),
        Spelling.Code => code,
        Spelling.NumericCode => decimal.Parse(code, System.Globalization.CultureInfo.InvariantCulture),
        Spelling.SpacedSuffix => Stem(name) + " " + name[^1],
        Spelling.Spaced => name[..1] + " " + name[1..],
        _ => throw new InvalidOperationException(how.ToString()),
    };

    public static string Describe(Spelling how, bool township)
    {
        var (name, code) = township ? ("东关镇", "990102100") : ("杨家沟村", "990102100203");
        var shown = Spell(how, name, code);
        var text = shown is decimal d ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : (string)shown!;
        return how switch
        {
            Spelling.Full => $"full name (`{text}`)",
            Spelling.NoSuffix => $"name without suffix (`{text}`)",
            Spelling.Traditional => $"Traditional name (`{text}`)",
            Spelling.TraditionalNoSuffix => $"Traditional name without suffix (`{text}`)",
            Spelling.Code => $"code as text (`{text}`)",
            Spelling.NumericCode => $"code as a **numeric cell** (`{text}` stored as a number)",
            Spelling.SpacedSuffix => $"a space before the suffix (`{text}`)",
            Spelling.Spaced => $"a space after the first character (`{text}`)",
            _ => how.ToString(),
        };
    }

    /// <summary>FNV-1a with a SplitMix64 finish: a stable hash, so a row's spelling never depends on the run.</summary>
    public static int Pick(string key, int n)
    {
        var h = 14695981039346656037UL;
        foreach (var ch in key)
        {
            h = (h ^ ch) * 1099511628211UL;
        }

        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
        h ^= h >> 31;
        return (int)(h % (ulong)n);
    }

    /// <summary>A two-character person name padded with an ideographic space, as clerks do to align columns.</summary>
    public static string PadName(string name) => name.Length == 2 ? name[..1] + "\u3000" + name[1..] : name;
}

internal enum Spelling
{
    Full,
    NoSuffix,
    Traditional,
    TraditionalNoSuffix,
    Code,
    NumericCode,
    SpacedSuffix,
    Spaced,
}
