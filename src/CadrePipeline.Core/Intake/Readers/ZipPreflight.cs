using System.Buffers.Binary;

namespace CadrePipeline.Core.Intake.Readers;

/// <summary>
/// Reads a zip's end-of-central-directory record (and its Zip64 form) before <see cref="System.IO.Compression.ZipArchive"/>
/// opens it: ZipArchive builds an object per central-directory record, so a file claiming millions of entries must be
/// refused from the count alone (<see cref="IntakeOptions.MaxZipEntries"/>).
/// </summary>
internal static class ZipPreflight
{
    private const int EocdSize = 22;

    // The smallest central-directory record: a 46-byte header with an empty name.
    private const int MinRecordSize = 46;

    /// <summary>Throws <see cref="IntakeLimitException"/> when the zip claims, or has room for, more entries than the cap.</summary>
    public static void Check(Stream stream, IntakeOptions options)
    {
        var start = stream.Position;
        try
        {
            var length = stream.Length - start;
            var tailLength = (int)Math.Min(length, EocdSize + ushort.MaxValue);
            if (tailLength < EocdSize)
            {
                return;
            }

            var tail = new byte[tailLength];
            stream.Position = start + length - tailLength;
            stream.ReadExactly(tail);
            var at = -1;
            for (var i = tailLength - EocdSize; i >= 0; i--)
            {
                if (tail[i] == 'P' && tail[i + 1] == 'K' && tail[i + 2] == 5 && tail[i + 3] == 6)
                {
                    at = i;
                    break;
                }
            }

            if (at < 0)
            {
                // No end record: ZipArchive reports the file as corrupt without reading a directory.
                return;
            }

            long entries = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(at + 10));
            long directorySize = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at + 12));
            var locator = at - 20;
            if (locator >= 0 && tail[locator] == 'P' && tail[locator + 1] == 'K' && tail[locator + 2] == 6 && tail[locator + 3] == 7)
            {
                var zip64At = BinaryPrimitives.ReadInt64LittleEndian(tail.AsSpan(locator + 8));
                if (zip64At >= 0 && zip64At + 56 <= length)
                {
                    var record = new byte[56];
                    stream.Position = start + zip64At;
                    stream.ReadExactly(record);
                    if (record[0] == 'P' && record[1] == 'K' && record[2] == 6 && record[3] == 6)
                    {
                        entries = Math.Max(entries, (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(32)), long.MaxValue));
                        directorySize = Math.Max(directorySize, (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(40)), long.MaxValue));
                    }
                }
            }

            if (entries > options.MaxZipEntries || directorySize / MinRecordSize > options.MaxZipEntries)
            {
                throw new IntakeLimitException("file-too-large", $"the zip claims {entries} entries in a {directorySize}-byte directory; the limit is {options.MaxZipEntries} entries");
            }
        }
        finally
        {
            stream.Position = start;
        }
    }
}
