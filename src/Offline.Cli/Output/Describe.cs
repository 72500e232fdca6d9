using System.Globalization;

namespace Offline.Cli.Output;

/// <summary>Small formatting shared by commands: short message ids, times, sizes.</summary>
internal static class Describe
{
    /// <summary>Characters of a message id shown to people; any unique prefix is accepted back.</summary>
    public const int ShortIdLength = 8;

    public static string ShortId(string id) => id.Length <= ShortIdLength ? id : id[..ShortIdLength];

    public static string Time(ulong sentAtMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)sentAtMs).ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string IsoTime(ulong sentAtMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)sentAtMs).ToString("O", CultureInfo.InvariantCulture);

    public static string Bucket(int bytes) => $"{bytes / 1024} KiB";

    /// <summary>The first words of a message, for reply previews.</summary>
    public static string Preview(string text, int length = 40) =>
        text.Length <= length ? text : string.Concat(text.AsSpan(0, length), "…");
}
