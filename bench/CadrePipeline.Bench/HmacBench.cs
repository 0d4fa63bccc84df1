using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using CadrePipeline.Core.Intake;

namespace CadrePipeline.Bench;

/// <summary>
/// <c>hmac</c>: what the keyed hash of an ID costs per row with the platform's HMACSHA256.HashData (HmacIdHasher)
/// beside the former hand-written SHA-256 precomputation (<see cref="LegacyHmacIdHasher"/>), same IDs, same key,
/// interleaved; and that both give byte-identical person keys.
/// </summary>
internal static class HmacBench
{
    public static int Run(string[] args)
    {
        var count = BenchArgs.Int(args, "--rows", 200_000);
        var key = RandomNumberGenerator.GetBytes(32);
        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            var first17 = string.Create(CultureInfo.InvariantCulture, $"640323{new DateOnly(1960, 1, 1).AddDays(i % 12_000):yyyyMMdd}{i / 12_000 % 1000:000}");
            ids[i] = first17 + IdNumber.CheckDigit(first17);
        }

        IIdHasher platform = new HmacIdHasher(key);
        IIdHasher legacy = new LegacyHmacIdHasher(key);
        var differ = ids.Count(id => platform.Hash(id) != legacy.Hash(id));

        IIdHasher oneShot = new OneShotHashData(key);
        differ += ids.Count(id => oneShot.Hash(id) != legacy.Hash(id));

        var p = new List<double>();
        var o = new List<double>();
        var l = new List<double>();
        for (var round = 0; round < 5; round++)
        {
            p.Add(Time(platform, ids));
            o.Add(Time(oneShot, ids));
            l.Add(Time(legacy, ids));
        }

        var (pn, on, ln) = (p.Min() / count * 1e9, o.Min() / count * 1e9, l.Min() / count * 1e9);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"keyed hash per row, best of 5 over {count:N0} IDs (baseline: the former managed SHA-256 precomputation, {ln:F0} ns)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  HmacIdHasher (platform HMACSHA256, one keyed instance per thread): {pn:F0} ns  = {pn / ln:F2}x former  ({pn * 1e5 / 1e6:F0} ms per 100,000 rows)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  platform one-shot HMACSHA256.HashData(key, id):                   {on:F0} ns  = {on / ln:F2}x former  ({on * 1e5 / 1e6:F0} ms per 100,000 rows)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  former managed compression:                                         {ln:F0} ns  ({ln * 1e5 / 1e6:F0} ms per 100,000 rows)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"person keys byte-identical across the three: {(differ == 0 ? "yes" : $"NO, {differ} differ")} ({count:N0} IDs)"));
        Pipeline.Rows.Print("3 keyed hash per row, platform HMACSHA256 (HmacIdHasher)", pn, "ns", ln, "former managed ns", pn / ln, "person keys byte-identical", differ == 0);
        return differ == 0 ? 0 : 1;
    }

    private static double Time(IIdHasher hasher, string[] ids)
    {
        var sw = Stopwatch.StartNew();
        var sink = 0;
        foreach (var id in ids)
        {
            sink += hasher.Hash(id).Length;
        }

        GC.KeepAlive(sink);
        return sw.Elapsed.TotalSeconds;
    }
}


/// <summary>The one-shot platform call: keys a new native context for every ID.</summary>
internal sealed class OneShotHashData(byte[] key) : IIdHasher
{
    public string Hash(string idNumber)
    {
        Span<byte> input = stackalloc byte[256];
        var n = System.Text.Encoding.UTF8.GetBytes(idNumber, input);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, input[..n], mac);
        return System.Buffers.Text.Base64Url.EncodeToString(mac);
    }
}
