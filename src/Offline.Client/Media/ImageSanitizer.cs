using SkiaSharp;

namespace Offline.Client.Media;

/// <summary>
/// Turns a picture the user picked into what is sent: decoded (bounded before any pixel is
/// allocated), turned upright by its EXIF orientation, scaled to <see cref="ImageLimits.MaxLongSide"/>,
/// flattened onto white, and encoded afresh as a JPEG of at most <see cref="ImageLimits.MaxOutputBytes"/>.
/// Only pixels survive: nothing of the original file (EXIF, GPS, XMP, ICC, comments, thumbnails, trailing
/// bytes) is copied, and the result is checked for that before it is returned.
/// </summary>
public static class ImageSanitizer
{
    private static readonly int[] Qualities = [85, 75, 65, 55];

    /// <summary>Each step down in size when no quality fits: 80 % of the longest side.</summary>
    private const double ShrinkFactor = 0.8;

    public static ImageError TrySanitize(ReadOnlySpan<byte> file, ImageLimits limits, out SanitizedImage? image)
    {
        ArgumentNullException.ThrowIfNull(limits);
        image = null;
        if (file.Length > limits.MaxInputBytes)
        {
            return ImageError.FileTooLarge;
        }

        using var data = SKData.CreateCopy(file);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0)
        {
            return ImageError.NotAnImage;
        }

        if ((long)codec.Info.Width * codec.Info.Height > limits.MaxSourcePixels)
        {
            return ImageError.TooManyPixels;
        }

        using var source = Decode(codec, limits.MaxLongSide);
        if (source is null)
        {
            return ImageError.NotAnImage;
        }

        image = Compress(source, codec.EncodedOrigin, limits);
        return image is null ? ImageError.CannotCompress : ImageError.None;
    }

    /// <summary>
    /// Decodes the whole picture, at a reduced scale where the format allows it (JPEG decodes at 1/2, 1/4
    /// or 1/8 directly, far faster than full size and a resize), never below the size that is sent. An
    /// incomplete or damaged file is refused rather than sent half grey.
    /// </summary>
    private static SKBitmap? Decode(SKCodec codec, int maxLongSide)
    {
        var longSide = Math.Max(codec.Info.Width, codec.Info.Height);
        var size = codec.GetScaledDimensions(Math.Min(1f, (float)maxLongSide / longSide));
        if (Math.Max(size.Width, size.Height) < Math.Min(maxLongSide, longSide))
        {
            size = codec.Info.Size;
        }

        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul, SKColorSpace.CreateSrgb());
        var bitmap = new SKBitmap(info);
        if (codec.GetPixels(info, bitmap.GetPixels()) == SKCodecResult.Success)
        {
            return bitmap;
        }

        bitmap.Dispose();
        return null;
    }

    private static SanitizedImage? Compress(SKBitmap source, SKEncodedOrigin origin, ImageLimits limits)
    {
        var transposed = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (uprightWidth, uprightHeight) = transposed ? (source.Height, source.Width) : (source.Width, source.Height);
        var longSide = Math.Min(limits.MaxLongSide, Math.Max(uprightWidth, uprightHeight));
        while (true)
        {
            var scale = (double)longSide / Math.Max(uprightWidth, uprightHeight);
            var width = Math.Max(1, (int)Math.Round(uprightWidth * scale));
            var height = Math.Max(1, (int)Math.Round(uprightHeight * scale));
            foreach (var quality in Qualities)
            {
                var jpeg = Render(source, origin, width, height, quality);
                if (jpeg.Length <= limits.MaxOutputBytes)
                {
                    return new SanitizedImage(jpeg, width, height);
                }
            }

            if (longSide <= limits.MinLongSide)
            {
                return null;
            }

            longSide = Math.Max(limits.MinLongSide, (int)(longSide * ShrinkFactor));
        }
    }

    /// <summary>Draws the picture upright at <paramref name="width"/> × <paramref name="height"/> on white and encodes it; the surface has no colour space, so no ICC profile is written.</summary>
    private static byte[] Render(SKBitmap source, SKEncodedOrigin origin, int width, int height, int quality)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"cannot allocate a {width}×{height} picture");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.SetMatrix(Upright(origin, width, height));
        var transposed = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var drawn = transposed ? new SKRect(0, 0, height, width) : new SKRect(0, 0, width, height);
        using var picture = SKImage.FromBitmap(source);
        canvas.DrawImage(picture, drawn, new SKSamplingOptions(SKCubicResampler.Mitchell));
        canvas.Flush();
        using var snapshot = surface.Snapshot();
        using var encoded = snapshot.Encode(SKEncodedImageFormat.Jpeg, quality)
            ?? throw new InvalidOperationException("the JPEG encoder produced nothing");
        var jpeg = JpegSegments.WithoutJfif(encoded.ToArray());
        if (!JpegSegments.HoldOnlyPixels(jpeg))
        {
            throw new InvalidOperationException("the JPEG encoder wrote a segment other than pixels; refusing to send it");
        }

        return jpeg;
    }

    /// <summary>
    /// The matrix that maps the stored picture (drawn at the size it is stored in) onto the upright
    /// canvas of <paramref name="width"/> × <paramref name="height"/>, for each EXIF orientation 1–8.
    /// </summary>
    internal static SKMatrix Upright(SKEncodedOrigin origin, float width, float height) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, width, 0, 1, 0, 0, 0, 1),       // 2: mirrored left-right
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, width, 0, -1, height, 0, 0, 1), // 3: upside down
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, height, 0, 0, 1),     // 4: mirrored top-bottom
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),              // 5: transposed
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, width, 1, 0, 0, 0, 0, 1),        // 6: needs a quarter turn clockwise
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, width, -1, 0, height, 0, 0, 1), // 7: transverse
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, height, 0, 0, 1),     // 8: needs a quarter turn counter-clockwise
        _ => SKMatrix.Identity,                                                           // 1: already upright
    };
}
