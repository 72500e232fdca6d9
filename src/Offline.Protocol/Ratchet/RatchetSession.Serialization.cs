using System.Security.Cryptography;
using Offline.Protocol.Handshake;
using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Ratchet;

public sealed partial class RatchetSession
{
    public const byte StateVersion = 1;

    [Flags]
    private enum StateFlags : byte
    {
        None = 0,
        Initiator = 1,
        HasReceivingKey = 2,
        HasSendingChain = 4,
        HasReceivingChain = 8,
        HasPendingPrekeyHeader = 16,
    }

    /// <summary>
    /// The whole state, secrets included (layout in docs/PROTOCOL.md §Session state). The caller
    /// encrypts it at rest and zeroes the returned array once stored.
    /// </summary>
    public byte[] Serialize()
    {
        var flags = (IsInitiator ? StateFlags.Initiator : 0)
            | (receivingKey is not null ? StateFlags.HasReceivingKey : 0)
            | (sendingChain is not null ? StateFlags.HasSendingChain : 0)
            | (receivingChain is not null ? StateFlags.HasReceivingChain : 0)
            | (pendingPrekeyHeader is not null ? StateFlags.HasPendingPrekeyHeader : 0);
        var writer = new ByteWriter(1024 + (skipped.Count * (P256PublicKey.EncodedSize + 4 + RatchetKdf.KeySize)));
        writer.U8(StateVersion).U8((byte)flags)
            .Bytes(LocalIdentity.Encoded).Bytes(RemoteIdentity.Encoded).Bytes(BaseKey.Encoded)
            .Bytes(rootKey).Bytes(conversationSecret);
        sendingKey.ExportPrivateKey(writer.Reserve(P256KeyPair.PrivateKeySize));
        if (receivingKey is not null)
        {
            writer.Bytes(receivingKey.Encoded);
        }

        if (sendingChain is not null)
        {
            writer.Bytes(sendingChain);
        }

        writer.U32(sendIndex);
        if (receivingChain is not null)
        {
            writer.Bytes(receivingChain);
        }

        writer.U32(receiveIndex).U32(previousSendCount);
        if (pendingPrekeyHeader is not null)
        {
            writer.Bytes(pendingPrekeyHeader);
        }

        writer.U16((ushort)skipped.Count);
        foreach (var entry in skipped)
        {
            writer.Bytes(entry.RatchetKey.Encoded).U32(entry.Index).Bytes(entry.MessageKey);
        }

        var state = writer.ToArray();
        writer.Clear();
        return state;
    }

    public static ProtocolError TryDeserialize(ReadOnlySpan<byte> state, out RatchetSession? session)
    {
        session = null;
        var reader = new ByteReader(state);
        var version = reader.U8();
        if (reader.Failed)
        {
            return ProtocolError.Malformed;
        }

        if (version != StateVersion)
        {
            return ProtocolError.UnknownVersion;
        }

        var flags = (StateFlags)reader.U8();
        if (!IdentityPublicKeys.TryParse(reader.Take(IdentityPublicKeys.EncodedSize), out var local, out _)
            || !IdentityPublicKeys.TryParse(reader.Take(IdentityPublicKeys.EncodedSize), out var remote, out _)
            || !P256PublicKey.TryParse(reader.Take(P256PublicKey.EncodedSize), out var baseKey))
        {
            return ProtocolError.Malformed;
        }

        var root = reader.Take(RatchetKdf.KeySize).ToArray();
        var secret = reader.Take(RatchetKdf.KeySize).ToArray();
        var scalar = reader.Take(P256KeyPair.PrivateKeySize);
        P256PublicKey? receiving = null;
        if (flags.HasFlag(StateFlags.HasReceivingKey) && !P256PublicKey.TryParse(reader.Take(P256PublicKey.EncodedSize), out receiving))
        {
            return ProtocolError.Malformed;
        }

        var sendChain = flags.HasFlag(StateFlags.HasSendingChain) ? reader.Take(RatchetKdf.KeySize).ToArray() : null;
        var sendIdx = reader.U32();
        var receiveChain = flags.HasFlag(StateFlags.HasReceivingChain) ? reader.Take(RatchetKdf.KeySize).ToArray() : null;
        var receiveIdx = reader.U32();
        var previous = reader.U32();
        var pending = flags.HasFlag(StateFlags.HasPendingPrekeyHeader) ? reader.Take(PrekeyHeader.Size).ToArray() : null;
        var skippedCount = reader.U16();
        if (reader.Failed || skippedCount > Limits.MaxSkippedTotal || scalar.Length != P256KeyPair.PrivateKeySize)
        {
            return ProtocolError.Malformed;
        }

        var entries = new List<SkippedKey>(skippedCount);
        for (var i = 0; i < skippedCount; i++)
        {
            if (!P256PublicKey.TryParse(reader.Take(P256PublicKey.EncodedSize), out var key))
            {
                return ProtocolError.Malformed;
            }

            var index = reader.U32();
            entries.Add(new SkippedKey(key!, index, reader.Take(RatchetKdf.KeySize).ToArray()));
        }

        if (reader.Failed || !reader.AtEnd)
        {
            return ProtocolError.Malformed;
        }

        P256KeyPair sending;
        try
        {
            sending = P256KeyPair.FromPrivateKey(scalar);
        }
        catch (ArgumentException)
        {
            CryptographicOperations.ZeroMemory(root);
            return ProtocolError.Malformed;
        }

        session = new RatchetSession(flags.HasFlag(StateFlags.Initiator), local!, remote!, baseKey!, root, secret, sending)
        {
            receivingKey = receiving,
            sendingChain = sendChain,
            sendIndex = sendIdx,
            receivingChain = receiveChain,
            receiveIndex = receiveIdx,
            previousSendCount = previous,
            pendingPrekeyHeader = pending,
        };
        session.skipped.AddRange(entries);
        return ProtocolError.None;
    }
}
