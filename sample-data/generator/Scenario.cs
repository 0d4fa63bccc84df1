namespace CadrePipeline.SampleData;

/// <summary>
/// Builds the rows of every form for the five counties. City-level counts that indicators.md fixes are
/// drawn as exact sets over the whole city, so the reference figures hold by construction; county shares vary.
/// </summary>
internal sealed class Scenario
{
    public static readonly DateOnly Jan2018 = new(2018, 1, 1);
    public static readonly DateOnly Jan2021 = new(2021, 1, 1);
    public static readonly DateOnly Jan2022 = new(2022, 1, 1);

    private static readonly CountySpec[] Specs =
    [
        new("640302", "利通区", "利通", 105, 20, 0.30, ["胜利镇", "金积镇", "金银滩镇", "高闸镇", "扁担沟镇", "上桥镇", "古城镇", "东塔寺乡", "板桥乡", "马莲渠乡", "郭家桥乡"], ["金银滩镇", "扁担沟镇"]),
        new("640303", "红寺堡区", "红寺堡", 64, 35, 0.65, ["红寺堡镇", "太阳山镇", "大河乡", "新庄集乡", "柳泉乡"], ["红寺堡镇", "太阳山镇", "大河乡", "新庄集乡", "柳泉乡"]),
        new("640323", "盐池县", "盐池", 102, 35, 0.05, ["花马池镇", "大水坑镇", "惠安堡镇", "高沙窝镇", "王乐井乡", "冯记沟乡", "青山乡", "麻黄山乡"], ["惠安堡镇", "冯记沟乡"]),
        new("640324", "同心县", "同心", 142, 50, 0.85, ["豫海镇", "河西镇", "丁塘镇", "韦州镇", "下马关镇", "预旺镇", "王团镇", "田老庄乡", "马高庄乡", "张家塬乡", "兴隆乡"], ["韦州镇", "下马关镇", "王团镇"]),
        new("640381", "青铜峡市", "青铜峡", 84, 20, 0.25, ["小坝镇", "大坝镇", "青铜峡镇", "叶盛镇", "瞿靖镇", "峡口镇", "邵刚镇", "陈袁滩镇"], ["邵刚镇", "陈袁滩镇"]),
    ];

    private static readonly string[] NameHeads =
    [
        "东", "西", "南", "北", "新", "红", "团结", "胜利", "和平", "永丰", "金", "银", "太平", "联合", "光明", "民乐", "兴隆", "富民", "双井", "三合",
        "五里", "八里", "上", "下", "中", "高", "沙", "杨家", "李家", "王家", "马家", "张家", "田家", "石", "古", "河", "红星", "东风", "友爱", "曙光",
        "立新", "红旗", "幸福", "惠农", "丰乐", "同乐", "康乐", "长胜", "永新", "前进", "塘坊", "郝家", "丁家", "韩家", "周家", "吴家", "苏家", "郭家",
        "何家", "余家", "柳", "杏", "枣", "黄", "白", "青", "沙泉", "红柳", "甘", "苦水", "旱", "海子", "老", "小", "大",
    ];

    private static readonly string[] NameTails =
    [
        "庄", "湾", "沟", "滩", "堡", "梁", "井", "泉", "塘", "渠", "桥", "台", "园", "山", "岔", "圈", "集", "塬", "营", "寨", "窑", "坝", "闸", "湖",
    ];

    private static readonly string[] RegionUnits =
    [
        "自治区党委组织部", "自治区财政厅", "自治区农业农村厅", "自治区乡村振兴局", "自治区水利厅", "宁夏大学", "自治区人民医院", "自治区交通运输厅",
        "国网宁夏电力有限公司", "自治区自然资源厅",
    ];

    private static readonly string[] CityUnits =
    [
        "吴忠市委组织部", "吴忠市农业农村局", "吴忠市财政局", "吴忠市教育局", "吴忠市卫生健康委员会", "吴忠市住房和城乡建设局", "吴忠市市场监督管理局",
        "吴忠市人力资源和社会保障局", "吴忠市公安局", "吴忠市自然资源局",
    ];

    private readonly Prng _rng;
    private readonly PersonFactory _people;
    private readonly HashSet<string> _villageNames = new(StringComparer.Ordinal);

    private Scenario(ulong seed)
    {
        _rng = new Prng(seed);
        _people = new PersonFactory(_rng);
    }

    public List<CountyData> Counties { get; } = [];

    public CountyData County(string code) => Counties.First(c => c.Info.Code == code);

    public static Scenario Build(ulong seed)
    {
        var s = new Scenario(seed);
        s.BuildAreas();
        s.BuildVillageSecretaries();
        s.BuildTownshipLeaders();
        s.BuildTownshipPay();
        s.BuildPromotions();
        s.BuildResidentCadres();
        s.BuildSelectedGraduates();
        s.BuildPartyDevelopment();
        s.BuildEntrepreneurship();
        return s;
    }

    private Rec Bad(Rec r, string code, string field, string reason)
    {
        r.Expect = new Expectation(code, "error", field, reason);
        return r;
    }

