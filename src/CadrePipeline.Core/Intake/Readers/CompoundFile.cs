using System.Buffers.Binary;
using System.Collections;
using System.Text;

namespace CadrePipeline.Core.Intake.Readers;

/// <summary>What <see cref="CompoundFile.Inspect"/> found: the names of the streams, or why the structure is unsound.</summary>
internal sealed record CompoundFileInfo(string? Problem, IReadOnlyList<string> Streams)
{
    public bool HasStream(string name) => Streams.Any(s => s.Equals(name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// Checks the structure of an OLE compound file (MS-CFB) before any library reads it: header, sector sizes, FAT and
/// DIFAT sector counts against the file's length, every chain (DIFAT, FAT, directory, mini FAT, each stream) for
/// sectors outside the file, loops and shared sectors, and the directory tree for loops. A file that passes can be
/// read with work and memory bounded by its length; ExcelDataReader allocates without bound on a looping DIFAT.
/// </summary>
internal static class CompoundFile
{
    private const uint EndOfChain = 0xFFFFFFFE;
    private const uint FreeSector = 0xFFFFFFFF;
    private const uint NoStream = 0xFFFFFFFF;
    private const int HeaderDifatEntries = 109;
    private const int EntrySize = 128;

    private static readonly byte[] Signature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>
    /// Before ExcelDataReader reads an OLE compound file: throws <see cref="FileUnreadableException"/> naming the fault
    /// when its structure is unsound or it holds no Workbook (or Book) stream. Bytes without the OLE signature (a bare
    /// BIFF stream) are left to ExcelDataReader. Leaves the position unchanged.
    /// </summary>
    public static void ThrowIfUnsound(Stream stream)
    {
        var start = stream.Position;
        Span<byte> head = stackalloc byte[8];
        var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = start;
        if (n < head.Length || !head.SequenceEqual(Signature))
        {
            return;
        }

        var info = Inspect(stream);
        if (info.Problem is not null)
        {
            throw new FileUnreadableException(info.Problem);
        }

        if (!info.HasStream("Workbook") && !info.HasStream("Book"))
        {
            throw new FileUnreadableException("the compound file holds no Workbook stream");
        }
    }

    /// <summary>
    /// The Workbook (or Book) stream of a sound compound file as a read-only stream over its sectors, for a scan
    /// before ExcelDataReader reads it; null when the file is unsound or the workbook lives in the mini stream (under
    /// 4,096 bytes). The position of <paramref name="stream"/> is restored.
    /// </summary>
    public static (Stream Workbook, long Length)? OpenWorkbook(Stream stream)
    {
        var start = stream.Position;
        var inspection = new Inspection(stream, start);
        try
        {
            if (inspection.Run().Problem is not null || inspection.WorkbookSectors is not { } sectors)
            {
                return null;
            }

            return (new SectorStream(stream, start, sectors, inspection.SectorSize, inspection.WorkbookSize), inspection.WorkbookSize);
        }
        catch (InvalidDataException)
        {
            return null;
        }
        finally
        {
            stream.Position = start;
        }
    }

    /// <summary>Reads a chain of sectors as one stream (the caller keeps <c>stream</c> and restores its position).</summary>
    private sealed class SectorStream(Stream stream, long start, List<uint> sectors, int sectorSize, long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => _position = value; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var remaining = (int)Math.Min(count, length - _position);
            var done = 0;
            while (remaining > 0)
            {
                var index = (int)(_position / sectorSize);
                var within = (int)(_position % sectorSize);
                var n = Math.Min(remaining, sectorSize - within);
                stream.Position = start + ((sectors[index] + 1L) * sectorSize) + within;
                var read = stream.Read(buffer, offset + done, n);
                if (read <= 0)
                {
                    break;
                }

                done += read;
                remaining -= read;
                _position += read;
            }

            return done;
        }

        public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Reads the structure of the compound file at the stream's position; leaves the position unchanged.</summary>
    public static CompoundFileInfo Inspect(Stream stream)
    {
        var start = stream.Position;
        try
        {
            return new Inspection(stream, start).Run();
        }
        catch (InvalidDataException e)
        {
            return new CompoundFileInfo(e.Message, []);
        }
        finally
        {
            stream.Position = start;
        }
    }

    private sealed class Inspection(Stream stream, long start)
    {
        private readonly long _length = stream.Length - start;
        private int _sectorSize;
        private long _sectors;
        private uint[] _fat = [];
        private BitArray _used = new(0);
        private byte[] _buffer = [];

        public int SectorSize => _sectorSize;

        /// <summary>After <see cref="Run"/>: the sectors of the Workbook stream when it lives in the FAT (null otherwise).</summary>
        public List<uint>? WorkbookSectors { get; private set; }

        public long WorkbookSize { get; private set; }

        public CompoundFileInfo Run()
        {
            var header = new byte[512];
            if (_length < header.Length || Read(0, header) < header.Length)
            {
                throw Broken("the compound file is shorter than its 512-byte header");
            }

            var major = U16(header, 26);
            var shift = U16(header, 30);
            if (U16(header, 28) is not (0xFFFE or 0xFFFF) || !((major == 3 && shift == 9) || (major == 4 && shift == 12)) || U16(header, 32) != 6)
            {
                throw Broken("the compound file header has an unknown version, byte order or sector size");
            }

            _sectorSize = 1 << shift;
            _buffer = new byte[_sectorSize];
            _sectors = (_length - _sectorSize + _sectorSize - 1) / _sectorSize;
            if (_sectors <= 0 || _sectors > int.MaxValue)
            {
                throw Broken("the compound file holds no sectors");
            }

            var fatCount = U32(header, 44);
            var firstDir = U32(header, 48);
            var cutoff = U32(header, 56);
            var firstMiniFat = U32(header, 60);
            var miniFatCount = U32(header, 64);
            var firstDifat = U32(header, 68);
            var difatCount = U32(header, 72);
            if (fatCount == 0 || fatCount > _sectors || difatCount > _sectors || miniFatCount > _sectors)
            {
                throw Broken($"the compound file claims {fatCount} FAT, {difatCount} DIFAT and {miniFatCount} mini FAT sectors but has only {_sectors} sectors");
            }

            if (cutoff != 4096)
            {
                throw Broken("the compound file header has an unknown mini stream cutoff");
            }

            _used = new BitArray((int)_sectors);
            var perSector = _sectorSize / 4;
            var listed = new List<uint>();
            for (var i = 0; i < HeaderDifatEntries; i++)
            {
                listed.Add(U32(header, 76 + (4 * i)));
            }

            // ExcelDataReader reads every DIFAT sector the header counts and every FAT sector they list, so all must be sound.
            var difat = firstDifat;
            for (var k = 0; k < difatCount && firstDifat != EndOfChain; k++)
            {
                var sector = ReadChainSector(difat, "DIFAT");
                for (var i = 0; i < perSector - 1; i++)
                {
                    listed.Add(U32(sector, 4 * i));
                }

                difat = U32(sector, _sectorSize - 4);
            }

            var fatSectors = listed.Take((int)fatCount).ToList();
            if (fatSectors.Count < fatCount || listed.Skip((int)fatCount).Any(s => s is not (FreeSector or EndOfChain)))
            {
                throw Broken($"the compound file's DIFAT does not list exactly its {fatCount} FAT sectors");
            }

            // Only the FAT entries of sectors inside the file matter; the rest would describe sectors that do not exist.
            _fat = new uint[_sectors];
            _fat.AsSpan().Fill(FreeSector);
            for (var k = 0; k < fatSectors.Count; k++)
            {
                var sector = ReadChainSector(fatSectors[k], "FAT");
                for (var i = 0; i < perSector; i++)
                {
                    var index = ((long)k * perSector) + i;
                    if (index < _sectors)
                    {
                        _fat[index] = U32(sector, 4 * i);
                    }
                }
            }

            var directory = ReadChain(firstDir, "directory", long.MaxValue);
            var entryCount = directory.Length / EntrySize;
            if (entryCount == 0 || directory[66] != 5)
            {
                throw Broken("the compound file's directory has no root entry");
            }

            var reachable = CheckTree(directory, entryCount);
            var v3 = major == 3;
            var rootStart = U32(directory, 116);
            var rootSize = Size(directory, 0, v3);
            var miniSectors = rootSize / 64;
            var miniFat = miniFatCount == 0 ? [] : ReadChain(firstMiniFat, "mini FAT", long.MaxValue);
            if (rootSize > 0)
            {
                ReadChain(rootStart, "mini stream", rootSize, readData: false);
            }

            var miniUsed = new BitArray((int)Math.Min(miniSectors, int.MaxValue));
            var names = new List<string>();
            for (var e = 1; e < entryCount; e++)
            {
                var offset = e * EntrySize;
                var type = directory[offset + 66];
                if (type != 2)
                {
                    continue;
                }

                var nameBytes = U16(directory, offset + 64);
                if (nameBytes > 64 || nameBytes % 2 != 0)
                {
                    throw Broken("a compound file directory entry has a malformed name");
                }

                var name = Encoding.Unicode.GetString(directory, offset, Math.Max(0, nameBytes - 2));

                // A stale entry outside the tree is no stream of the file, unless ExcelDataReader, which searches every
                // entry by name, would take it for the workbook.
                var workbook = name.Equals("Workbook", StringComparison.OrdinalIgnoreCase) || name.Equals("Book", StringComparison.OrdinalIgnoreCase);
                if (!reachable[e] && !workbook)
                {
                    continue;
                }

                names.Add(name);
                var size = Size(directory, offset, v3);
                var first = U32(directory, offset + 116);
                if (size == 0)
                {
                    continue;
                }

                if (size >= 4096)
                {
                    ReadChain(first, $"stream '{name}'", size, readData: false);
                    if (workbook && WorkbookSectors is null)
                    {
                        // Already checked to lie in the file and not to loop.
                        WorkbookSectors = [];
                        for (var sector = first; sector != EndOfChain && WorkbookSectors.Count * (long)_sectorSize < size; sector = _fat[sector])
                        {
                            WorkbookSectors.Add(sector);
                        }

                        WorkbookSize = size;
                    }
                }
                else
                {
                    CheckMiniChain(miniFat, miniUsed, miniSectors, first, size, name);
                }
            }

            return new CompoundFileInfo(null, names);
        }

        private static long Size(byte[] directory, int offset, bool v3) =>
            v3 ? U32(directory, offset + 120) : (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(directory.AsSpan(offset + 120)), long.MaxValue);

        /// <summary>Follows a FAT chain; its sectors must lie in the file and belong to no other chain. Returns the data read.</summary>
        private byte[] ReadChain(uint first, string what, long size, bool readData = true)
        {
            if (size != long.MaxValue && size > _sectors * _sectorSize)
            {
                throw Broken($"the compound file's {what} claims {size} bytes, more than the file holds");
            }

            var data = readData ? new MemoryStream() : null;
            long count = 0;
            var sector = first;
            while (sector != EndOfChain)
            {
                var bytes = ReadChainSector(sector, what, readData);
                data?.Write(bytes);
                count++;
                sector = _fat[sector];
            }

            if (size != long.MaxValue && count * _sectorSize < size)
            {
                throw Broken($"the compound file's {what} chain is shorter than its size");
            }

            return data?.ToArray() ?? [];
        }

        private byte[] ReadChainSector(uint sector, string what, bool read = true)
        {
            if (sector >= _sectors)
            {
                throw Broken($"the compound file's {what} chain points outside the file");
            }

            if (_used[(int)sector])
            {
                throw Broken($"the compound file's {what} chain loops or shares sectors with another chain");
            }

            _used[(int)sector] = true;
            if (read)
            {
                Array.Clear(_buffer);
                Read((sector + 1L) * _sectorSize, _buffer);
            }

            return _buffer;
        }

        private static void CheckMiniChain(byte[] miniFat, BitArray used, long miniSectors, uint first, long size, string name)
        {
            long count = 0;
            var sector = first;
            while (sector != EndOfChain)
            {
                if (sector >= miniSectors || (4L * sector) + 4 > miniFat.Length)
                {
                    throw Broken($"the compound file's stream '{name}' points outside the mini stream");
                }

                if (used[(int)sector])
                {
                    throw Broken($"the compound file's stream '{name}' loops or shares mini sectors with another stream");
                }

                used[(int)sector] = true;
                count++;
                sector = U32(miniFat, (int)(4 * sector));
            }

            if (count * 64 < size)
            {
                throw Broken($"the compound file's stream '{name}' is shorter than its size");
            }
        }

        /// <summary>The red-black tree of the directory: every link in range and no entry reached twice.</summary>
        private static BitArray CheckTree(byte[] directory, int entryCount)
        {
            var seen = new BitArray(entryCount);
            var pending = new Stack<uint>();
            pending.Push(U32(directory, 76));
            seen[0] = true;
            while (pending.Count > 0)
            {
                var e = pending.Pop();
                if (e == NoStream)
                {
                    continue;
                }

                if (e >= entryCount || seen[(int)e])
                {
                    throw Broken("the compound file's directory tree loops or points outside the directory");
                }

                seen[(int)e] = true;
                var offset = (int)e * EntrySize;
                pending.Push(U32(directory, offset + 68));
                pending.Push(U32(directory, offset + 72));
                pending.Push(U32(directory, offset + 76));
            }

            return seen;
        }

        private int Read(long offset, byte[] into)
        {
            stream.Position = start + offset;
            return stream.ReadAtLeast(into, into.Length, throwOnEndOfStream: false);
        }

        private static ushort U16(byte[] b, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(offset));

        private static uint U32(byte[] b, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(offset));

        private static InvalidDataException Broken(string detail) => new(detail);
    }
}
