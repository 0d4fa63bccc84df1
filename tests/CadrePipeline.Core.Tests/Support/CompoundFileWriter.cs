using System.Buffers.Binary;
using System.Text;

namespace CadrePipeline.Core.Tests.Support;

/// <summary>
/// Writes a minimal, valid OLE compound file (MS-CFB version 3, 512-byte sectors, every stream padded to at least 4,096
/// bytes so it lives in the FAT), laid out as header, FAT sectors, directory sectors, then each stream in order.
/// Hostile variants are made by patching the bytes at the offsets it reports.
/// </summary>
internal sealed class CompoundFileWriter
{
    public const int SectorSize = 512;
    public const uint EndOfChain = 0xFFFFFFFE;
    public const uint Free = 0xFFFFFFFF;

    private CompoundFileWriter(byte[] bytes, int fatSectors, int directorySector, int[] streamSectors)
    {
        Bytes = bytes;
        FatSectors = fatSectors;
        DirectorySector = directorySector;
        StreamSectors = streamSectors;
    }

    public byte[] Bytes { get; }

    public int FatSectors { get; }

    public int DirectorySector { get; }

    /// <summary>The first sector of each stream, in the order given.</summary>
    public int[] StreamSectors { get; }

    public static int Offset(int sector) => (sector + 1) * SectorSize;

    /// <summary>The byte offset of FAT entry <paramref name="sector"/> (the FAT sectors come first).</summary>
    public static int FatEntry(int sector) => Offset(sector / 128) + (4 * (sector % 128));

    /// <summary>The byte offset of directory entry <paramref name="entry"/> (0 is the root).</summary>
    public int DirectoryEntry(int entry) => Offset(DirectorySector) + (128 * entry);

    public static CompoundFileWriter Build(params (string Name, byte[] Data)[] streams)
    {
        var data = streams.Select(s => s.Data.Length >= 4096 ? s.Data : [.. s.Data, .. new byte[4096 - s.Data.Length]]).ToArray();
        var dirSectors = ((streams.Length + 1) * 128 + SectorSize - 1) / SectorSize;
        var dataSectors = data.Sum(d => (d.Length + SectorSize - 1) / SectorSize);
        var fat = 1;
        while ((fat + dirSectors + dataSectors + 127) / 128 > fat)
        {
            fat++;
        }

        var total = fat + dirSectors + dataSectors;
        var bytes = new byte[(total + 1) * SectorSize];
        var table = Enumerable.Repeat(Free, fat * 128).ToArray();
        for (var i = 0; i < fat; i++)
        {
            table[i] = 0xFFFFFFFD;
        }

        void Chain(int first, int count)
        {
            for (var i = 0; i < count; i++)
            {
                table[first + i] = i == count - 1 ? EndOfChain : (uint)(first + i + 1);
            }
        }

        Chain(fat, dirSectors);
        var next = fat + dirSectors;
        var starts = new int[data.Length];
        for (var s = 0; s < data.Length; s++)
        {
            starts[s] = next;
            var count = (data[s].Length + SectorSize - 1) / SectorSize;
            Chain(next, count);
            data[s].CopyTo(bytes, Offset(next));
            next += count;
        }

        byte[] signature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        signature.CopyTo(bytes, 0);
        var h = bytes.AsSpan();
        BinaryPrimitives.WriteUInt16LittleEndian(h[24..], 0x3E);
        BinaryPrimitives.WriteUInt16LittleEndian(h[26..], 3);
        BinaryPrimitives.WriteUInt16LittleEndian(h[28..], 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(h[30..], 9);
        BinaryPrimitives.WriteUInt16LittleEndian(h[32..], 6);
        BinaryPrimitives.WriteUInt32LittleEndian(h[44..], (uint)fat);
        BinaryPrimitives.WriteUInt32LittleEndian(h[48..], (uint)fat);
        BinaryPrimitives.WriteUInt32LittleEndian(h[56..], 4096);
        BinaryPrimitives.WriteUInt32LittleEndian(h[60..], EndOfChain);
        BinaryPrimitives.WriteUInt32LittleEndian(h[68..], EndOfChain);
        for (var i = 0; i < 109; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(h[(76 + (4 * i))..], i < fat ? (uint)i : Free);
        }

        for (var i = 0; i < table.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(h[FatEntry(i)..], table[i]);
        }

        void Entry(int index, string name, byte type, uint child, uint right, uint start, int size)
        {
            var e = bytes.AsSpan(Offset(fat) + (128 * index));
            var nameBytes = Encoding.Unicode.GetBytes(name);
            nameBytes.CopyTo(e);
            BinaryPrimitives.WriteUInt16LittleEndian(e[64..], (ushort)(nameBytes.Length + 2));
            e[66] = type;
            e[67] = 1;
            BinaryPrimitives.WriteUInt32LittleEndian(e[68..], Free);
            BinaryPrimitives.WriteUInt32LittleEndian(e[72..], right);
            BinaryPrimitives.WriteUInt32LittleEndian(e[76..], child);
            BinaryPrimitives.WriteUInt32LittleEndian(e[116..], start);
            BinaryPrimitives.WriteUInt32LittleEndian(e[120..], (uint)size);
        }

        Entry(0, "Root Entry", 5, streams.Length > 0 ? 1u : Free, Free, EndOfChain, 0);
        for (var s = 0; s < streams.Length; s++)
        {
            Entry(s + 1, streams[s].Name, 2, Free, s + 1 < streams.Length ? (uint)(s + 2) : Free, (uint)starts[s], data[s].Length);
        }

        return new CompoundFileWriter(bytes, fat, fat, starts);
    }
}
