using System.IO.Compression;

namespace CadrePipeline.Core.Intake.Readers;

/// <summary>
/// Computes the CRC-32 of a zip entry as it is read and, at its end, compares it with the CRC the zip records:
/// ZipArchive does not, so a corrupted entry would otherwise be read as if it were what the county sent.
/// </summary>
internal sealed class CrcCheckStream(Stream inner, ZipArchiveEntry entry) : ReadOnlyForwardingStream(inner)
{
    // Vectorized (System.IO.Hashing): a byte-at-a-time table took longer than inflating the part.
    private readonly System.IO.Hashing.Crc32 _crc = new();
    private bool _checked;

    public override int Read(Span<byte> buffer)
    {
        var n = Inner.Read(buffer);
        _crc.Append(buffer[..n]);
        if (n == 0 && buffer.Length > 0 && !_checked)
        {
            _checked = true;
            if (_crc.GetCurrentHashAsUInt32() != entry.Crc32)
            {
                throw new FileUnreadableException($"the zip entry {entry.FullName} is corrupt (its CRC does not match)");
            }
        }

        return n;
    }
}
