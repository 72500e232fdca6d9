using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Handshake;

/// <summary>
/// What the initiator puts in front of every message it sends until the first reply arrives
/// (1,299 bytes): version 0x01 || type 0x01 || initiator identity (131) || base key (65)
/// || signed prekey id (uint32) || has one-time prekey (0|1) || one-time prekey id (uint32)
/// || ML-KEM prekey id (uint32) || ML-KEM ciphertext (1088). A ratchet message follows it.
/// </summary>
public sealed class PrekeyHeader
{
    public const byte Version = 1;
    public const byte MessageType = 1;
    public const int Size = 2 + IdentityPublicKeys.EncodedSize + P256PublicKey.EncodedSize + 4 + 1 + 4 + 4 + MlKem768.CiphertextSize;

    private readonly byte[] encoded;
    private readonly byte[] kemCiphertext;

    internal PrekeyHeader(IdentityPublicKeys initiator, P256PublicKey baseKey, uint signedPrekeyId, uint? oneTimePrekeyId, uint kemPrekeyId, ReadOnlySpan<byte> kemCiphertext)
    {
        Initiator = initiator;
        BaseKey = baseKey;
        SignedPrekeyId = signedPrekeyId;
        OneTimePrekeyId = oneTimePrekeyId;
        KemPrekeyId = kemPrekeyId;
        this.kemCiphertext = kemCiphertext.ToArray();
        encoded = new ByteWriter(Size)
            .U8(Version).U8(MessageType)
            .Bytes(initiator.Encoded).Bytes(baseKey.Encoded)
            .U32(signedPrekeyId)
            .U8(oneTimePrekeyId.HasValue ? (byte)1 : (byte)0).U32(oneTimePrekeyId ?? 0)
            .U32(kemPrekeyId).Bytes(kemCiphertext)
            .ToArray();
    }

    public IdentityPublicKeys Initiator { get; }

    public P256PublicKey BaseKey { get; }

    public uint SignedPrekeyId { get; }

    public uint? OneTimePrekeyId { get; }

    public uint KemPrekeyId { get; }

    public ReadOnlySpan<byte> KemCiphertext => kemCiphertext;

    public ReadOnlySpan<byte> Encoded => encoded;

    /// <summary>True if <paramref name="message"/> starts like a prekey message (version and type bytes).</summary>
    public static bool IsPrekeyMessage(ReadOnlySpan<byte> message) =>
        message.Length >= 2 && message[0] == Version && message[1] == MessageType;

    internal static ProtocolError TryRead(ref ByteReader reader, out PrekeyHeader? header)
    {
        header = null;
        var version = reader.U8();
        var type = reader.U8();
        var identityBytes = reader.Take(IdentityPublicKeys.EncodedSize);
        var baseKeyBytes = reader.Take(P256PublicKey.EncodedSize);
        var signedId = reader.U32();
        var hasOneTime = reader.U8();
        var oneTimeId = reader.U32();
        var kemId = reader.U32();
        var ciphertext = reader.Take(MlKem768.CiphertextSize);
        if (reader.Failed || hasOneTime > 1)
        {
            return ProtocolError.Malformed;
        }

        if (version != Version)
        {
            return ProtocolError.UnknownVersion;
        }

        if (type != MessageType)
        {
            return ProtocolError.Malformed;
        }

        if (!IdentityPublicKeys.TryParse(identityBytes, out var initiator, out var error))
        {
            return error;
        }

        if (!P256PublicKey.TryParse(baseKeyBytes, out var baseKey))
        {
            return ProtocolError.InvalidPublicKey;
        }

        header = new PrekeyHeader(initiator!, baseKey!, signedId, hasOneTime == 1 ? oneTimeId : null, kemId, ciphertext);
        return ProtocolError.None;
    }
}
