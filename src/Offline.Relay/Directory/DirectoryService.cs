using Offline.Protocol.Wire;
using Offline.Relay.Sockets;
using Offline.Relay.Store;
using ProtocolLimits = Offline.Protocol.Limits;

namespace Offline.Relay.Directory;

/// <summary>
/// Publish, fetch and top up prekey bundles. A publish or top-up is accepted only from the keyholder
/// of the ID (its signature over this connection's challenge); a publish creates the ID's introduction mailbox.
/// </summary>
internal sealed class DirectoryService(IRelayStore store, IBundleVerifier verifier, DayClock clock)
{
    private const string NotPublishedForTopUp = "no bundle published for that ID; publish before topping up";

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

    public async Task<RelayReply> TopUpAsync(TopUpPrekeysRequest request, ReadOnlyMemory<byte> challenge, CancellationToken cancellationToken)
    {
        // 1. A live entry: its identity is the one that must have signed.
        var today = clock.Today;
        var baseBundle = await store.FindBundleAsync(request.Fingerprint, today, cancellationToken);
        if (baseBundle is null)
        {
            return RelayReply.Error(RelayErrorCode.NotFound, NotPublishedForTopUp);
        }

        // 2. The identity key signed this connection's challenge and these prekeys, and signed each prekey itself.
        var signed = TopUpPrekeysRequest.SignedMessage(challenge.Span, request.Fingerprint, request.Prekeys);
        if (!verifier.VerifyIdentitySignature(baseBundle, signed, request.Signature))
        {
            return RelayReply.Error(RelayErrorCode.InvalidBundle, "top-up signature did not verify");
        }

        if (!verifier.TryVerifyPrekeys(baseBundle, request.Prekeys, out var prekeys) || prekeys is null)
        {
            return RelayReply.Error(RelayErrorCode.InvalidBundle, "a one-time prekey's signature did not verify under the published identity");
        }

        // 3. Check and append in one store step. A re-publish in between keeps the fingerprint, hence the identity checked in 2.
        var result = await store.TopUpPrekeysAsync(request.Fingerprint, today, prekeys, ProtocolLimits.MaxOneTimePrekeysPerBundle, cancellationToken);
        return result.Outcome switch
        {
            TopUpOutcome.ToppedUp => new RelayReply(RelayOp.Prekeys, new PrekeyIdsBody(result.HeldIds).Encode()),
            TopUpOutcome.OverLimit => RelayReply.Error(
                RelayErrorCode.QuotaExceeded,
                $"the relay holds at most {ProtocolLimits.MaxOneTimePrekeysPerBundle} one-time prekeys per ID; it holds {result.HeldIds.Count} and this top-up adds {result.Added}"),
            _ => RelayReply.Error(RelayErrorCode.NotFound, NotPublishedForTopUp),
        };
    }
}
