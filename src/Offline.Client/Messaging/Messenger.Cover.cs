using System.Security.Cryptography;
using Offline.Protocol.Content;
using Offline.Protocol.Sealing;
using Offline.Protocol.Wire;

namespace Offline.Client.Messaging;

public sealed partial class Messenger
{
    /// <summary>
    /// A cover message (docs/TRAFFIC.md, rule 3): a sealed envelope from the user to themself whose content
    /// is kind Cover, padded exactly like a short text and followed by random bytes the size of a ratchet
    /// header and tag, so its ciphertext is the 974-byte bucket of every short message. It goes to the
    /// connection's loop queue and is dropped when it comes back. Touches no stored state, so the
    /// schedule may call it while the home is busy.
    /// </summary>
    public byte[] SealCover()
    {
        var reserve = RelayWire.HeaderSize + SendRequest.Overhead + SealedEnvelope.Overhead + RatchetOverhead;
        var padded = Padding.Pad(ContentMessage.Cover(RandomNumberGenerator.GetBytes(ContentMessage.IdSize)).Encode(), reserve);
        var content = new byte[padded.Length + RatchetOverhead];
        padded.CopyTo(content, 0);
        RandomNumberGenerator.Fill(content.AsSpan(padded.Length));
        return SealedEnvelope.Seal(account.Identity, account.Identity.PublicKeys, content, random);
    }
}
