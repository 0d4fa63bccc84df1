using System.IO.Compression;

namespace CadrePipeline.Core.Intake.Readers;

/// <summary>
/// Computes the CRC-32 of a zip entry as it is read and, at its end, compares it with the CRC the zip records:
/// ZipArchive does not, so a corrupted entry would otherwise be read as if it were what the county sent.
/// </summary>
internal sealed class CrcCheckStream(Stream inner, ZipArchiveEntry entry) : ReadOnlyForwardingStream(inner)
{
    private static readonly uint[] Table = MakeTable();

    private uint _crc = 0xFFFFFFFF;
    private bool _checked;

    public override int Read(Span<byte> buffer)
    {
        var n = Inner.Read(buffer);
        var crc = _crc;
        foreach (var b in buffer[..n])
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        _crc = crc;
        if (n == 0 && buffer.Length > 0 && !_checked)
        {
            _checked = true;
            if (~_crc != entry.Crc32)
            {
                throw new FileUnreadableException($"the zip entry {entry.FullName} is corrupt (its CRC does not match)");
            }
        }

        return n;
    }

    private static uint[] MakeTable()
    {
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

        return table;
    }
}
