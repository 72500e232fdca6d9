using System.Numerics;

namespace Offline.Protocol.Identity;

/// <summary>Base58 with the Bitcoin alphabet (no 0, O, I, l): IDs are read aloud and copied by hand.</summary>
internal static class Base58
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var leadingZeros = 0;
        while (leadingZeros < data.Length && data[leadingZeros] == 0)
        {
            leadingZeros++;
        }

        var value = new BigInteger(data, isUnsigned: true, isBigEndian: true);
        var chars = new List<char>();
        while (value > 0)
        {
            value = BigInteger.DivRem(value, 58, out var remainder);
            chars.Add(Alphabet[(int)remainder]);
        }

        chars.AddRange(Enumerable.Repeat('1', leadingZeros));
        chars.Reverse();
        return new string([.. chars]);
    }

    /// <summary>Returns the index of the first character outside the alphabet, or -1 when all are valid.</summary>
    public static int TryDecode(string text, out byte[] data)
    {
        data = [];
        BigInteger value = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var digit = Alphabet.IndexOf(text[i], StringComparison.Ordinal);
            if (digit < 0)
            {
                return i;
            }

            value = (value * 58) + digit;
        }

        var leadingOnes = 0;
        while (leadingOnes < text.Length && text[leadingOnes] == '1')
        {
            leadingOnes++;
        }

        var body = value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);
        data = new byte[leadingOnes + body.Length];
        body.CopyTo(data, leadingOnes);
        return -1;
    }
}
