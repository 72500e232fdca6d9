using System.Security.Cryptography;
using Offline.Protocol.Handshake;
using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Ratchet;

/// <summary>
/// One side of a Double Ratchet conversation (Signal's specification, suite v1 in docs/PROTOCOL.md).
/// Created by <see cref="SessionInitiator"/> or <see cref="SessionResponder"/>; persisted with
/// <see cref="Serialize"/> after every message. A failed decrypt leaves it byte-for-byte unchanged.
/// </summary>
public sealed partial class RatchetSession : IDisposable
{
    private byte[] rootKey;
    private P256KeyPair sendingKey;
    private P256PublicKey? receivingKey;
    private byte[]? sendingChain;
    private uint sendIndex;
    private byte[]? receivingChain;
    private uint receiveIndex;
    private uint previousSendCount;
    private byte[]? pendingPrekeyHeader;
    private readonly byte[] associatedData;
    private readonly byte[] conversationSecret;
    private readonly List<SkippedKey> skipped = [];

    private RatchetSession(
        bool isInitiator,
        IdentityPublicKeys local,
        IdentityPublicKeys remote,
        P256PublicKey baseKey,
        byte[] rootKey,
        byte[] conversationSecret,
        P256KeyPair sendingKey)
    {
        IsInitiator = isInitiator;
        LocalIdentity = local;
        RemoteIdentity = remote;
        BaseKey = baseKey;
        this.rootKey = rootKey;
        this.conversationSecret = conversationSecret;
        this.sendingKey = sendingKey;
        associatedData = isInitiator ? [.. local.Encoded, .. remote.Encoded] : [.. remote.Encoded, .. local.Encoded];
    }

    public bool IsInitiator { get; }

    public IdentityPublicKeys LocalIdentity { get; }

    public IdentityPublicKeys RemoteIdentity { get; }

    /// <summary>The initiator's handshake key: identifies which handshake this session came from.</summary>
    public P256PublicKey BaseKey { get; }

    /// <summary>A secret both sides share from the handshake, for deriving conversation queue addresses.</summary>
    public ReadOnlySpan<byte> ConversationSecret => conversationSecret;

    /// <summary>False only for a responder that has not received anything yet.</summary>
    public bool CanSend => sendingChain is not null;

    /// <summary>True while the initiator still prefixes its messages with the handshake.</summary>
    public bool AwaitingFirstReply => pendingPrekeyHeader is not null;

    internal static RatchetSession CreateInitiator(IdentityPublicKeys local, IdentityPublicKeys remote, P256PublicKey baseKey, byte[] sharedKey, byte[] conversationSecret, P256PublicKey responderRatchetKey, byte[] prekeyHeader, IRandomSource random)
    {
        // Step 1 of the initiator: a fresh ratchet key, and the first sending chain from DH(it, the signed prekey).
        var ratchetKey = P256KeyPair.Generate(random);
        var (root, chain) = RatchetKdf.Root(sharedKey, ratchetKey, responderRatchetKey);
        CryptographicOperations.ZeroMemory(sharedKey);
        return new RatchetSession(true, local, remote, baseKey, root, conversationSecret, ratchetKey)
        {
            receivingKey = responderRatchetKey,
            sendingChain = chain,
            pendingPrekeyHeader = prekeyHeader,
        };
    }

    internal static RatchetSession CreateResponder(IdentityPublicKeys local, IdentityPublicKeys remote, P256PublicKey baseKey, byte[] sharedKey, byte[] conversationSecret, P256KeyPair signedPrekey) =>
        new(false, local, remote, baseKey, sharedKey, conversationSecret, signedPrekey);

    public void Dispose()
    {
        sendingKey.Dispose();
        CryptographicOperations.ZeroMemory(rootKey);
        CryptographicOperations.ZeroMemory(conversationSecret);
        Wipe(sendingChain);
        Wipe(receivingChain);
        foreach (var entry in skipped)
        {
            Wipe(entry.MessageKey);
        }

        skipped.Clear();
    }

    public override string ToString() => $"RatchetSession({RemoteIdentity.Id})";

    private static void Wipe(byte[]? secret)
    {
        if (secret is not null)
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private byte[] AssociatedData(ReadOnlySpan<byte> prekeyHeader, ReadOnlySpan<byte> header) =>
        [.. associatedData, .. prekeyHeader, .. header];

    private sealed record SkippedKey(P256PublicKey RatchetKey, uint Index, byte[] MessageKey);
}
