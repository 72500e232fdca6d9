using System.Security.Cryptography;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Ratchet;

public sealed partial class RatchetSession
{
    /// <summary>
    /// Encrypts one message: (1) advance the sending chain, (2) write the header,
    /// (3) AES-256-GCM under the message key with AD = identities || [prekey header] || header,
    /// (4) destroy the message key. Until the first reply the handshake header goes in front.
    /// </summary>
    public byte[] Encrypt(ReadOnlySpan<byte> plaintext)
    {
        if (sendingChain is null)
        {
            throw new InvalidOperationException("The responder cannot send before the initiator's first message has arrived.");
        }

        var (nextChain, messageKey) = RatchetKdf.Chain(sendingChain);
        var header = new RatchetHeader(sendingKey.PublicKey, previousSendCount, sendIndex);
        var prekeyLength = pendingPrekeyHeader?.Length ?? 0;
        var writer = new ByteWriter(prekeyLength + RatchetHeader.Size + plaintext.Length + Aes256Gcm.TagSize);
        if (pendingPrekeyHeader is not null)
        {
            writer.Bytes(pendingPrekeyHeader);
        }

        header.WriteTo(writer);
        var headerBytes = writer.Written[prekeyLength..].ToArray();
        Span<byte> keyAndNonce = stackalloc byte[Aes256Gcm.KeySize + Aes256Gcm.NonceSize];
        try
        {
            RatchetKdf.MessageKeys(messageKey, keyAndNonce);
            var box = writer.Reserve(plaintext.Length + Aes256Gcm.TagSize);
            Aes256Gcm.Seal(keyAndNonce[..Aes256Gcm.KeySize], keyAndNonce[Aes256Gcm.KeySize..], plaintext, AssociatedData(pendingPrekeyHeader, headerBytes), box);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyAndNonce);
            CryptographicOperations.ZeroMemory(messageKey);
        }

        CryptographicOperations.ZeroMemory(sendingChain);
        sendingChain = nextChain;
        sendIndex++;
        return writer.ToArray();
    }
}
