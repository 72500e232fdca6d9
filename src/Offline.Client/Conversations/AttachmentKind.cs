using System.Text.Json.Serialization;

namespace Offline.Client.Conversations;

/// <summary>What an attachment message carries (content kinds Image 6 and VoiceNote 7).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AttachmentKind>))]
public enum AttachmentKind
{
    Image,
    Voice,
}
