using System.Text;

namespace CadrePipeline.SampleData;

internal enum Sex
{
    Male,
    Female,
}

/// <summary>A synthetic person. The ID number always has a valid GB 11643 check digit.</summary>
internal sealed record Person(string Name, string IdNumber, DateOnly BirthDate, Sex Sex)
{
    public int AgeOn(DateOnly day) =>
        day.Year - BirthDate.Year - (day.Month < BirthDate.Month || (day.Month == BirthDate.Month && day.Day < BirthDate.Day) ? 1 : 0);
}

internal static class IdCard
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckMap = "10X98765432";

    public static char CheckDigit(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckMap[sum % 11];
    }

    /// <summary>The same number with a wrong check digit.</summary>
    public static string BreakCheckDigit(string id)
    {
        var good = id[17];
        var bad = CheckMap[(CheckMap.IndexOf(good, StringComparison.Ordinal) + 3) % 11];
        return id[..17] + bad;
    }

    public static string ToFullWidth(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            sb.Append(c is >= '!' and <= '~' ? (char)(c + 0xFEE0) : c);
        }

        return sb.ToString();
    }
}

/// <summary>Makes unique synthetic people: names from common Ningxia surnames, IDs unique city-wide.</summary>
internal sealed class PersonFactory(Prng rng)
{
    private static readonly string[] Surnames =
    [
        "马", "王", "李", "张", "杨", "刘", "田", "海", "白", "丁", "金", "虎", "冯", "周", "陈", "赵", "吴", "孙", "何", "郭",
        "罗", "韩", "苏", "黄", "魏", "高", "拓", "哈", "纳", "穆", "余", "朱", "贺", "路", "康", "顾", "汪", "万", "沙", "锁",
    ];

    private static readonly string[] MaleGiven =
    [
        "建国", "志强", "军", "斌", "伟", "海军", "永福", "学仁", "文军", "国华", "成", "占林", "宏", "彦虎", "兴旺", "振东", "亮",
        "鹏", "涛", "刚", "勇", "自强", "晓东", "进财", "有福", "玉龙", "生荣", "长青", "维军", "俊", "磊", "浩", "宇", "明", "平", "凯",
        "德林", "富贵", "金山", "万祥", "正义", "小平", "红兵", "云", "飞", "瑞", "杰", "旭", "洋",
    ];

    private static readonly string[] FemaleGiven =
    [
        "秀兰", "玉梅", "桂花", "丽", "娟", "燕", "霞", "芳", "红梅", "海燕", "小琴", "慧", "静", "敏", "婷", "雪", "莉", "彩霞", "淑珍",
        "晓梅", "玲", "瑾", "梦", "佳", "悦", "欣", "琳", "萍", "凤英", "春花",
    ];

    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    public Person Create(string countyCode, DateOnly bornFrom, DateOnly bornTo, double femaleShare)
    {
        var sex = rng.Chance(femaleShare) ? Sex.Female : Sex.Male;
        var span = bornTo.DayNumber - bornFrom.DayNumber;
        while (true)
        {
            var birth = DateOnly.FromDayNumber(bornFrom.DayNumber + rng.Next(0, span));
            var seq = rng.Next(0, 499) * 2 + (sex == Sex.Male ? 1 : 0);
            var first17 = $"{countyCode}{birth:yyyyMMdd}{seq:000}";
            var id = first17 + IdCard.CheckDigit(first17);
            if (_ids.Add(id))
            {
                var given = rng.Pick(sex == Sex.Male ? MaleGiven : FemaleGiven);
                return new Person(rng.Pick(Surnames) + given, id, birth, sex);
            }
        }
    }

    /// <summary>A person whose age on <paramref name="on"/> lies in [minAge, maxAge].</summary>
    public Person CreateAged(string countyCode, DateOnly on, int minAge, int maxAge, double femaleShare) =>
        Create(countyCode, on.AddYears(-maxAge - 1).AddDays(1), on.AddYears(-minAge), femaleShare);

    /// <summary>Same person born in another year (keeps month and day), re-issued with a fresh unique ID.</summary>
    public Person WithBirthYear(Person p, string countyCode, int year)
    {
        var day = Math.Min(p.BirthDate.Day, DateTime.DaysInMonth(year, p.BirthDate.Month));
        var birth = new DateOnly(year, p.BirthDate.Month, day);
        while (true)
        {
            var seq = rng.Next(0, 499) * 2 + (p.Sex == Sex.Male ? 1 : 0);
            var first17 = $"{countyCode}{birth:yyyyMMdd}{seq:000}";
            var id = first17 + IdCard.CheckDigit(first17);
            if (_ids.Add(id))
            {
                _ids.Remove(p.IdNumber);
                return p with { IdNumber = id, BirthDate = birth };
            }
        }
    }
}
