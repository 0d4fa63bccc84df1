using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using CadrePipeline.Core.Intake;

namespace CadrePipeline.Bench;

// The hand-written SHA-256 precomputation the intake used before issue 15, kept here only so the hmac bench mode
// can show what the platform's HMACSHA256.HashData costs beside it.
/// <summary>The former HmacIdHasher: SHA-256 states after the key blocks precomputed, compression in managed code.</summary>
/// <remarks>
/// The standard HMAC precomputation (RFC 2104, section 4): the SHA-256 states after the inner and outer key blocks are
/// computed once, so a short input costs two block compressions. Library HMAC calls re-process both key blocks and
/// cross into native code every time, which cost a third of intake time. Inputs longer than 55 bytes take the library
/// path. Thread-safe: the precomputed states are never written after construction. Checked against
/// <see cref="HMACSHA256"/> by the tests.
/// </remarks>
internal sealed class LegacyHmacIdHasher : IIdHasher
{
    private const int BlockSize = 64;
    private readonly byte[] _key;
    private readonly uint[] _innerState = new uint[8];
    private readonly uint[] _outerState = new uint[8];

    public LegacyHmacIdHasher(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 16)
        {
            throw new ArgumentException("the hash key must have at least 16 bytes", nameof(key));
        }

        _key = (byte[])key.Clone();
        var k = key.Length > BlockSize ? SHA256.HashData(key) : key;
        Span<byte> pad = stackalloc byte[BlockSize];
        for (var i = 0; i < BlockSize; i++)
        {
            pad[i] = (byte)((i < k.Length ? k[i] : 0) ^ 0x36);
        }

        LegacySha256Block.Initial.CopyTo(_innerState);
        LegacySha256Block.Compress(_innerState, pad);
        for (var i = 0; i < BlockSize; i++)
        {
            pad[i] = (byte)((i < k.Length ? k[i] : 0) ^ 0x5C);
        }

        LegacySha256Block.Initial.CopyTo(_outerState);
        LegacySha256Block.Compress(_outerState, pad);
    }

    public string Hash(string idNumber)
    {
        ArgumentNullException.ThrowIfNull(idNumber);
        Span<byte> mac = stackalloc byte[32];
        if (idNumber.Length > 55 || !Ascii.IsValid(idNumber))
        {
            HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(idNumber), mac);
            return System.Buffers.Text.Base64Url.EncodeToString(mac);
        }

        // Inner: one block holding the message, 0x80, zeros and the bit length of key block + message.
        Span<byte> block = stackalloc byte[BlockSize];
        var n = Encoding.ASCII.GetBytes(idNumber, block);
        block[n] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(block[56..], (ulong)(BlockSize + n) * 8);
        Span<uint> state = stackalloc uint[8];
        _innerState.CopyTo(state);
        LegacySha256Block.Compress(state, block);

        // Outer: one block holding the inner digest, 0x80, zeros and the bit length of key block + digest.
        block.Clear();
        for (var i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(block[(i * 4)..], state[i]);
        }

        block[32] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(block[56..], (BlockSize + 32) * 8);
        _outerState.CopyTo(state);
        LegacySha256Block.Compress(state, block);
        for (var i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(mac[(i * 4)..], state[i]);
        }

        return System.Buffers.Text.Base64Url.EncodeToString(mac);
    }
}

/// <summary>The SHA-256 compression function (FIPS 180-4, section 6.2.2) over one 64-byte block.</summary>
internal static class LegacySha256Block
{
    public static ReadOnlySpan<uint> Initial =>
    [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ];

    private static ReadOnlySpan<uint> K =>
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    public static void Compress(Span<uint> state, ReadOnlySpan<byte> block)
    {
        Span<uint> w = stackalloc uint[64];
        for (var t = 0; t < 16; t++)
        {
            w[t] = BinaryPrimitives.ReadUInt32BigEndian(block[(t * 4)..]);
        }

        for (var t = 16; t < 64; t++)
        {
            var s0 = BitOperations.RotateRight(w[t - 15], 7) ^ BitOperations.RotateRight(w[t - 15], 18) ^ (w[t - 15] >> 3);
            var s1 = BitOperations.RotateRight(w[t - 2], 17) ^ BitOperations.RotateRight(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }

        uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
        var k = K;
        for (var t = 0; t < 64; t++)
        {
            var t1 = h + (BitOperations.RotateRight(e, 6) ^ BitOperations.RotateRight(e, 11) ^ BitOperations.RotateRight(e, 25))
                + ((e & f) ^ (~e & g)) + k[t] + w[t];
            var t2 = (BitOperations.RotateRight(a, 2) ^ BitOperations.RotateRight(a, 13) ^ BitOperations.RotateRight(a, 22))
                + ((a & b) ^ (a & c) ^ (b & c));
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }

        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}
