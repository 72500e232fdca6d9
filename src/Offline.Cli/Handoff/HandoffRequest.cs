using System.Text.Json;

namespace Offline.Cli.Handoff;

/// <summary>
/// What a separate `offline send`, `reply`, `react` or `delete` asks the running client to do: the
/// command's own arguments, nothing derived. <see cref="Target"/> is the quoted message of a reply, the
/// reacted-to or the deleted message; <see cref="Emoji"/> is set for a reaction only,
/// <see cref="ForEveryone"/> for a delete only.
/// </summary>
internal sealed record HandoffRequest(string Command, string To, string? Text = null, string? Target = null, string? Emoji = null, bool ForEveryone = false, string? Path = null, string? Effect = null)
{
    public const string Send = "send";
    public const string React = "react";
    public const string Delete = "delete";

    /// <summary>A photo: <see cref="Path"/> (absolute: the running client reads and re-encodes the file itself), <see cref="Text"/> the caption, <see cref="Target"/> a reply.</summary>
    public const string SendImage = "send-image";

    /// <summary>A voice note: <see cref="Path"/> (absolute), <see cref="Effect"/>, <see cref="Target"/> a reply.</summary>
    public const string SendVoice = "send-voice";

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, HandoffWire.Json);

    /// <summary>The request, or null when the bytes are not one (hostile or from another version).</summary>
    public static HandoffRequest? TryParse(byte[] bytes)
    {
        HandoffRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<HandoffRequest>(bytes, HandoffWire.Json);
        }
        catch (JsonException)
        {
            return null;
        }

        return request is { To.Length: > 0 } && request.Command switch
        {
            Send => !string.IsNullOrWhiteSpace(request.Text) && request.Emoji is null && !request.ForEveryone && request.Path is null,
            React => !string.IsNullOrEmpty(request.Target) && !string.IsNullOrEmpty(request.Emoji) && request.Text is null && !request.ForEveryone && request.Path is null,
            Delete => !string.IsNullOrEmpty(request.Target) && request.Text is null && request.Emoji is null && request.Path is null,
            SendImage => IsFullPath(request.Path) && request.Emoji is null && !request.ForEveryone && request.Effect is null,
            SendVoice => IsFullPath(request.Path) && request.Text is null && request.Emoji is null && !request.ForEveryone,
            _ => false,
        }
            ? request
            : null;
    }

    private static bool IsFullPath(string? path) => !string.IsNullOrEmpty(path) && System.IO.Path.IsPathFullyQualified(path);
}
