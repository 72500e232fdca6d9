namespace Offline.Client.Media;

/// <summary>
/// A picture as it is sent: a baseline JPEG that holds only the pixels (no EXIF, GPS, XMP, ICC,
/// comments or thumbnails), already turned upright, with its size in pixels.
/// </summary>
public sealed record SanitizedImage(byte[] Jpeg, int Width, int Height);
