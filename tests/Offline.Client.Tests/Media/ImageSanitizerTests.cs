using System.Text;
using Offline.Client.Media;
using SkiaSharp;

namespace Offline.Client.Tests.Media;

public sealed class ImageSanitizerTests
{
    private static readonly byte[] PixelSegments = [0xDB, 0xC4, 0xDD, 0xDA, 0xC0, 0xC1, 0xC2];

    [Fact]
    public void TrySanitize_CameraJpegWithGpsXmpIccAndComment_KeepsOnlyPixels()
    {
        using var picture = TestPictures.Quadrants(64, 48);
        var camera = TestPictures.CameraJpeg(picture, orientation: 1);
        using (var codec = SKCodec.Create(new MemoryStream(camera)))
        {
            Assert.NotNull(codec); // the test file is a JPEG Skia reads, metadata and all
        }

        Assert.Equal(ImageError.None, ImageSanitizer.TrySanitize(camera, ImageLimits.Default, out var image));

        var segments = TestPictures.JpegSegmentsBeforeScan(image!.Jpeg);
        Assert.All(segments, s => Assert.Contains(s.Kind, PixelSegments)); // not even the encoder's JFIF APP0
        var text = Encoding.ASCII.GetString(image.Jpeg);
        foreach (var marker in new[] { "Exif", "http://ns.adobe.com", "ICC_PROFILE", TestPictures.GpsMarker, TestPictures.XmpMarker, TestPictures.CommentMarker })
        {
            Assert.DoesNotContain(marker, text, StringComparison.Ordinal);
        }

        Assert.Equal((64, 48), (image.Width, image.Height));
    }

    [Theory]
    [InlineData(1, 64, 48, "top-left")]
    [InlineData(3, 64, 48, "bottom-right")]
    [InlineData(6, 48, 64, "top-right")]
    [InlineData(8, 48, 64, "bottom-left")]
    [InlineData(2, 64, 48, "top-right")]
    public void TrySanitize_ExifOrientation_IsAppliedToThePixels(ushort orientation, int width, int height, string redCorner)
    {
        using var picture = TestPictures.Quadrants(64, 48);
        Assert.Equal(ImageError.None, ImageSanitizer.TrySanitize(TestPictures.CameraJpeg(picture, orientation), ImageLimits.Default, out var image));

        using var decoded = SKBitmap.Decode(image!.Jpeg);
        Assert.Equal((width, height), (decoded.Width, decoded.Height));
        Assert.Equal((width, height), (image.Width, image.Height));
        var corners = new Dictionary<string, SKColor>
        {
            ["top-left"] = decoded.GetPixel(4, 4),
            ["top-right"] = decoded.GetPixel(width - 5, 4),
            ["bottom-left"] = decoded.GetPixel(4, height - 5),
            ["bottom-right"] = decoded.GetPixel(width - 5, height - 5),
        };
        foreach (var (corner, colour) in corners)
        {
            Assert.True(corner == redCorner ? IsRed(colour) : IsBlue(colour), $"{corner} is {colour} (red expected only at {redCorner})");
        }
    }

    [Fact]
    public void TrySanitize_PngWithTextAndTransparency_BecomesAJpegOnWhiteWithoutTheText()
    {
        using var picture = new SKBitmap(new SKImageInfo(40, 30, SKColorType.Rgba8888, SKAlphaType.Premul));
        picture.Erase(SKColors.Transparent);
        var png = TestPictures.PngWithText(picture);
        Assert.Contains(TestPictures.PngTextMarker, Encoding.ASCII.GetString(png), StringComparison.Ordinal);

        Assert.Equal(ImageError.None, ImageSanitizer.TrySanitize(png, ImageLimits.Default, out var image));

        Assert.DoesNotContain(TestPictures.PngTextMarker, Encoding.ASCII.GetString(image!.Jpeg), StringComparison.Ordinal);
        using var decoded = SKBitmap.Decode(image.Jpeg);
        var pixel = decoded.GetPixel(20, 15);
        Assert.True(pixel.Red > 245 && pixel.Green > 245 && pixel.Blue > 245, $"transparent became {pixel}, not white");
    }

    [Fact]
    public void TrySanitize_LargeNoisyPhoto_FitsTheSideAndByteLimits()
    {
        using var picture = new SKBitmap(new SKImageInfo(4000, 3000, SKColorType.Rgba8888, SKAlphaType.Premul));
        var noise = new byte[picture.ByteCount];
        new Random(7).NextBytes(noise); // incompressible: forces the quality and size steps
        System.Runtime.InteropServices.Marshal.Copy(noise, 0, picture.GetPixels(), noise.Length);
        var photo = TestPictures.Encode(picture, SKEncodedImageFormat.Jpeg, 95);

        Assert.Equal(ImageError.None, ImageSanitizer.TrySanitize(photo, ImageLimits.Default, out var image));

        Assert.True(image!.Jpeg.Length <= ImageLimits.Default.MaxOutputBytes, $"{image.Jpeg.Length} bytes");
        Assert.True(Math.Max(image.Width, image.Height) <= ImageLimits.Default.MaxLongSide);
        Assert.Equal(4.0 / 3.0, (double)image.Width / image.Height, 2);
    }

    [Fact]
    public void TrySanitize_HeaderClaimingAGigapixel_IsRefusedBeforeDecoding()
    {
        var bomb = TestPictures.PngHeaderOnly(40_000, 40_000);
        Assert.Equal(ImageError.TooManyPixels, ImageSanitizer.TrySanitize(bomb, ImageLimits.Default, out var image));
        Assert.Null(image);
    }

    [Fact]
    public void TrySanitize_NotAPictureOrCutShort_IsNotAnImage()
    {
        using var picture = TestPictures.Quadrants(64, 48);
        var jpeg = TestPictures.Encode(picture, SKEncodedImageFormat.Jpeg);

        Assert.Equal(ImageError.NotAnImage, ImageSanitizer.TrySanitize("hello, not a picture"u8, ImageLimits.Default, out _));
        Assert.Equal(ImageError.NotAnImage, ImageSanitizer.TrySanitize([], ImageLimits.Default, out _));
        Assert.Equal(ImageError.NotAnImage, ImageSanitizer.TrySanitize(jpeg.AsSpan(0, jpeg.Length / 2), ImageLimits.Default, out var image));
        Assert.Null(image);
    }

    [Fact]
    public void TrySanitize_FileOverTheInputLimit_IsFileTooLarge()
    {
        var limits = ImageLimits.Default with { MaxInputBytes = 1000 };
        Assert.Equal(ImageError.FileTooLarge, ImageSanitizer.TrySanitize(new byte[1001], limits, out _));
    }

    [Fact]
    public void TrySanitize_ByteLimitNoPictureCanMeet_IsCannotCompress()
    {
        using var picture = TestPictures.Quadrants(640, 480);
        var limits = ImageLimits.Default with { MaxOutputBytes = 200 };
        Assert.Equal(ImageError.CannotCompress, ImageSanitizer.TrySanitize(TestPictures.Encode(picture, SKEncodedImageFormat.Png), limits, out var image));
        Assert.Null(image);
    }

    private static bool IsRed(SKColor c) => c.Red > 200 && c.Green < 60 && c.Blue < 60;

    private static bool IsBlue(SKColor c) => c.Blue > 200 && c.Red < 60 && c.Green < 60;
}
