using System.Diagnostics;
using System.IO.Compression;

namespace CadrePipeline.Bench;

/// <summary><c>probe FILE.xlsx</c>: what the byte-level passes over the largest part cost (inflate, CRC-32 two ways).</summary>
internal static class ProbeBench
{
    public static int Run(string[] args)
    {
        if (args[0] == "keys")
        {
            var data = new byte[110];
            new Random(1).NextBytes(data);
            Span<byte> d = stackalloc byte[32];
            for (var round = 0; round < 3; round++)
            {
                var sw = Stopwatch.StartNew();
                for (var i = 0; i < 100_000; i++)
                {
                    data[0] = (byte)i;
                    System.Security.Cryptography.SHA256.HashData(data, d);
                }

                var sha = sw.Elapsed.TotalMilliseconds;
                sw.Restart();
                for (var i = 0; i < 100_000; i++)
                {
                    data[0] = (byte)i;
                    System.IO.Hashing.XxHash128.Hash(data, d);
                }

                Console.WriteLine($"100,000 keys of 110 bytes: SHA-256 {sha:F1} ms, XxHash128 {sw.Elapsed.TotalMilliseconds:F1} ms");
            }

            return 0;
        }

        using var zip = ZipFile.OpenRead(args[0]);
        var entry = zip.Entries.MaxBy(e => e.Length)!;
        var buffer = new byte[81920];
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        for (var round = 0; round < 3; round++)
        {
            var sw = Stopwatch.StartNew();
            long total = 0;
            using (var s = entry.Open())
            {
                int n;
                while ((n = s.Read(buffer)) > 0)
                {
                    total += n;
                }
            }

            var inflate = sw.Elapsed.TotalMilliseconds;
            var all = new byte[total];
            using (var s = entry.Open())
            {
                s.ReadExactly(all);
            }

            sw.Restart();
            var crc = 0xFFFFFFFF;
            foreach (var b in all)
            {
                crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            }

            var tableMs = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            var v = System.IO.Hashing.Crc32.HashToUInt32(all);
            var vecMs = sw.Elapsed.TotalMilliseconds;
            Console.WriteLine($"{entry.FullName} {total / 1048576.0:F1} MiB: inflate {inflate:F0} ms, table CRC {tableMs:F0} ms, System.IO.Hashing.Crc32 {vecMs:F1} ms, same {~crc == v && v == entry.Crc32}");
        }

        return 0;
    }
}
