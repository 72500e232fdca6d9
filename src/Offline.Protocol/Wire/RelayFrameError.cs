namespace Offline.Protocol.Wire;

/// <summary>Why bytes are not a valid relay frame. Each one closes the connection that sent it.</summary>
public enum RelayFrameError
{
    None = 0,

    /// <summary>The frame is not exactly 1, 4, 16 or 64 KiB.</summary>
    WrongSize,

    /// <summary>The first byte is not <see cref="RelayWire.Version"/>.</summary>
    UnknownVersion,

    /// <summary>The op byte names no <see cref="RelayOp"/>.</summary>
    UnknownOp,

    /// <summary>The declared body length runs past the end of the frame.</summary>
    BodyTooLong,

    /// <summary>A smaller bucket would have held the body: every frame uses the smallest that fits.</summary>
    NotSmallestBucket,

    /// <summary>The bytes after the body are not all zero.</summary>
    NonZeroFill,
}
