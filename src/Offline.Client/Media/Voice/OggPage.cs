namespace Offline.Client.Media.Voice;

/// <summary>The fixed layout of an Ogg page header (RFC 3533 §6).</summary>
internal static class OggPage
{
    /// <summary>"OggS", version, flags, granule (8), serial (4), sequence (4), CRC (4), segment count.</summary>
    public const int HeaderSize = 27;
    public const int CrcOffset = 22;
    public const int MaxSegments = 255;
    public const int MaxLacingValue = 255;

    /// <summary>The largest page that can exist: header, 255 lacing values, 255 × 255 body bytes.</summary>
    public const int MaxPageSize = HeaderSize + MaxSegments + (MaxSegments * MaxLacingValue);

    public const byte FlagContinued = 0x01;
    public const byte FlagFirst = 0x02;
    public const byte FlagLast = 0x04;

    public static ReadOnlySpan<byte> Capture => "OggS"u8;
}
