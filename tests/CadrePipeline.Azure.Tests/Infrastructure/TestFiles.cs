using System.Text;

namespace CadrePipeline.Azure.Tests.Infrastructure;

/// <summary>A synthetic person: the name and ID number the tests later search for in every output.</summary>
public sealed record TestPerson(string Name, string IdNumber, DateOnly BirthDate, bool Male);

/// <summary>Builds small, valid upload files from the headers of forms.md, with synthetic people.</summary>
public static class TestFiles
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckChars = "10X98765432";

    /// <summary>An 18-character ID number with a valid GB 11643 check digit (computed here, independently of the code under test).</summary>
    public static string IdNumber(string county, DateOnly birth, int sequence, bool male)
    {
        var seq = (sequence % 50 * 2) + (male ? 1 : 0); // 17th digit odd = male
        var body = $"{county}{birth:yyyyMMdd}{sequence / 50 % 10}{seq:00}";
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (body[i] - '0') * Weights[i];
        }

        return body + CheckChars[sum % 11];
    }

    public static TestPerson Person(string county, int n, int birthYear)
    {
        var birth = new DateOnly(birthYear, 1 + (n % 12), 1 + (n % 27));
        var male = n % 3 != 0;
        return new TestPerson($"测试人{county[^2..]}{n:000}", IdNumber(county, birth, n, male), birth, male);
    }

    public const string SecretaryHeader = "县(市、区),乡镇,村,姓名,身份证号,性别,民族,出生年月,学历,入党时间,届次,任职状态,一肩挑,一肩三挑,致富带头人,县级备案";

    /// <summary>A village-secretaries CSV (UTF-8 with BOM) of <paramref name="count"/> valid rows of one term.</summary>
    public static (byte[] Bytes, List<TestPerson> People) SecretariesCsv(string county, int count, int term = 2021, int firstPerson = 1)
    {
        var sb = new StringBuilder();
        sb.AppendLine(SecretaryHeader);
        var people = new List<TestPerson>();
        for (var i = 0; i < count; i++)
        {
            var p = Person(county, firstPerson + i, 1965 + (i % 20));
            people.Add(p);
            var edu = i % 2 == 0 ? "大专" : "高中";
            sb.AppendLine($"{county},测试镇,测试{i + 1}村,{p.Name},{p.IdNumber},{(p.Male ? "男" : "女")},汉族,{p.BirthDate:yyyy.MM},{edu},{p.BirthDate.Year + 25}.07,{term},新任,是,否,是,是");
        }

        return ([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())], people);
    }
}
