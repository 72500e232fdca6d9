namespace Offline.Client.Media;

/// <summary>
/// Bounds on what a photo becomes before it is sent (docs/ARCHITECTURE.md, "Attachments"). Each value
/// says why; <see cref="ImageSanitizer"/> applies them.
/// </summary>
public sealed record ImageLimits
{
    /// <summary>The defaults: a phone photo arrives as a sharp 1600-pixel JPEG of at most 300 KB (19 chunks).</summary>
    public static ImageLimits Default { get; } = new();

    /// <summary>Largest file read at all: more than any camera writes, small enough to hold in memory.</summary>
    public int MaxInputBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Largest picture decoded (width × height, checked from the header before decoding): 100 MP, so a 50-byte "decompression bomb" cannot ask for gigabytes.</summary>
    public long MaxSourcePixels { get; init; } = 100_000_000;

    /// <summary>Longest side of the sent picture: sharp on any phone or laptop screen, a fraction of a camera's bytes.</summary>
    public int MaxLongSide { get; init; } = 1600;

    /// <summary>Largest sent file: quality, then size, step down until the JPEG fits.</summary>
    public int MaxOutputBytes { get; init; } = 300_000;

    /// <summary>Smallest longest side the size steps may reach before giving up (a picture that cannot fit is refused, not sent as a smudge).</summary>
    public int MinLongSide { get; init; } = 200;
}