    private static Rec Warn(Rec r, string code, string field, string reason)
    {
        r.Expect = new Expectation(code, "warning", field, reason);
        return r;
    }

    private DateOnly DateBetween(DateOnly from, DateOnly to) => DateOnly.FromDayNumber(from.DayNumber + _rng.Next(0, to.DayNumber - from.DayNumber));

    private string NewVillageName()
    {
        while (true)
        {
            var head = _rng.Pick(NameHeads);
            var name = head.Length == 2 && _rng.Chance(0.35) ? head + "村" : head + _rng.Pick(NameTails) + "村";
            if (_villageNames.Add(name))
            {
                return name;
            }
        }
    }

    /// <summary>Weighted sample of k items without replacement (Efraimidis–Spirakis keys).</summary>
    private List<T> WeightedSample<T>(IReadOnlyList<T> items, int k, Func<T, double> weight)
    {
        var keyed = items.Select((item, i) => (item, i, key: Math.Pow((_rng.NextULong() >> 11) * (1.0 / (1UL << 53)) + 1e-12, 1.0 / weight(item))))
            .OrderByDescending(t => t.key).ThenBy(t => t.i).Take(k).OrderBy(t => t.i).Select(t => t.item).ToList();
        if (keyed.Count != k)
        {
            throw new InvalidOperationException($"cannot sample {k} of {items.Count}");
        }

        return keyed;
    }

