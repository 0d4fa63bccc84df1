using CadrePipeline.Core.Intake;
using CadrePipeline.Core.Tests.Support;

namespace CadrePipeline.Core.Tests.Intake;

public sealed class IdNumberTests
{
    [Theory]
    [InlineData("11010519491231002", 'X')]
    [InlineData("64032319750615001", '7')]
    [InlineData("64032319800302002", '0')]
    public void CheckDigit_Gb11643Examples_Matches(string first17, char expected) =>
        Assert.Equal(expected, IdNumber.CheckDigit(first17));

    [Fact]
    public void SexAndBirthDate_FromId_OddIsMale()
    {
        Assert.Equal("male", IdNumber.Sex(Ids.Male1975));
        Assert.Equal("female", IdNumber.Sex(Ids.Female1980));
        Assert.Equal(new DateOnly(1949, 12, 31), IdNumber.BirthDate(Ids.Standard));
    }

    [Fact]
    public void HmacIdHasher_SameKey_SameHash_OtherKey_OtherHash()
    {
        var a = new HmacIdHasher(TestBooks.Key);
        var b = new HmacIdHasher(TestBooks.Key);
        var c = new HmacIdHasher([.. TestBooks.Key.Reverse()]);

        Assert.Equal(a.Hash(Ids.Male1975), b.Hash(Ids.Male1975));
        Assert.NotEqual(a.Hash(Ids.Male1975), c.Hash(Ids.Male1975));
        Assert.NotEqual(a.Hash(Ids.Male1975), a.Hash(Ids.Female1980));
        Assert.Matches("^[A-Za-z0-9_-]{43}$", a.Hash(Ids.Male1975));
    }

    [Fact]
    public void HmacIdHasher_KnownVector_MatchesHmacSha256()
    {
        // HMAC-SHA256(key = 0x01..0x20, "11010519491231002X") computed independently with Python's hmac module.
        var expected = Convert.ToBase64String(Convert.FromHexString(HmacVector)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Assert.Equal(expected, new HmacIdHasher(TestBooks.Key).Hash(Ids.Standard));
    }

    [Theory]
    [InlineData(16, 0)]
    [InlineData(32, 18)]
    [InlineData(64, 55)]
    [InlineData(65, 56)]
    [InlineData(100, 200)]
    public void HmacIdHasher_AnyKeyAndInputLength_EqualsLibraryHmacSha256(int keyLength, int inputLength)
    {
        var random = new Random(keyLength * 1000 + inputLength);
        for (var round = 0; round < 50; round++)
        {
            var key = new byte[keyLength];
            random.NextBytes(key);
            var input = new string(Enumerable.Range(0, inputLength).Select(_ => "0123456789X"[random.Next(11)]).ToArray());
            var expected = System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.HMACSHA256.HashData(key, System.Text.Encoding.UTF8.GetBytes(input)));

            Assert.Equal(expected, new HmacIdHasher(key).Hash(input));
        }
    }

    [Fact]
    public void HmacIdHasher_NonAsciiInput_EqualsLibraryHmacOfUtf8()
    {
        var expected = System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.HMACSHA256.HashData(TestBooks.Key, System.Text.Encoding.UTF8.GetBytes("身份证")));

        Assert.Equal(expected, new HmacIdHasher(TestBooks.Key).Hash("身份证"));
    }

    [Fact]
    public void HmacIdHasher_SharedAcrossThreads_EqualsLibraryHmacSha256()
    {
        var hasher = new HmacIdHasher(TestBooks.Key);
        var ids = Enumerable.Range(0, 2_000).Select(i => $"6403231975{i:00000000}").ToArray();
        var expected = ids.Select(id => System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.HMACSHA256.HashData(TestBooks.Key, System.Text.Encoding.ASCII.GetBytes(id)))).ToArray();

        var actual = ids.AsParallel().WithDegreeOfParallelism(8).Select(hasher.Hash).ToArray();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void HmacIdHasher_ShortKey_Rejected() => Assert.Throws<ArgumentException>(() => new HmacIdHasher(new byte[8]));

    private const string HmacVector = "953d43f33a8f6e8937770181153283e8e5147965b53b5f005e566181a023ed65";
}
