using System.Text;
using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Wire;

/// <summary>
/// Where each direction of a conversation is delivered after the handshake:
/// HMAC-SHA256(conversation secret, "Offline/Queue/v1" || recipient's canonical identity).
/// Both sides compute both addresses; the relay sees unrelated random-looking bytes per conversation.
/// </summary>
public static class ConversationAddress
{
    private static readonly byte[] Label = Encoding.ASCII.GetBytes("Offline/Queue/v1");

    public static byte[] For(ReadOnlySpan<byte> conversationSecret, IdentityPublicKeys recipient)
    {
        var address = new byte[RelayWire.AddressSize];
        HmacSha256.Compute(conversationSecret, [.. Label, .. recipient.Encoded], address);
        return address;
    }
}
