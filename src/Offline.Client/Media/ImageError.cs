namespace Offline.Client.Media;

/// <summary>Why a picture was not made ready to send. Each value reads as the message a user sees.</summary>
public enum ImageError
{
    /// <summary>The picture is ready.</summary>
    None,

    /// <summary>The file is not a picture this device can read (JPEG, PNG, WebP, GIF, BMP), or it is damaged or cut short.</summary>
    NotAnImage,

    /// <summary>The file is larger than <see cref="ImageLimits.MaxInputBytes"/>.</summary>
    FileTooLarge,

    /// <summary>The picture has more pixels than <see cref="ImageLimits.MaxSourcePixels"/>.</summary>
    TooManyPixels,

    /// <summary>Even at the smallest size allowed the JPEG stays over <see cref="ImageLimits.MaxOutputBytes"/>.</summary>
    CannotCompress,
}
