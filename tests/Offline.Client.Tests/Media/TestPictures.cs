using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace Offline.Client.Tests.Media;

/// <summary>
/// Pictures for the sanitizer tests, written here byte by byte: a camera-like JPEG with EXIF (orientation
/// and GPS), XMP, an ICC profile and a comment; a PNG with a text chunk; and the markers to look for.
/// </summary>
internal static class TestPictures
{
    public const string GpsMarker = "GPS-48.8584N";
    public const string XmpMarker = "xmp-secret-location";
    public const string CommentMarker = "comment-secret";
    public const string PngTextMarker = "png-text-secret";

    /// <summary>A <paramref name="width"/> × <paramref name="height"/> picture, red in its top-left quadrant and blue elsewhere, as stored (before any orientation).</summary>
    public static SKBitmap Quadrants(int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.Blue);
        using var red = new SKPaint { Color = SKColors.Red };
        canvas.DrawRect(0, 0, width / 2f, height / 2f, red);
        return bitmap;
    }

    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality = 90)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }

    /// <summary>A JPEG as a phone writes it: after SOI, APP1 EXIF (orientation, GPS latitude), APP1 XMP, APP2 ICC and a COM segment.</summary>
    public static byte[] CameraJpeg(SKBitmap bitmap, ushort orientation)
    {
        var plain = Encode(bitmap, SKEncodedImageFormat.Jpeg);
        using var file = new MemoryStream();
        file.Write(plain.AsSpan(0, 2)); // SOI
        WriteSegment(file, 0xE1, [.. "Exif\0\0"u8, .. Exif(orientation)]);
        WriteSegment(file, 0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8, .. Encoding.ASCII.GetBytes($"<x:xmpmeta><loc>{XmpMarker}</loc></x:xmpmeta>")]);
        WriteSegment(file, 0xE2, [.. "ICC_PROFILE\0"u8, 1, 1, .. new byte[128]]);
        WriteSegment(file, 0xFE, Encoding.ASCII.GetBytes(CommentMarker));
        file.Write(plain.AsSpan(2));
        return file.ToArray();
    }

    /// <summary>A PNG with a tEXt chunk before its image data.</summary>
    public static byte[] PngWithText(SKBitmap bitmap)
    {
        var plain = Encode(bitmap, SKEncodedImageFormat.Png);
        var ihdrEnd = 8 + 8 + 13 + 4; // signature, IHDR length and type, IHDR data, CRC
        var text = Encoding.ASCII.GetBytes($"Comment\0{PngTextMarker}");
        var chunk = new byte[12 + text.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, text.Length);
        "tEXt"u8.CopyTo(chunk.AsSpan(4));
        text.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + text.Length), Crc32(chunk.AsSpan(4, 4 + text.Length)));
        return [.. plain.AsSpan(0, ihdrEnd), .. chunk, .. plain.AsSpan(ihdrEnd)];
    }

    /// <summary>
    /// A PNG claiming <paramref name="width"/> × <paramref name="height"/> whose compressed data holds one
    /// row: how a decompression bomb looks to a decoder before it allocates the pixels.
    /// </summary>
    public static byte[] PngHeaderOnly(int width, int height)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // RGB
        using var row = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(row, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(new byte[1 + (3 * width)]);
        }

        return [0x89, .. "PNG\r\n\x1a\n"u8, .. PngChunk("IHDR"u8, header), .. PngChunk("IDAT"u8, row.ToArray()), .. PngChunk("IEND"u8, [])];
    }

    private static byte[] PngChunk(ReadOnlySpan<byte> kind, ReadOnlySpan<byte> body)
    {
        var chunk = new byte[12 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, body.Length);
        kind.CopyTo(chunk.AsSpan(4));
        body.CopyTo(chunk.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + body.Length), Crc32(chunk.AsSpan(4, 4 + body.Length)));
        return chunk;
    }

    /// <summary>The JPEG marker segments before the first scan, parsed (kind, body), independently of the code under test.</summary>
    public static List<(byte Kind, byte[] Body)> JpegSegmentsBeforeScan(byte[] jpeg)
    {
        Assert.True(jpeg[0] == 0xFF && jpeg[1] == 0xD8, "not a JPEG: no SOI");
        var segments = new List<(byte, byte[])>();
        var at = 2;
        while (true)
        {
            Assert.Equal(0xFF, jpeg[at]);
            var kind = jpeg[at + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 2));
            segments.Add((kind, jpeg.AsSpan(at + 4, length - 2).ToArray()));
            if (kind == 0xDA)
            {
                return segments;
            }

            at += 2 + length;
        }
    }

    /// <summary>TIFF little-endian: IFD0 with Orientation and a GPS IFD pointer; the GPS IFD with latitude ref "N" and a latitude of 48/1, 51/1, 4584/100, and a processing-method string carrying <see cref="GpsMarker"/>.</summary>
    private static byte[] Exif(ushort orientation)
    {
        var tiff = new byte[128];
        "II"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
        const int gpsIfd = 8 + 2 + (2 * 12) + 4;
        WriteIfd(tiff, 8, [(0x0112, 3, 1, orientation), (0x8825, 4, 1, gpsIfd)]);
        const int rationals = gpsIfd + 2 + (3 * 12) + 4;
        const int method = rationals + 24;
        WriteIfd(tiff, gpsIfd, [(0x0001, 2, 2, 'N'), (0x0002, 5, 3, rationals), (0x001B, 7, (uint)GpsMarker.Length, method)]);
        uint[] latitude = [48, 1, 51, 1, 4584, 100];
        for (var i = 0; i < latitude.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(rationals + (4 * i)), latitude[i]);
        }

        Encoding.ASCII.GetBytes(GpsMarker).CopyTo(tiff, method);
        return tiff;
    }

    private static void WriteIfd(byte[] tiff, int at, (ushort Tag, ushort Type, uint Count, uint Value)[] entries)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), (ushort)entries.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = tiff.AsSpan(at + 2 + (12 * i));
            BinaryPrimitives.WriteUInt16LittleEndian(entry, entries[i].Tag);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], entries[i].Type);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], entries[i].Count);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], entries[i].Value);
        }
    }

    private static void WriteSegment(Stream file, byte kind, byte[] body)
    {
        file.Write([0xFF, kind, (byte)((body.Length + 2) >> 8), (byte)(body.Length + 2)]);
        file.Write(body);
    }

    /// <summary>The CRC-32 PNG chunks carry (ISO 3309, reflected polynomial 0xEDB88320).</summary>
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
