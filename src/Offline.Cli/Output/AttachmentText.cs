using System.Globalization;
using System.Text;
using Offline.Client.Conversations;

namespace Offline.Cli.Output;

/// <summary>How image and voice messages read in a terminal: "[photo 1600×1200, 143 KB] caption", "[voice 0:12] ▁▃▅▇▅▃", with their state.</summary>
internal static class AttachmentText
{
    private const string Levels = "▁▂▃▄▅▆▇█";
    private const int Bars = 16;

    /// <summary>The message's text as a chat line shows it: the attachment's label, then the caption, then its state when not Ready.</summary>
    public static string Body(ChatMessage message)
    {
        if (message.Attachment is not { } attachment)
        {
            return message.Text;
        }

        var label = Label(attachment);
        var caption = message.Text.Length > 0 ? " " + message.Text : string.Empty;
        var state = attachment.State switch
        {
            AttachmentState.Uploading => " (uploading; sent when every part is on the relay)",
            AttachmentState.Downloading => " (downloading)",
            AttachmentState.Unavailable => $" (unavailable: {attachment.Reason ?? "unknown"})",
            _ => string.Empty,
        };
        return label + caption + state;
    }

    /// <summary>A short stand-in for quotes and previews: the caption, else the label.</summary>
    public static string Preview(ChatMessage message) =>
        message.Attachment is { } attachment && message.Text.Length == 0 ? Label(attachment) : message.Text;

    public static string Label(ChatAttachment attachment) => attachment.Kind == AttachmentKind.Image
        ? $"[photo{Dimensions(attachment)}, {Size(attachment.Length)}]"
        : $"[voice {Duration(attachment.DurationMs ?? 0)}]{Waveform(attachment.Waveform)}";

    public static string Size(int bytes) => bytes < 1000
        ? $"{bytes} B"
        : bytes < 1_000_000
            ? string.Create(CultureInfo.InvariantCulture, $"{(bytes + 500) / 1000} KB")
            : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1_000_000.0:0.0} MB");

    public static string Duration(int ms)
    {
        var seconds = (ms + 500) / 1000;
        return string.Create(CultureInfo.InvariantCulture, $"{seconds / 60}:{seconds % 60:00}");
    }

    /// <summary>Up to 16 bars, each the loudest of its share of the levels.</summary>
    public static string Waveform(byte[]? levels)
    {
        if (levels is not { Length: > 0 })
        {
            return string.Empty;
        }

        var bars = Math.Min(Bars, levels.Length);
        var line = new StringBuilder(" ");
        for (var i = 0; i < bars; i++)
        {
            var from = i * levels.Length / bars;
            var to = Math.Max(from + 1, (i + 1) * levels.Length / bars);
            var peak = levels.AsSpan(from, to - from).ToArray().Max();
            line.Append(Levels[peak * (Levels.Length - 1) / 255]);
        }

        return line.ToString();
    }

    private static string Dimensions(ChatAttachment attachment) =>
        attachment is { Width: { } w, Height: { } h } ? $" {w}×{h}" : string.Empty;
}
