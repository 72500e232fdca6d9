using System.Buffers.Binary;

namespace Offline.Client.Tests.Media.Voice;

/// <summary>A test-side view of Ogg pages (RFC 3533 §6), with its own bit-by-bit CRC, to inspect and doctor what the writer produced.</summary>
internal sealed record OggPageView(int Offset, int Size, byte Flags, long Granule, uint Serial, uint Sequence, byte[] Lacing, int BodyOffset)
{
    public static List<OggPageView> Parse(byte[] file)
    {
        var pages = new List<OggPageView>();
        for (var offset = 0; offset < file.Length;)
        {
            Assert.Equal("OggS"u8.ToArray(), file[offset..(offset + 4)]);
            var segments = file[offset + 26];
            var lacing = file[(offset + 27)..(offset + 27 + segments)];
            var size = 27 + segments + lacing.Sum(l => l);
            pages.Add(new OggPageView(
                offset,
                size,
                file[offset + 5],
                BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(offset + 6)),
                BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 14)),
                BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 18)),
                lacing,
                offset + 27 + segments));
            offset += size;
        }

        return pages;
    }

    /// <summary>The page's packets (each page here holds whole packets only, as the writer promises).</summary>
    public List<byte[]> Packets(byte[] file)
    {
        var packets = new List<byte[]>();
        var current = new List<byte>();
        var position = BodyOffset;
        foreach (var lace in Lacing)
        {
            current.AddRange(file.AsSpan(position, lace));
            position += lace;
            if (lace < 255)
            {
                packets.Add([.. current]);
                current.Clear();
            }
        }

        Assert.Empty(current);
        return packets;
    }

    /// <summary>Recomputes and stores the page CRC, so a test can change a page and still get past the checksum.</summary>
    public void Reseal(byte[] file)
    {
        file.AsSpan(Offset + 22, 4).Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(Offset + 22), Crc(file.AsSpan(Offset, Size)));
    }

    /// <summary>CRC-32, polynomial 0x04C11DB7, initial 0, unreflected, no final XOR — one bit at a time.</summary>
    public static uint Crc(ReadOnlySpan<byte> data)
    {
        var crc = 0u;
        foreach (var b in data)
        {
            crc ^= (uint)b << 24;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000_0000u) != 0 ? (crc << 1) ^ 0x04C1_1DB7u : crc << 1;
            }
        }

        return crc;
    }
}
