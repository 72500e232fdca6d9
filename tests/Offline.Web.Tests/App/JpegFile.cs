using System.Buffers.Binary;
using System.Text;

namespace Offline.Web.Tests.App;

/// <summary>
/// JPEG segments, by hand, for the image tests: a camera-like APP1 Exif block with a GPS IFD and an
/// orientation to put into a test photo, and a segment walk that says which markers a received JPEG holds.
/// </summary>
internal static class JpegFile
{
    public const byte Soi = 0xD8;
    public const byte Eoi = 0xD9;
    public const byte Sos = 0xDA;
    public const byte App1 = 0xE1;
    public const byte Com = 0xFE;

    /// <summary>The markers a metadata-free baseline or progressive JPEG may hold: SOI, DQT, SOFn, DHT, DRI, SOS, RSTn, EOI.</summary>
    public static bool IsPixelMarker(byte marker) =>
        marker is Soi or Eoi or Sos or 0xDB or 0xC4 or 0xDD
        || (marker is >= 0xC0 and <= 0xCF && marker is not (0xC4 or 0xC8 or 0xCC))
        || marker is >= 0xD0 and <= 0xD7;

    /// <summary>
    /// <paramref name="jpeg"/> with its APPn segments replaced by one APP1 Exif segment (orientation
    /// <paramref name="orientation"/>, a GPS IFD at 51.5007 N, 0.1246 W, camera make "TestCam") and a COM.
    /// </summary>
    public static byte[] WithExifGps(byte[] jpeg, ushort orientation)
    {
        var exif = ExifSegment(orientation);
        var comment = Segment(Com, Encoding.ASCII.GetBytes("secret comment: taken at home"));
        var body = new MemoryStream();
        body.Write(jpeg.AsSpan(0, 2));
        body.Write(exif);
        body.Write(comment);
        foreach (var (marker, start, length) in Segments(jpeg))
        {
            if (marker == Soi || marker is >= 0xE0 and <= 0xEF)
            {
                continue;
            }

            body.Write(jpeg.AsSpan(start, marker == Sos ? jpeg.Length - start : length));
            if (marker == Sos)
            {
                break;
            }
        }

        return body.ToArray();
    }

    /// <summary>Every marker in order: the segments before the scan, then the markers inside and after the entropy-coded data.</summary>
    public static List<byte> Markers(byte[] jpeg) => Segments(jpeg).Select(s => s.Marker).ToList();

    /// <summary>(width, height) from the frame header.</summary>
    public static (int Width, int Height) Dimensions(byte[] jpeg)
    {
        var (_, start, _) = Segments(jpeg).First(s => s.Marker is >= 0xC0 and <= 0xCF && s.Marker is not (0xC4 or 0xC8 or 0xCC));
        return (BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(start + 7)), BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(start + 5)));
    }

    /// <summary>
    /// (marker, offset, length) of each segment. Inside entropy-coded data 0xFF 0x00 is a stuffed byte and
    /// RSTn stand alone; a file that does not start with SOI or runs past its end throws.
    /// </summary>
    public static List<(byte Marker, int Start, int Length)> Segments(byte[] jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != Soi)
        {
            throw new InvalidDataException("not a JPEG");
        }

        var segments = new List<(byte, int, int)> { (Soi, 0, 2) };
        var i = 2;
        var inScan = false;
        while (i + 1 < jpeg.Length)
        {
            if (jpeg[i] != 0xFF)
            {
                if (!inScan)
                {
                    throw new InvalidDataException($"no marker at {i}");
                }

                i++;
                continue;
            }

            var marker = jpeg[i + 1];
            if (marker == 0x00 || marker == 0xFF)
            {
                i += marker == 0x00 ? 2 : 1;
                continue;
            }

            if (marker == Eoi || marker is >= 0xD0 and <= 0xD7)
            {
                segments.Add((marker, i, 2));
                i += 2;
                if (marker == Eoi)
                {
                    break;
                }

                continue;
            }

            var length = 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
            if (i + length > jpeg.Length)
            {
                throw new InvalidDataException("segment past the end");
            }

            segments.Add((marker, i, length));
            inScan = marker == Sos;
            i += length;
        }

        return segments;
    }

    private static byte[] Segment(byte marker, byte[] payload)
    {
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(2 + payload.Length));
        payload.CopyTo(segment, 4);
        return segment;
    }

    /// <summary>"Exif\0\0" and a big-endian TIFF: IFD0 (Make, Orientation, GPS pointer) and the GPS IFD (latitude and longitude).</summary>
    private static byte[] ExifSegment(ushort orientation)
    {
        const int ifd0 = 8;
        const int ifd0Size = 2 + (3 * 12) + 4;
        const int gpsIfd = ifd0 + ifd0Size;
        const int gpsSize = 2 + (4 * 12) + 4;
        const int make = gpsIfd + gpsSize;
        const int latitude = make + 8;
        const int longitude = latitude + 24;
        var tiff = new byte[longitude + 24];
        "MM\0*"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(4), ifd0);

        var at = ifd0;
        void Entry(ushort tag, ushort type, uint count, uint value)
        {
            BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(at), tag);
            BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(at + 2), type);
            BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(at + 4), count);
            BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(at + 8), value);
            at += 12;
        }

        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(at), 3);
        at += 2;
        Entry(0x010F, 2, 8, make);                       // Make, ASCII
        Entry(0x0112, 3, 1, (uint)orientation << 16);    // Orientation, SHORT (left-justified)
        Entry(0x8825, 4, 1, gpsIfd);                     // GPS IFD pointer
        at += 4;                                         // no next IFD

        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(at), 4);
        at += 2;
        Entry(0x0001, 2, 2, (uint)'N' << 24);            // GPSLatitudeRef "N"
        Entry(0x0002, 5, 3, latitude);                   // GPSLatitude, 3 RATIONAL
        Entry(0x0003, 2, 2, (uint)'W' << 24);            // GPSLongitudeRef "W"
        Entry(0x0004, 5, 3, longitude);                  // GPSLongitude, 3 RATIONAL

        "TestCam\0"u8.CopyTo(tiff.AsSpan(make));
        uint[] rationals = [51, 1, 30, 1, 2520, 1000, 0, 1, 7, 1, 2856, 1000];
        for (var r = 0; r < rationals.Length; r++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(latitude + (4 * r)), rationals[r]);
        }

        return Segment(App1, [.. "Exif\0\0"u8, .. tiff]);
    }
}
