using System.Security.Cryptography;
using Offline.Protocol.Handshake;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Ratchet;

public sealed partial class RatchetSession
{
    /// <summary>
    /// Decrypts a ratchet message, or a prekey message of this session's own handshake.
    /// All work happens on copies; the session changes only when authentication succeeds.
    /// <paramref name="random"/> supplies the next ratchet key when the sender's key is new.
    /// </summary>
    public ProtocolError TryDecrypt(ReadOnlySpan<byte> message, IRandomSource random, out byte[]? plaintext)
    {
        plaintext = null;
        var reader = new ByteReader(message);
        var prekeyLength = 0;
        if (PrekeyHeader.IsPrekeyMessage(message))
        {
            var prekeyError = CheckOwnHandshake(ref reader);
            if (prekeyError != ProtocolError.None)
            {
                return prekeyError;
            }

            prekeyLength = PrekeyHeader.Size;
        }

        var error = RatchetHeader.TryRead(ref reader, out var header);
        if (error != ProtocolError.None)
        {
            return error;
        }

        var box = reader.TakeRest();
        if (box.Length < Aes256Gcm.TagSize)
        {
            return ProtocolError.Malformed;
        }

        var ad = AssociatedData(message[..prekeyLength], message.Slice(prekeyLength, RatchetHeader.Size));
        error = TryDecryptWithSkipped(header!, box, ad, out plaintext);
        if (error == ProtocolError.NewSession)
        {
            error = TryDecryptInChain(header!, box, ad, random, out plaintext);
        }

        if (error == ProtocolError.None && IsInitiator)
        {
            // The responder has our handshake: stop sending it.
            pendingPrekeyHeader = null;
        }

        return error;
    }

    private ProtocolError CheckOwnHandshake(ref ByteReader reader)
    {
        var error = PrekeyHeader.TryRead(ref reader, out var prekeyHeader);
        if (error != ProtocolError.None)
        {
            return error;
        }

        if (IsInitiator || !prekeyHeader!.BaseKey.Equals(BaseKey) || !prekeyHeader.Initiator.Equals(RemoteIdentity))
        {
            return ProtocolError.NewSession;
        }

        return ProtocolError.None;
    }

    /// <summary>Returns <see cref="ProtocolError.NewSession"/> when no skipped key matches (continue in the chain).</summary>
    private ProtocolError TryDecryptWithSkipped(RatchetHeader header, ReadOnlySpan<byte> box, byte[] ad, out byte[]? plaintext)
    {
        plaintext = null;
        var index = skipped.FindIndex(s => s.Index == header.Index && s.RatchetKey.Equals(header.RatchetKey));
        if (index < 0)
        {
            return ProtocolError.NewSession;
        }

        var entry = skipped[index];
        if (!TryOpen(entry.MessageKey, box, ad, out plaintext))
        {
            return ProtocolError.AuthenticationFailed;
        }

        CryptographicOperations.ZeroMemory(entry.MessageKey);
        skipped.RemoveAt(index);
        return ProtocolError.None;
    }

