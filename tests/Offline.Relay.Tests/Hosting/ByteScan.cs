using System.Buffers.Binary;

namespace Offline.Relay.Tests.Hosting;

/// <summary>Raw-byte searches over files, for proving what a store does not hold.</summary>
internal static class ByteScan
{
    /// <summary>Every regular file under <paramref name="directory"/> with its bytes.</summary>
    public static IEnumerable<(string Path, byte[] Bytes)> Files(string directory) =>
        System.IO.Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Select(p => (p, File.ReadAllBytes(p)));

    public static bool Contains(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    /// <summary>True when any 4-byte (both byte orders) value lies in [from, to].</summary>
    public static bool Has32BitInRange(byte[] bytes, long from, long to)
    {
        for (var i = 0; i + 4 <= bytes.Length; i++)
        {
            var span = bytes.AsSpan(i, 4);
            long big = BinaryPrimitives.ReadUInt32BigEndian(span), little = BinaryPrimitives.ReadUInt32LittleEndian(span);
            if ((big >= from && big <= to) || (little >= from && little <= to))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when any 8-byte (both byte orders) value lies in [from, to].</summary>
    public static bool Has64BitInRange(byte[] bytes, long from, long to)
    {
        for (var i = 0; i + 8 <= bytes.Length; i++)
        {
            var span = bytes.AsSpan(i, 8);
            long big = BinaryPrimitives.ReadInt64BigEndian(span), little = BinaryPrimitives.ReadInt64LittleEndian(span);
            if ((big >= from && big <= to) || (little >= from && little <= to))
            {
                return true;
            }
        }

        return false;
    }
}
