namespace Offline.Client.Messaging;

/// <summary>
/// A sealed message ready for a Send: destination queue and ciphertext sized so the frame is exactly one
/// bucket. <see cref="NeedsStamp"/> when it goes to an introduction mailbox (first contact).
/// </summary>
public sealed record OutboundEnvelope(byte[] Address, byte[] Ciphertext, bool NeedsStamp);