    private void BuildAreas()
    {
        foreach (var spec in Specs)
        {
            var info = new CountyInfo(spec.Code, spec.Name, spec.Short);
            int town = 100, rural = 200;
            foreach (var name in spec.Townships)
            {
                var code = spec.Code + (name.EndsWith('镇') ? town++ : rural++).ToString("000");
                info.Townships.Add(new Township(spec.Code, code, name, spec.Relocation.Contains(name)));
            }

            var weights = info.Townships.Select(_ => 0.6 + _rng.Next(0, 80) / 100.0).ToList();
            var counts = Allocate(spec.Villages, weights, 4);
            var all = new List<(Township T, int N)>();
            for (var i = 0; i < info.Townships.Count; i++)
            {
                all.Add((info.Townships[i], counts[i]));
            }

            var plain = new List<Village>();
            foreach (var (t, n) in all)
            {
                for (var j = 0; j < n; j++)
                {
                    plain.Add(new Village(t, t.Code + (200 + j + 1).ToString("000"), NewVillageName(), false));
                }
            }

            var keys = WeightedSample(plain, spec.KeyVillages, v => v.Township.RelocationHeavy ? 2.5 : 1.0).Select(v => v.Code).ToHashSet(StringComparer.Ordinal);
            info.Villages.AddRange(plain.Select(v => keys.Contains(v.Code) ? v with { Key = true } : v));
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

        var litong = County("640302");
        var lt = litong.Info.Townships[3];
        var badLen = Rec.At(lt);
        badLen["village"] = NewVillageName();
        badLen["townshipCode"] = lt.Code;
        badLen["villageCode"] = lt.Code + "21";
        badLen["keyVillage"] = false;
        badLen["relocationHeavy"] = false;
        InsertAfter(litong["areas"], r => ((Township)r["township"]!) == lt, Bad(badLen, "code-length", "villageCode", "village code has 11 digits (must be 12)"));

        var tongxin = County("640324");
        var t1 = tongxin.Info.Townships[5];
        var t2 = tongxin.Info.Townships[6];
        var badPrefix = Rec.At(t1);
        badPrefix["village"] = NewVillageName();
        badPrefix["townshipCode"] = t1.Code;
        badPrefix["villageCode"] = t2.Code + "260";
        badPrefix["keyVillage"] = false;
        badPrefix["relocationHeavy"] = t1.RelocationHeavy;
        InsertAfter(tongxin["areas"], r => ((Township)r["township"]!) == t1, Bad(badPrefix, "code-prefix", "villageCode", $"village code prefix {t2.Code} is not the township's code {t1.Code}"));
    }

    private static void InsertAfter(List<Rec> list, Func<Rec, bool> match, Rec rec)
    {
        var last = list.FindLastIndex(r => match(r));
        list.Insert(last + 1, rec);
    }

    private static List<int> Allocate(int total, IReadOnlyList<double> weights, int min)
    {
        var sum = weights.Sum();
        var raw = weights.Select(w => Math.Max(min, total * w / sum)).ToList();
        var counts = raw.Select(x => (int)Math.Floor(x)).ToList();
        var order = raw.Select((x, i) => (frac: x - Math.Floor(x), i)).OrderByDescending(t => t.frac).ThenBy(t => t.i).Select(t => t.i).ToList();
        var k = 0;
        while (counts.Sum() < total)
        {
            counts[order[k++ % order.Count]]++;
        }

        while (counts.Sum() > total)
        {
            var i = counts.IndexOf(counts.Max());
            counts[i]--;
        }

        return counts;
    }

    private sealed class SecretarySlot
    {
        public required Village Village { get; init; }

        public Person? P18 { get; set; }

        public Person? P21 { get; set; }

        public bool Reelected { get; set; }

        public bool Distractor60 { get; set; }
    }

    private void BuildVillageSecretaries()
    {
        var slots = Counties.SelectMany(c => c.Info.Villages).Select(v => new SecretarySlot { Village = v }).ToList();
        int[] without2018 = [2, 3, 1, 2, 1];
        var no2018 = new HashSet<SecretarySlot>();
        for (var c = 0; c < Counties.Count; c++)
        {
            var code = Counties[c].Info.Code;
            foreach (var s in WeightedSample(slots.Where(s => s.Village.CountyCode == code).ToList(), without2018[c], _ => 1))
            {
                no2018.Add(s);
            }
        }

        var with2018 = slots.Where(s => !no2018.Contains(s)).ToList();
        var reelected = WeightedSample(with2018, 300, _ => 1);
        var aged60 = WeightedSample(reelected, 18, _ => 1).ToHashSet();
        foreach (var s in reelected)
        {
            s.Reelected = true;
        }

        double Female() => 0.08;
        foreach (var s in slots)
        {
            var cc = s.Village.CountyCode;
            if (s.Reelected)
            {
                var p = aged60.Contains(s)
                    ? _people.CreateAged(cc, Jan2021, 60, 65, 0.02)
                    : _people.CreateAged(cc, Jan2021, 34, 59, Female());
                s.P18 = p;
                s.P21 = p;
            }
            else
            {
                if (!no2018.Contains(s))
                {
                    s.P18 = _people.CreateAged(cc, Jan2018, 38, 64, Female());
                }

                s.P21 = _people.CreateAged(cc, Jan2021, 30, 56, Female() + 0.04);
            }
        }

        foreach (var s in WeightedSample(slots.Where(s => !s.Reelected).ToList(), 2, _ => 1))
        {
            s.Distractor60 = true;
            s.P21 = _people.CreateAged(s.Village.CountyCode, Jan2021, 60, 61, 0);
        }

        TuneAges(slots);

        var rows18 = with2018;
        var rows21 = slots;

        // Education: 95 of 488 college or above in 2018, 221 of 497 in 2021 (VS05 = +25.0 pp).
        var college18 = WeightedSample(rows18, 95, s => Rich(s.Village.CountyCode)).ToHashSet();
        var edu18 = new Dictionary<SecretarySlot, string>();
        var edu21 = new Dictionary<SecretarySlot, string>();
        foreach (var s in rows18)
        {
            edu18[s] = college18.Contains(s) ? CollegeLevel() : LowerLevel();
        }

        var keep = rows21.Where(s => s.Reelected && college18.Contains(s)).ToList();
        var others = rows21.Where(s => !(s.Reelected && college18.Contains(s))).ToList();
        var college21 = keep.Concat(WeightedSample(others, 221 - keep.Count, s => (s.Reelected ? 1.0 : 3.0) * Rich(s.Village.CountyCode))).ToHashSet();
        foreach (var s in rows21)
        {
            edu21[s] = s.Reelected && college18.Contains(s) ? edu18[s]
                : college21.Contains(s) ? CollegeLevel()
                : s.Reelected ? edu18[s] : LowerLevel();
        }

        var cd18 = WeightedSample(rows18, 273, _ => 1).ToHashSet();
        var cd21 = WeightedSample(rows21, 450, s => s.Reelected && cd18.Contains(s) ? 5 : 1).ToHashSet();
        var wealth21 = WeightedSample(rows21, 272, s => s.Village.Key ? 0.8 : 1.2).ToHashSet();
        var notFiled21 = WeightedSample(rows21, 3, _ => 1).ToHashSet();

        var yanchiNonCd = rows21.First(s => s.Village.CountyCode == "640323" && !cd21.Contains(s) && s.Village.Township.Name == "大水坑镇");
        var earlyJoiner = rows21.First(s => s.Village.CountyCode == "640303" && !s.Reelected && !s.Distractor60 && s.P21!.BirthDate.Year >= 1975);

        foreach (var s in rows18)
        {
            var r = SecretaryRow(s.Village, s.P18!, 2018, edu18[s], _rng.Chance(0.6) ? "reelected" : "new", cd18.Contains(s),
                cd18.Contains(s) && _rng.Chance(0.2), _rng.Chance(0.44), _rng.Chance(0.9));
            County(s.Village.CountyCode)["village-secretaries-2018"].Add(r);
        }

        foreach (var s in rows21)
        {
            var cd = cd21.Contains(s);
            var r = SecretaryRow(s.Village, s.P21!, 2021, edu21[s], s.Reelected ? "reelected" : "new", cd, cd && _rng.Chance(0.45),
                wealth21.Contains(s), !notFiled21.Contains(s));
            if (s == yanchiNonCd)
            {
                r["tripleRole"] = true;
                Warn(r, "implied-flag-missing", "tripleRole", "一肩三挑 = 是 but 一肩挑 = 否 (tripleRole implies concurrentDirector); row kept");
            }

            if (s == earlyJoiner)
            {
                r["partyJoinedOn"] = s.P21!.BirthDate.AddYears(17).AddMonths(3);
                Warn(r, "joined-before-age", "partyJoinedOn", "入党时间 before the 18th birthday; row kept");
            }

            County(s.Village.CountyCode)["village-secretaries-2021"].Add(r);
        }

        // Deliberately bad extra rows.
        var yanchi = County("640323");
        var yv = yanchi.Info.Villages[40];
        var bad1 = SecretaryRow(yv, _people.CreateAged("640323", Jan2021, 35, 50, 0), 2021, "college", "new", true, false, true, true);
        bad1["idNumber"] = new Raw(IdCard.BreakCheckDigit(bad1.P!.IdNumber));
        InsertAfter(yanchi["village-secretaries-2021"], r => Equals(r["village"], yv), Bad(bad1, "id-checksum", "idNumber", "check digit altered"));

        var litong = County("640302");
        var lv = litong.Info.Villages[17];
        var p3 = _people.CreateAged("640302", Jan2018, 40, 55, 0);
        var bad3 = SecretaryRow(lv, p3, 2018, "high-school", "new", false, false, false, true);
        bad3["sex"] = "female";
        InsertAfter(litong["village-secretaries-2018"], r => Equals(r["village"], lv), Bad(bad3, "sex-mismatch", "sex", "性别 女 but the ID number's 17th digit is odd (male)"));

        BuildAdjustments(slots.Where(s => s.P18 is not null && !s.Reelected).ToList());
    }

    private static double Rich(string county) => county is "640302" or "640381" ? 1.6 : county == "640323" ? 1.1 : 0.8;

    private string CollegeLevel() => _rng.Next(0, 99) switch
    {
        < 2 => "postgraduate",
        < 30 => "bachelor",
        _ => "college",
    };

    private string LowerLevel() => _rng.Next(0, 99) switch
    {
        < 35 => "high-school",
        < 55 => "secondary-vocational",
        _ => "junior-or-below",
    };

    /// <summary>Moves ages of non-reelected people one year at a time until VS03 sits at −1.50 (±0.004).</summary>
    private void TuneAges(List<SecretarySlot> slots)
    {
        const double target = -1.5;
        for (var guard = 0; guard < 20000; guard++)
        {
            var avg21 = slots.Average(s => s.P21!.AgeOn(Jan2021));
            var avg18 = slots.Where(s => s.P18 is not null).Average(s => s.P18!.AgeOn(Jan2018));
            var diff = avg21 - avg18;
            if (Math.Abs(diff - target) <= 0.004)
            {
                return;
            }

            var younger = diff > target;
            if (_rng.Chance(0.5))
            {
                var cands = slots.Where(s => !s.Reelected && !s.Distractor60 && (younger ? s.P21!.AgeOn(Jan2021) > 30 : s.P21!.AgeOn(Jan2021) < 56)).ToList();
                var s = _rng.Pick(cands);
                s.P21 = _people.WithBirthYear(s.P21!, s.Village.CountyCode, s.P21!.BirthDate.Year + (younger ? 1 : -1));
            }
            else
            {
                var cands = slots.Where(s => !s.Reelected && s.P18 is not null && (younger ? s.P18!.AgeOn(Jan2018) < 66 : s.P18!.AgeOn(Jan2018) > 38)).ToList();
                var s = _rng.Pick(cands);
                s.P18 = _people.WithBirthYear(s.P18!, s.Village.CountyCode, s.P18!.BirthDate.Year + (younger ? -1 : 1));
            }
        }

        throw new InvalidOperationException("age tuning did not converge");
    }

    private Rec SecretaryRow(Village v, Person p, int term, string education, string status, bool cd, bool triple, bool wealth, bool filed)
    {
        var r = Rec.At(v, p);
        var hui = Specs.First(s => s.Code == v.CountyCode).HuiShare;
        r["ethnicity"] = _rng.Chance(hui) ? "回族" : _rng.Chance(0.97) ? "汉族" : "东乡族";
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

    private void BuildAdjustments(List<SecretarySlot> leavers)
    {
        // 146 unsuited/incompetent in the term (VS10), plus distractors outside the count.
        _rng.Shuffle(leavers);
        var i = 0;
        foreach (var s in leavers)
        {
            string reason;
            DateOnly on;
            if (i < 146)
            {
                reason = _rng.Chance(0.6) ? "unsuited" : "incompetent";
                on = _rng.Chance(0.9) ? DateBetween(new(2021, 1, 5), new(2021, 9, 30)) : DateBetween(new(2022, 2, 1), new(2022, 11, 30));
            }
            else if (i < 152)
            {
                reason = "unsuited";
                on = DateBetween(new(2019, 3, 1), new(2020, 12, 20));
            }
            else if (i < 157)
            {
                reason = "discipline";
                on = DateBetween(new(2021, 2, 1), new(2022, 10, 30));
            }
            else if (i < 165)
            {
                reason = "other";
                on = DateBetween(new(2021, 1, 10), new(2021, 8, 30));
            }
            else
            {
                break;
            }

            i++;
            var r = Rec.At(s.Village, s.P18);
            r["reason"] = reason;
            r["adjustedOn"] = on;
            County(s.Village.CountyCode)["secretary-adjustments"].Add(r);
        }

        foreach (var c in Counties)
        {
            c["secretary-adjustments"].Sort((a, b) => string.CompareOrdinal(((Village)a["village"]!).Code, ((Village)b["village"]!).Code));
        }

        var litong = County("640302");
        var v = litong.Info.Villages[60];
        var bad = Rec.At(v, _people.CreateAged("640302", Jan2021, 45, 58, 0));
        bad["county"] = new Raw("红寺堡区");
        bad["reason"] = "unsuited";
        bad["adjustedOn"] = new DateOnly(2021, 4, 12);
        litong["secretary-adjustments"].Insert(litong["secretary-adjustments"].Count / 2, Bad(bad, "county-mismatch", "county", "row names 红寺堡区 (640303) in a 利通区 (640302) submission"));
    }

    private void BuildTownshipLeaders()
    {
        var all = new List<Rec>();
        foreach (var c in Counties)
        {
            foreach (var t in c.Info.Townships)
            {
                var cc = c.Info.Code;
                var rows = new List<Rec>();
                Person sec;
                var concurrent = false;
                if ((cc, t.Name) is ("640303", "太阳山镇") or ("640324", "韦州镇") or ("640302", "扁担沟镇"))
                {
                    sec = _people.Create(cc, new(1985, 2, 1), new(1988, 10, 1), 0.2);
                    concurrent = true;
                }
                else if ((cc, t.Name) == ("640303", "大河乡"))
                {
                    sec = _people.Create(cc, new(1982, 1, 1), new(1983, 12, 1), 0);
                    concurrent = true;
                }
                else if ((cc, t.Name) == ("640323", "青山乡"))
                {
                    sec = _people.Create(cc, new(1986, 1, 1), new(1987, 12, 1), 0);
                }
                else
                {
                    sec = _people.CreateAged(cc, Jan2022, 38, 52, 0.1);
                }

                rows.Add(Leader(t, sec, "party-secretary", concurrent));
                rows.Add(Leader(t, _people.CreateAged(cc, Jan2022, 35, 50, 0.15), "head", false));
                for (var k = _rng.Next(1, 2); k > 0; k--)
                {
                    rows.Add(Leader(t, _people.CreateAged(cc, Jan2022, 30, 48, 0.2), "deputy-secretary", false));
                }

                for (var k = _rng.Next(2, 3); k > 0; k--)
                {
                    rows.Add(Leader(t, _people.CreateAged(cc, Jan2022, 30, 48, 0.25), "deputy-head", false));
                }

                for (var k = _rng.Next(1, 3); k > 0; k--)
                {
                    rows.Add(Leader(t, _people.CreateAged(cc, Jan2022, 28, 45, 0.3), "member", false));
                }

                c["township-leaders"].AddRange(rows);
                all.AddRange(rows);
            }
        }

        var secretaries = all.Where(r => (string)r["position"]! == "party-secretary").ToList();
        foreach (var r in WeightedSample(secretaries, 3, _ => 1))
        {
            r["townshipExperience"] = false;
        }

        var deputies = all.Where(r => (string)r["position"]! is "deputy-head" or "member" or "deputy-secretary").ToList();
        string[] aspects = ["resident-cadre", "resident-cadre", "resident-cadre", "selected-graduate", "selected-graduate", "college-village-official", "college-village-official", "village-secretary", "township-staff", "township-staff"];
        foreach (var r in WeightedSample(deputies, 61, r => (string)r["position"]! == "deputy-secretary" ? 0.5 : 1.0))
        {
            r["fiveAspects"] = _rng.Pick(aspects);
        }

        var qtx = County("640381");
        var qt = qtx.Info.Townships[2];
        var p = _people.CreateAged("640381", Jan2022, 32, 45, 0.3);
        var bad = Leader(qt, p, "deputy-head", false);
        bad["birthDate"] = p.BirthDate.AddYears(-1).AddMonths(-2);
        bad["fiveAspects"] = "selected-graduate";
        InsertAfter(qtx["township-leaders"], r => Equals(r["township"], qt), Bad(bad, "birthdate-mismatch", "birthDate", "出生年月 disagrees with the birth date in the ID number"));
    }

    private Rec Leader(Township t, Person p, string position, bool countyLeader)
    {
        var r = Rec.At(t, p);
        r["position"] = position;
        r["appointedOn"] = _rng.Chance(0.75) ? DateBetween(new(2021, 5, 10), new(2021, 12, 30)) : _rng.Chance(0.8) ? DateBetween(new(2018, 3, 1), new(2020, 12, 30)) : DateBetween(new(2022, 1, 10), new(2022, 11, 30));
        r["townshipExperience"] = position == "party-secretary" || _rng.Chance(0.85);
        r["countyLeaderConcurrent"] = countyLeader;
        r["fiveAspects"] = null;
        return r;
    }

    private void BuildTownshipPay()
    {
        foreach (var c in Counties)
        {
            var baseIncome = c.Info.Code switch
            {
                "640302" => 5600,
                "640381" => 5500,
                "640323" => 5200,
                _ => 5000,
            };
            foreach (var t in c.Info.Townships)
            {
                var agency = baseIncome + _rng.Next(-30, 60) * 10;
                var r = Rec.At(t);
                r["agencyIncome"] = agency;
                r["townshipIncome"] = (int)Math.Round(agency * (1.22 + _rng.Next(0, 18) / 100.0) / 10.0) * 10;
                r["subsidyPaid"] = true;
                c["township-pay"].Add(r);
            }
        }
    }

    private void BuildPromotions()
    {
        int[] tl06 = [2, 1, 2, 2, 1];
        int[] tl07 = [6, 3, 6, 6, 4];
        int[] tl08 = [18, 10, 17, 19, 14];
        for (var i = 0; i < Counties.Count; i++)
        {
            var c = Counties[i];
            var cc = c.Info.Code;
            var rows = new List<Rec>();
            Rec Promo(string from, bool exp, string type, DateOnly on)
            {
                var r = new Rec { P = _people.CreateAged(cc, on, 36, 54, 0.15) };
                r["county"] = cc;
                r["fromPosition"] = from;
                r["townshipExperience"] = exp;
                r["promotionType"] = type;
                r["promotedOn"] = on;
                return r;
            }

            DateOnly Since2020() => DateBetween(new(2020, 1, 6), new(2022, 12, 20));
            for (var k = 0; k < tl06[i]; k++)
            {
                rows.Add(Promo(_rng.Chance(0.6) ? "party-secretary" : "head", true, "deputy-division", Since2020()));
            }

            for (var k = 0; k < tl07[i]; k++)
            {
                rows.Add(Promo(_rng.Chance(0.5) ? "party-secretary" : "head", true, "level4-researcher", Since2020()));
            }

            for (var k = 0; k < tl08[i]; k++)
            {
                rows.Add(Promo(_rng.Chance(0.8) ? "other" : "head", true, "important-use", Since2020()));
            }

            // Rows the reference figures must not count: before 2020, other former posts, no township experience.
            rows.Add(Promo("party-secretary", true, "deputy-division", DateBetween(new(2019, 3, 1), new(2019, 12, 20))));
            rows.Add(Promo("other", true, i % 2 == 0 ? "deputy-division" : "level4-researcher", Since2020()));
            rows.Add(Promo("other", false, "important-use", Since2020()));
            if (i is 1 or 3)
            {
                rows.Add(Promo("head", true, "important-use", DateBetween(new(2018, 6, 1), new(2019, 12, 20))));
            }

            rows.Sort((a, b) => ((DateOnly)a["promotedOn"]!).CompareTo((DateOnly)b["promotedOn"]!));
            c["promotions"].AddRange(rows);
        }

        var tongxin = County("640324");
        var bad = new Rec { P = _people.CreateAged("640324", Jan2022, 40, 50, 0) };
        bad["county"] = "640324";
        bad["fromPosition"] = "party-secretary";
        bad["townshipExperience"] = true;
        bad["promotionType"] = "deputy-division";
        bad["promotedOn"] = new Raw("待定");
        tongxin["promotions"].Insert(9, Bad(bad, "date-unparsed", "promotedOn", "提拔重用时间 '待定' is not a date"));
    }

    private void BuildResidentCadres()
    {
        var keyVillages = Counties.SelectMany(c => c.Info.Villages).Where(v => v.Key).ToList();
        var sizes = keyVillages.Select(_ => 3).ToArray();
        for (var k = 0; k < 40; k++)
        {
            var a = _rng.Next(0, sizes.Length - 1);
            var b = _rng.Next(0, sizes.Length - 1);
            if (a != b && sizes[a] < 4 && sizes[b] > 2)
            {
                sizes[a]++;
                sizes[b]--;
            }
        }

        var postings = new List<(Village V, string Level, string Role, DateOnly Start, DateOnly? End)>();
        DateOnly RotationStart() => DateBetween(new(2021, 6, 1), new(2021, 10, 30));
        for (var i = 0; i < keyVillages.Count; i++)
        {
            var v = keyVillages[i];
            var level = _rng.Chance(0.4) ? "region" : "city";
            var start = RotationStart();
            for (var k = 0; k < sizes[i]; k++)
            {
                postings.Add((v, level, k == 0 ? "first-secretary" : "team-member", start, _rng.Chance(0.85) ? start.AddYears(2) : null));
            }
        }

        var nonKey = Counties.SelectMany(c => c.Info.Villages).Where(v => !v.Key).ToList();
        var extra = 510 - postings.Count;
        foreach (var v in WeightedSample(nonKey, extra / 3, v => v.CountyCode is "640302" or "640323" or "640381" ? 2 : 1))
        {
            var start = RotationStart();
            for (var k = 0; k < 3; k++)
            {
                postings.Add((v, "city", k == 0 ? "first-secretary" : "team-member", start, start.AddYears(2)));
            }
        }

        if (postings.Count != 510)
        {
            throw new InvalidOperationException("RC01 postings: " + postings.Count);
        }

        // Not counted: county-level teams, the previous rotation (ended 2021) and postings starting in 2023.
        var countyTeams = WeightedSample(nonKey, 150, _ => 1);
        foreach (var v in countyTeams)
        {
            var start = _rng.Chance(0.8) ? RotationStart() : DateBetween(new(2022, 2, 1), new(2022, 9, 1));
            postings.Add((v, "county", "first-secretary", start, start.AddYears(2)));
            if (_rng.Chance(0.5))
            {
                postings.Add((v, "county", "team-member", start, start.AddYears(2)));
            }
        }

        foreach (var v in WeightedSample(keyVillages, 18, _ => 1))
        {
            var start = DateBetween(new(2019, 4, 1), new(2019, 6, 30));
            postings.Add((v, _rng.Chance(0.5) ? "region" : "city", "first-secretary", start, DateBetween(new(2021, 4, 1), new(2021, 7, 30))));
        }

        foreach (var v in WeightedSample(keyVillages, 2, _ => 1))
        {
            postings.Add((v, "region", "team-member", new DateOnly(2023, 1, 9), new DateOnly(2025, 1, 8)));
        }

        postings = postings.OrderBy(p => p.V.Code, StringComparer.Ordinal).ThenBy(p => p.Start).ToList();
        foreach (var (v, level, role, start, end) in postings)
        {
            var c = County(v.CountyCode);
            var p = _people.CreateAged(v.CountyCode, start, 26, 55, 0.2);
            var r = ResidentRow(v, p, level, role, start, end);
            c["resident-cadres"].Add(r);
        }

        // Warning: a county-level cadre in a village the register does not hold.
        var litong = County("640302");
        var lt = litong.Info.Townships[0];
        var unknown = NewVillageName();
        var w = ResidentRow(litong.Info.Villages[0], _people.CreateAged("640302", Jan2022, 30, 45, 0.3), "county", "first-secretary", new(2022, 3, 1), new DateOnly(2024, 2, 28));
        w["township"] = lt;
        w["village"] = new Raw(unknown);
        litong["resident-cadres"].Insert(5, Warn(w, "area-unknown", "village", $"village '{unknown}' is not in 利通区's register; row kept (county level, so RC01 is unaffected)"));

        var hongsipu = County("640303");
        var hv = hongsipu.Info.Villages[10];
        var bad5 = ResidentRow(hv, _people.CreateAged("640303", Jan2022, 28, 40, 0.2), "region", "team-member", new(2021, 7, 1), new DateOnly(2023, 6, 30));
        bad5["dispatchLevel"] = new Raw("乡镇");
        InsertAfter(hongsipu["resident-cadres"], r => Equals(r["village"], hv), Bad(bad5, "enum-unknown", "dispatchLevel", "选派层级 '乡镇' is not a dispatch level"));

        var tongxin = County("640324");
        var firstRegion = tongxin["resident-cadres"].First(r => (string)r["dispatchLevel"]! == "region" && r["endDate"] is null or DateOnly { Year: >= 2023 } && ((DateOnly)r["startDate"]!).Year == 2021);
        var firstVillage = (Village)firstRegion["village"]!;
        var otherVillage = tongxin.Info.Villages.First(v => v.Key && string.CompareOrdinal(v.Code, firstVillage.Code) > 0);
        var dup = ResidentRow(otherVillage, firstRegion.P!, "region", "team-member", new(2021, 8, 15), new DateOnly(2023, 8, 14));
        InsertAfter(tongxin["resident-cadres"], r => Equals(r["village"], otherVillage), Bad(dup, "duplicate-person", "idNumber", "second active posting of a person already posted earlier in the file"));

        var qtx = County("640381");
        var qv = qtx.Info.Villages.First(v => v.Key);
        var bad11 = ResidentRow(qv, _people.CreateAged("640381", Jan2022, 30, 45, 0.2), "region", "team-member", new(2021, 9, 1), new DateOnly(2021, 3, 1));
        InsertAfter(qtx["resident-cadres"], r => Equals(r["village"], qv), Bad(bad11, "date-order", "endDate", "期满时间 2021-03-01 is before 派驻时间 2021-09-01"));
    }

    private Rec ResidentRow(Village v, Person p, string level, string role, DateOnly start, DateOnly? end)
    {
        var r = Rec.At(v, p);
        r["role"] = role;
        r["dispatchLevel"] = level;
        r["sendingUnit"] = level switch
        {
            "region" => _rng.Pick(RegionUnits),
            "city" => _rng.Pick(CityUnits),
            _ => County(v.CountyCode).Info.Name + _rng.Pick(["委组织部", "农业农村局", "财政局", "民政局", "自然资源局", "水务局"]),
        };
        r["startDate"] = start;
        r["endDate"] = end;
        var allBenefits = _rng.Chance(0.92);
        foreach (var b in Benefits)
        {
            r[b] = allBenefits || _rng.Chance(0.7);
        }

        if (!allBenefits && Benefits.All(b => (bool)r[b]!))
        {
            r["remoteAllowance"] = false;
        }

        return r;
    }

    public static readonly string[] Benefits =
        ["fundsProvided", "healthCheck", "accidentInsurance", "mealAllowance", "transportAllowance", "commsAllowance", "townshipAllowance", "remoteAllowance"];

    private void BuildSelectedGraduates()
    {
        int[] perCounty = [60, 45, 58, 72, 50];
        for (var i = 0; i < Counties.Count; i++)
        {
            var c = Counties[i];
            var villages = WeightedSample(c.Info.Villages, perCounty[i], _ => 1);
            foreach (var v in villages)
            {
                var year = _rng.Next(2019, 2022);
                c["selected-graduates"].Add(Graduate(v, year, _rng.Chance(0.85) ? 24 : 36));
            }
        }

        var hongsipu = County("640303");
        var bad10 = Graduate(hongsipu.Info.Villages[30], 2021, 72);
        hongsipu["selected-graduates"].Insert(20, Bad(bad10, "value-out-of-range", "villageMonths", "在村工作期限 72 months is outside 1–60"));

        var qtx = County("640381");
        var bad6 = Graduate(qtx.Info.Villages[12], 2022, 24);
        bad6["idNumber"] = new Raw(string.Empty);
        qtx["selected-graduates"].Insert(33, Bad(bad6, "required-missing", "idNumber", "身份证号 is empty"));
    }

    private Rec Graduate(Village v, int year, int months)
    {
        var r = Rec.At(v, _people.Create(v.CountyCode, new(year - 27, 1, 1), new(year - 22, 8, 31), 0.45));
        r["recruitedYear"] = year;
        r["villageStart"] = DateBetween(new(year, 8, 1), new(year, 10, 15));
        r["villageMonths"] = months;
        return r;
    }

    private void BuildPartyDevelopment()
    {
        foreach (var c in Counties)
        {
            var years = c.Info.Code == "640381" ? new[] { 2022, 2021 } : [2022];
            foreach (var year in years)
            {
                foreach (var v in c.Info.Villages)
                {
                    var r = Rec.At(v);
                    var members = _rng.Next(1, 5);
                    r["year"] = year;
                    r["newMembers"] = members;
                    r["newTalent"] = year == 2021 ? _rng.Next(0, Math.Min(2, members)) : _rng.Next(1, Math.Min(3, members));
                    r["newWealthLeaders"] = _rng.Next(0, members);
                    c["party-development"].Add(r);
                }
            }
        }

        var yanchi = County("640323");
        var yv = yanchi.Info.Villages[70];
        var bad9 = Rec.At(yv);
        bad9["year"] = 2022;
        bad9["newMembers"] = 1;
        bad9["newTalent"] = 2;
        bad9["newWealthLeaders"] = 0;
        InsertAfter(yanchi["party-development"], r => Equals(r["village"], yv), Bad(bad9, "exceeds-total", "newTalent", "其中优秀人才 2 > 发展党员数 1"));

        var tongxin = County("640324");
        var tv = tongxin.Info.Villages[100];
        var w = Rec.At(tv);
        var unknown = NewVillageName();
        w["village"] = new Raw(unknown);
        w["year"] = 2022;
        w["newMembers"] = 2;
        w["newTalent"] = 1;
        w["newWealthLeaders"] = 1;
        InsertAfter(tongxin["party-development"], r => Equals(r["village"], tv), Warn(w, "area-unknown", "village", $"village '{unknown}' is not in 同心县's register; row kept but PD01 counts register villages only"));
    }

    private void BuildEntrepreneurship()
    {
        // 万元: double-lead 557 in all, start-up 18000 (1.8 亿); bases 19; people 3672; red fund, farms, co-ops in Yanchi only.
        (string Code, int Double, int Startup, int Bases, int People)[] rows =
        [
            ("640302", 120, 4200, 4, 820), ("640303", 86, 2600, 3, 610), ("640323", 155, 4500, 5, 905), ("640324", 112, 3900, 4, 787), ("640381", 84, 2800, 3, 550),
        ];
        foreach (var (code, dbl, startup, bases, people) in rows)
        {
            var c = County(code);
            var r = new Rec();
            r["county"] = code;
            r["year"] = 2022;
            r["doubleLeadFund"] = dbl * 10_000m;
            r["startupFunds"] = startup * 10_000m;
            r["bases"] = bases;
            r["peopleSupported"] = people;
            r["redFund"] = code == "640323" ? 2_000_000m : null;
            r["familyFarms"] = code == "640323" ? 317 : null;
            r["cooperatives"] = code == "640323" ? 375 : null;
            c["entrepreneurship"].Add(r);
            if (code is "640323" or "640381")
            {
                var prev = new Rec();
                prev["county"] = code;
                prev["year"] = 2021;
                prev["doubleLeadFund"] = (dbl - 20) * 10_000m;
                prev["startupFunds"] = (startup - 600) * 10_000m;
                prev["bases"] = bases - 1;
                prev["peopleSupported"] = people - 130;
                prev["redFund"] = code == "640323" ? 1_500_000m : null;
                prev["familyFarms"] = code == "640323" ? 268 : null;
                prev["cooperatives"] = code == "640323" ? 331 : null;
                c["entrepreneurship"].Insert(0, prev);
            }
        }
    }

    private sealed record CountySpec(string Code, string Name, string Short, int Villages, int KeyVillages, double HuiShare, string[] Townships, string[] Relocation);
}