    private ProtocolError TryDecryptInChain(RatchetHeader header, ReadOnlySpan<byte> box, byte[] ad, IRandomSource random, out byte[]? plaintext)
    {
        plaintext = null;
        var newSkipped = new List<SkippedKey>();
        var root = rootKey;
        var chain = receivingChain;
        var index = receiveIndex;
        P256KeyPair? nextSendingKey = null;
        byte[]? nextSendingChain = null;
        var committed = false;
        try
        {
            if (receivingKey is null || !header.RatchetKey.Equals(receivingKey))
            {
                // Step 1: keep keys for what is still missing from the current receiving chain.
                if (chain is not null && !Skip(ref chain, ref index, header.PreviousChainLength, receivingKey!, newSkipped))
                {
                    return ProtocolError.TooManySkippedMessages;
                }

                // Step 2: the DH ratchet: a receiving chain from DH(our key, theirs), then a fresh key of ours.
                Forget(chain);
                (var midRoot, chain) = RatchetKdf.Root(root, sendingKey, header.RatchetKey);
                index = 0;
                nextSendingKey = P256KeyPair.Generate(random);
                (root, nextSendingChain) = RatchetKdf.Root(midRoot, nextSendingKey, header.RatchetKey);
                Wipe(midRoot);
            }

            if (header.Index < index)
            {
                return ProtocolError.DuplicateMessage;
            }

            // Step 3: skip ahead within the chain, then take this message's key.
            if (!Skip(ref chain!, ref index, header.Index, header.RatchetKey, newSkipped))
            {
                return ProtocolError.TooManySkippedMessages;
            }

            var (nextChain, messageKey) = RatchetKdf.Chain(chain);
            Forget(chain);
            var opened = TryOpen(messageKey, box, ad, out plaintext);
            CryptographicOperations.ZeroMemory(messageKey);
            if (!opened)
            {
                Wipe(nextChain);
                return ProtocolError.AuthenticationFailed;
            }

            // Step 4: commit.
            Commit(header.RatchetKey, root, nextChain, index + 1, nextSendingKey, nextSendingChain, newSkipped);
            committed = true;
            return ProtocolError.None;
        }
        finally
        {
            if (!committed)
            {
                nextSendingKey?.Dispose();
                Wipe(nextSendingChain);
                Forget(chain);
                if (!ReferenceEquals(root, rootKey))
                {
                    Wipe(root);
                }

                newSkipped.ForEach(s => Wipe(s.MessageKey));
            }
        }
    }

    private void Commit(P256PublicKey ratchetKey, byte[] root, byte[] chain, uint index, P256KeyPair? nextSendingKey, byte[]? nextSendingChain, List<SkippedKey> newSkipped)
    {
        if (!ReferenceEquals(root, rootKey))
        {
            Wipe(rootKey);
        }

        Wipe(receivingChain);
        rootKey = root;
        receivingKey = ratchetKey;
        receivingChain = chain;
        receiveIndex = index;
        if (nextSendingKey is not null)
        {
            sendingKey.Dispose();
            sendingKey = nextSendingKey;
            Wipe(sendingChain);
            sendingChain = nextSendingChain;
            previousSendCount = sendIndex;
            sendIndex = 0;
        }

        skipped.AddRange(newSkipped);
        while (skipped.Count > Limits.MaxSkippedTotal)
        {
            Wipe(skipped[0].MessageKey);
            skipped.RemoveAt(0);
        }
    }

    /// <summary>Derives and keeps the keys of messages <paramref name="index"/>..<paramref name="until"/>−1.</summary>
    private bool Skip(ref byte[] chain, ref uint index, uint until, P256PublicKey ratchetKey, List<SkippedKey> into)
    {
        if (until <= index)
        {
            return true;
        }

        if (until - index > Limits.MaxSkippedPerChain)
        {
            return false;
        }

        while (index < until)
        {
            var (next, messageKey) = RatchetKdf.Chain(chain);
            into.Add(new SkippedKey(ratchetKey, index, messageKey));
            Forget(chain);
            chain = next;
            index++;
        }

        return true;
    }

    /// <summary>Wipes a chain key derived during this decrypt; the session's own stays until commit.</summary>
    private void Forget(byte[]? chain)
    {
        if (!ReferenceEquals(chain, receivingChain))
        {
            Wipe(chain);
        }
    }

    private static bool TryOpen(ReadOnlySpan<byte> messageKey, ReadOnlySpan<byte> box, ReadOnlySpan<byte> ad, out byte[]? plaintext)
    {
        Span<byte> keyAndNonce = stackalloc byte[Aes256Gcm.KeySize + Aes256Gcm.NonceSize];
        try
        {
            RatchetKdf.MessageKeys(messageKey, keyAndNonce);
            var output = new byte[box.Length - Aes256Gcm.TagSize];
            plaintext = Aes256Gcm.TryOpen(keyAndNonce[..Aes256Gcm.KeySize], keyAndNonce[Aes256Gcm.KeySize..], box, ad, output) ? output : null;
            return plaintext is not null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyAndNonce);
        }
    }
}
