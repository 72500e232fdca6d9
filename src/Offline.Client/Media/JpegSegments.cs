namespace Offline.Client.Media;

/// <summary>
/// Walks the marker segments of a JPEG up to the image data and says whether every one is needed to
/// draw the picture. The encoder is trusted to write only those; this check keeps a future encoder
/// that adds metadata from sending it anyway.
/// </summary>
internal static class JpegSegments
{
    private const byte Marker = 0xFF;
    private const byte StartOfImage = 0xD8;
    private const byte StartOfScan = 0xDA;
    private const byte App0 = 0xE0;

    /// <summary>
    /// <paramref name="jpeg"/> without the JFIF APP0 segment an encoder writes straight after SOI (version
    /// and pixel density, nothing a decoder needs), so what is sent holds the same segments as the web
    /// app's pictures; any other file is returned as it is.
    /// </summary>
    public static byte[] WithoutJfif(byte[] jpeg)
    {
        if (jpeg.Length < 6 || jpeg[0] != Marker || jpeg[1] != StartOfImage || jpeg[2] != Marker || jpeg[3] != App0)
        {
            return jpeg;
        }

        var end = 4 + ((jpeg[4] << 8) | jpeg[5]);
        return end > jpeg.Length ? jpeg : [.. jpeg.AsSpan(0, 2), .. jpeg.AsSpan(end)];
    }

    /// <summary>True when <paramref name="jpeg"/> starts with SOI and, before its first scan, holds only segments that describe pixels (tables, frame header, restart interval).</summary>
    public static bool HoldOnlyPixels(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != Marker || jpeg[1] != StartOfImage)
        {
            return false;
        }

        var at = 2;
        while (at + 4 <= jpeg.Length)
        {
            if (jpeg[at] != Marker)
            {
                return false;
            }

            var kind = jpeg[at + 1];
            var length = (jpeg[at + 2] << 8) | jpeg[at + 3];
            if (length < 2 || at + 2 + length > jpeg.Length || !DescribesPixels(kind, jpeg.Slice(at + 4, length - 2)))
            {
                return false;
            }

            if (kind == StartOfScan)
            {
                return true;
            }

            at += 2 + length;
        }

        return false;
    }

    private static bool DescribesPixels(byte kind, ReadOnlySpan<byte> body) => kind switch
    {
        0xDB or 0xC4 or 0xDD or StartOfScan => true, // quantisation and Huffman tables, restart interval, scan header
        >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC => true, // frame headers (SOF0–SOF15)
        _ => false, // APP0–APP15 (JFIF, EXIF, XMP, ICC, Photoshop…), COM, and anything unknown
    };
}
