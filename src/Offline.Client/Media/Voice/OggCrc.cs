namespace Offline.Client.Media.Voice;

/// <summary>
/// The Ogg page checksum (RFC 3533 §6): CRC-32 with the polynomial 0x04C11DB7, initial value 0, bits
/// fed most significant first, no final inversion, computed over the whole page with its own field zero.
/// </summary>
internal static class OggCrc
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC of <paramref name="data"/>, continuing from <paramref name="crc"/> (the CRC of the bytes before it).</summary>
    public static uint Compute(ReadOnlySpan<byte> data, uint crc = 0)
    {
        foreach (var b in data)
        {
            crc = (crc << 8) ^ Table[(crc >> 24) ^ b];
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (var i = 0u; i < 256; i++)
        {
            var r = i << 24;
            for (var bit = 0; bit < 8; bit++)
            {
                r = (r & 0x8000_0000u) != 0 ? (r << 1) ^ 0x04C1_1DB7u : r << 1;
            }

            table[i] = r;
        }

        return table;
    }
}
