using Offline.Protocol.Wire;

namespace Offline.Client.Messaging;

/// <summary>
/// A sealed message ready for a Send: destination queue and ciphertext sized so the frame is exactly one
/// bucket. <see cref="NeedsStamp"/> when it goes to an introduction mailbox (first contact).
/// <see cref="RatchetIndex"/> is the message's position in its sending chain (0: a fresh DH ratchet step);
/// <see cref="ContentId"/> the content message id (hex) inside it.
/// </summary>
public sealed record OutboundEnvelope(byte[] Address, byte[] Ciphertext, bool NeedsStamp, uint RatchetIndex = 0, string ContentId = "")
{
    /// <summary>The relay frame this travels in: one of 1, 4, 16, 64 KiB.</summary>
    public int FrameSize => RelayFrameCodec.FrameSizeFor(SendRequest.Overhead + Ciphertext.Length);
}
