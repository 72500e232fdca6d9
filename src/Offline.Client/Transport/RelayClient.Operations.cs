using System.Security.Cryptography;
using Offline.Protocol.Identity;
using Offline.Protocol.Wire;

namespace Offline.Client.Transport;

public sealed partial class RelayClient
{
    /// <summary>
    /// Publishes the bundle and creates (or re-keys) the introduction mailbox: the identity key signs
    /// "Offline/Publish/v1" || this connection's challenge || owner-auth hash || days || SHA-256(bundle).
    /// </summary>
    public async Task PublishBundleAsync(IdentityKeyPair identity, byte[] bundle, byte[] introductionSecret, ushort inactivityDays, CancellationToken cancellationToken)
    {
        var authHash = SHA256.HashData(introductionSecret);
        var signature = new byte[PublishBundleRequest.SignatureSize];
        identity.Sign(PublishBundleRequest.SignedMessage(Challenge, authHash, inactivityDays, bundle), signature);
        var request = new PublishBundleRequest(authHash, inactivityDays, signature, bundle);
        await RequestAsync(RelayOp.PublishBundle, request.Encode(), RelayOp.Ok, cancellationToken);
    }

    /// <summary>
    /// Adds one-time prekeys to our directory entry (none: only asks) and returns the ids the relay then
    /// holds, in hand-out order. The identity key signs "Offline/TopUp/v1" || challenge || fingerprint || SHA-256(prekeys).
    /// </summary>
    public async Task<IReadOnlyList<uint>> TopUpPrekeysAsync(IdentityKeyPair identity, IReadOnlyList<OneTimePrekey> prekeys, CancellationToken cancellationToken)
    {
        var fingerprint = identity.Id.Fingerprint.ToArray();
        var signature = new byte[TopUpPrekeysRequest.SignatureSize];
        identity.Sign(TopUpPrekeysRequest.SignedMessage(Challenge, fingerprint, prekeys), signature);
        var answer = await RequestAsync(RelayOp.TopUpPrekeys, new TopUpPrekeysRequest(fingerprint, signature, prekeys).Encode(), RelayOp.Prekeys, cancellationToken);
        return PrekeyIdsBody.TryParse(answer.Span, out var ids)
            ? ids!.Ids
            : throw new RelayException(RelayFailure.ProtocolViolation, "The relay's answer to a prekey top-up did not parse; use a relay of the same version.");
    }

    /// <summary>The bundle the relay holds for the ID, unverified: the caller checks it hashes to the ID.</summary>
    public async Task<byte[]> FetchBundleAsync(OfflineId id, CancellationToken cancellationToken) =>
        (await RequestAsync(RelayOp.FetchBundle, new FetchBundleRequest(id.Fingerprint.ToArray()).Encode(), RelayOp.Bundle, cancellationToken)).ToArray();

    public Task CreateQueueAsync(byte[] address, byte[] ownerSecret, ushort inactivityDays, CancellationToken cancellationToken) =>
        RequestAsync(RelayOp.CreateQueue, new CreateQueueRequest(address, SHA256.HashData(ownerSecret), inactivityDays).Encode(), RelayOp.Ok, cancellationToken);

    /// <summary>Sends one sealed message. <paramref name="stampNonce"/> matters only for introduction mailboxes.</summary>
    public Task SendAsync(byte[] address, byte[] ciphertext, ulong stampNonce, CancellationToken cancellationToken) =>
        RequestAsync(RelayOp.Send, new SendRequest(address, stampNonce, ciphertext).Encode(), RelayOp.Ok, cancellationToken);

    /// <summary>As <see cref="SendAsync"/>; returns the jitter of the cell that carried the Send's last byte (null on a classic connection).</summary>
    public async Task<int?> SendInScheduleAsync(byte[] address, byte[] ciphertext, ulong stampNonce, CancellationToken cancellationToken)
    {
        var (_, streamEnd) = await RequestWithEndAsync(RelayOp.Send, new SendRequest(address, stampNonce, ciphertext).Encode(), RelayOp.Ok, cancellationToken);
        return SlotJitterFor(streamEnd);
    }

    /// <summary>Subscribes; the relay then pushes what is pending (before answering any later request) and what arrives.</summary>
    public Task SubscribeAsync(byte[] address, byte[] ownerSecret, CancellationToken cancellationToken) =>
        RequestAsync(RelayOp.Subscribe, new OwnerRequest(address, ownerSecret).Encode(), RelayOp.Ok, cancellationToken);

    /// <summary>Deletes a delivered message from the relay; call only once it is stored.</summary>
    public Task AckAsync(byte[] address, byte[] ownerSecret, ulong messageId, CancellationToken cancellationToken) =>
        RequestAsync(RelayOp.Ack, new AckRequest(address, ownerSecret, messageId).Encode(), RelayOp.Ok, cancellationToken);

    public Task DeleteQueueAsync(byte[] address, byte[] ownerSecret, CancellationToken cancellationToken) =>
        RequestAsync(RelayOp.DeleteQueue, new OwnerRequest(address, ownerSecret).Encode(), RelayOp.Ok, cancellationToken);

    /// <summary>
    /// The operator's warrant canary as the relay holds it, unverified (the caller parses and checks it
    /// with <c>WarrantCanary.TryParse</c>), or null when the relay publishes none (Error NoCanary).
    /// </summary>
    public async Task<byte[]?> FetchCanaryAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await RequestAsync(RelayOp.FetchCanary, [], RelayOp.Canary, cancellationToken)).ToArray();
        }
        catch (RelayException e) when (e.Code == RelayErrorCode.NoCanary)
        {
            return null;
        }
    }

    /// <summary>Keeps the socket open; when it returns, every delivery the relay sent before the Pong is on <see cref="Deliveries"/>.</summary>
    public Task PingAsync(CancellationToken cancellationToken) =>
        RequestAsync(RelayOp.Ping, [], RelayOp.Pong, cancellationToken);
}
