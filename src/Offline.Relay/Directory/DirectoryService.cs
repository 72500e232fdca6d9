using Offline.Protocol.Wire;
using Offline.Relay.Sockets;
using Offline.Relay.Store;

namespace Offline.Relay.Directory;

/// <summary>
/// Publish and fetch prekey bundles. A publish is accepted only from the keyholder of the ID (its
/// signature over this connection's challenge) and creates the ID's introduction mailbox.
/// </summary>
internal sealed class DirectoryService(IRelayStore store, IBundleVerifier verifier, DayClock clock)
{
    public async Task<RelayReply> PublishAsync(PublishBundleRequest request, ReadOnlyMemory<byte> challenge, CancellationToken cancellationToken)
    {
        if (!RelayWire.IsInactivityPeriod(request.InactivityDays))
        {
            return RelayReply.Error(RelayErrorCode.InvalidInactivityPeriod, "inactivity period must be 7, 14, 30, 90 or 180 days");
        }

        // 1. The bundle verifies and the identity key signed this connection's challenge, the owner-auth hash and the period.
        var signed = PublishBundleRequest.SignedMessage(challenge.Span, request.OwnerAuthHash, request.InactivityDays, request.Bundle);
        if (!verifier.TryVerify(request.Bundle, signed, request.Signature, out var bundle) || bundle is null)
        {
            return RelayReply.Error(RelayErrorCode.InvalidBundle, "bundle or publish signature did not verify");
        }

        // 2. Replace the entry; the introduction mailbox follows the ID with the owner's new auth hash.
        var today = clock.Today;
        var intro = new QueueRecord(
            QueueAddress.From(IntroductionAddress.For(bundle.Fingerprint)),
            request.OwnerAuthHash,
            request.InactivityDays,
            today + request.InactivityDays,
            IsIntroduction: true);
        await store.PublishAsync(new DirectoryEntry(bundle.Fingerprint, bundle.BaseBundle, bundle.OneTimePrekeys, intro), cancellationToken);
        return RelayReply.Ok;
    }

    public async Task<RelayReply> FetchAsync(FetchBundleRequest request, CancellationToken cancellationToken)
    {
        var fetched = await store.FetchBundleAsync(request.Fingerprint, clock.Today, cancellationToken);
        return fetched is null
            ? RelayReply.Error(RelayErrorCode.NotFound, "no bundle published for that ID")
            : new RelayReply(RelayOp.Bundle, verifier.Assemble(fetched.BaseBundle, fetched.OneTimePrekey));
    }
}
