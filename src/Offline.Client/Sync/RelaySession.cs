using Offline.Client.Home;
using Offline.Client.Messaging;
using Offline.Client.Outbox;
using Offline.Client.Traffic;
using Offline.Client.Transport;
using Offline.Protocol;
using Offline.Protocol.Identity;
using Offline.Protocol.Wire;

namespace Offline.Client.Sync;

/// <summary>
/// A home's conversation with the relay over one connection: publish our bundle once, keep our queues,
/// flush the outbox, and take deliveries in — each decrypted and stored, THEN acknowledged. On a paced
/// connection it also keeps the connection's loop queue and feeds cover into idle slots (RelaySession.Cover.cs).
/// </summary>
public sealed partial class RelaySession : IAsyncDisposable
{
    private readonly ClientHome home;
    private readonly OutboxSender sender;
    private readonly HashSet<string> subscribed = [];

    private RelaySession(ClientHome home, RelayClient relay, int stampBits)
    {
        this.home = home;
        Relay = relay;
        sender = new OutboxSender(home.Outbox, stampBits, home.Clock);
    }

    public RelayClient Relay { get; }

    /// <summary>Connects (on a paced profile also opening the loop queue) and publishes our bundle if the relay does not have it yet.</summary>
    /// <param name="proxy">Tor's SOCKS proxy for this one connection (its own circuit), or null for a direct connection.</param>
    /// <param name="profile">The traffic profile; null is <see cref="TrafficProfile.Off"/> (classic frames, no cover).</param>
    public static async Task<RelaySession> ConnectAsync(ClientHome home, string relay, int stampBits, CancellationToken cancellationToken, System.Net.IWebProxy? proxy = null, TrafficProfile? profile = null)
    {
        var client = await RelayClient.ConnectAsync(relay, proxy is null ? ClientLimits.RelayTimeout : ClientLimits.TorRelayTimeout, cancellationToken, proxy, profile);
        var session = new RelaySession(home, client, stampBits);
        try
        {
            var publish = home.Published ? Task.CompletedTask : session.PublishAsync(cancellationToken);
            if (client.Profile.Paced)
            {
                await session.OpenLoopQueueAsync(cancellationToken);
            }

            await publish;
            await session.KeepPrekeysStockedAsync(cancellationToken);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Publishes the bundle and (re-)creates the introduction mailbox. The first publish carries the first
    /// one-time prekeys, and is noted as sent before it goes out; any later one (the relay lost the entry,
    /// or never answered the first) carries none, because some of ours may have been handed out already,
    /// and the stock check right after tops up with new ones (docs/PROTOCOL.md §3).
    /// </summary>
    public async Task PublishAsync(CancellationToken cancellationToken)
    {
        var republish = home.FirstPublishSent || home.Published;
        var bundle = republish ? home.Account.Bundle.WithOneTimePrekeys([]) : home.Account.FirstPublishBundle();
        home.FirstPublishSent = true;
        await Relay.PublishBundleAsync(home.Account.Identity, bundle.Encode(), home.Messenger.IntroductionSecret(), ClientLimits.InactivityDays, cancellationToken);
        home.Published = true;
        if (republish)
        {
            await KeepPrekeysStockedAsync(cancellationToken, force: true);
        }
    }

    /// <summary>
    /// When due (daily, or after a handshake used a prekey), asks the relay which one-time prekeys it still
    /// holds and tops it up when it runs low. A relay that refuses, or answers with something else, leaves
    /// everything as it was: the check is due again on the next connection, and a handshake without a
    /// one-time prekey still works.
    /// </summary>
    public async Task KeepPrekeysStockedAsync(CancellationToken cancellationToken, bool force = false)
    {
        var account = home.Account;
        var today = (uint)(home.Clock.GetUtcNow().ToUnixTimeSeconds() / 86_400);
        if (!force && !account.OneTimePrekeysDue(today))
        {
            return;
        }

        try
        {
            var holds = await Relay.TopUpPrekeysAsync(account.Identity, [], cancellationToken);
            var fresh = account.ReconcileOneTimePrekeys(holds, today);
            if (fresh.Count > 0)
            {
                account.ReconcileOneTimePrekeys(await Relay.TopUpPrekeysAsync(account.Identity, fresh, cancellationToken), today);
            }
        }
        catch (RelayException e) when (e.Code is not null || e.Failure == RelayFailure.ProtocolViolation)
        {
            // Refused (NotFound, QuotaExceeded…) or not understood (a relay without the op): nothing was
            // added, and housekeeping never fails the user's command; the next connection asks again.
        }
    }

    /// <summary>The bundle of <paramref name="id"/>, checked to hash to it (else <see cref="ProtocolException"/> IdentityMismatch).</summary>
    public async Task<PrekeyBundle> FetchBundleAsync(OfflineId id, CancellationToken cancellationToken)
    {
        var bytes = await Relay.FetchBundleAsync(id, cancellationToken);
        if (!PrekeyBundle.TryParse(bytes, out var bundle, out var error))
        {
            throw new ProtocolException(error);
        }

        return bundle!.Id.Equals(id) ? bundle : throw new ProtocolException(ProtocolError.IdentityMismatch);
    }

    public Task CreateQueueAsync(QueueRegistration queue, CancellationToken cancellationToken) =>
        Relay.CreateQueueAsync(queue.Address, queue.OwnerSecret, ClientLimits.InactivityDays, cancellationToken);

    /// <summary>Sends what waits in the outbox; <paramref name="heldGate"/>: the live client's gate, held by the caller (released while a paced connection's answers come back).</summary>
    /// <remarks>Staged images and voice notes go first (<see cref="UploadStagedAsync"/>): a finished upload's content message joins the outbox and leaves in the same flush.</remarks>
    public async Task<IReadOnlyList<SendOutcome>> FlushAsync(CancellationToken cancellationToken, SemaphoreSlim? heldGate = null)
    {
        if (home.Messenger.Uploads.Count > 0)
        {
            await UploadStagedAsync(cancellationToken, heldGate);
        }

        return await sender.FlushAsync(Relay, cancellationToken, heldGate);
    }

    /// <summary>
    /// Subscribes to the introduction mailbox and every conversation queue. A queue the relay does not
    /// know (created while it was unreachable, or expired) is created first; a missing introduction
    /// mailbox is restored by publishing again.
    /// </summary>
    /// <remarks>The subscribes are pipelined (all sent, then all awaited), so on a paced connection they cost a few slots, not one round trip each.</remarks>
    public async Task SubscribeAllAsync(CancellationToken cancellationToken)
    {
        var introduction = IntroductionAddress.For(home.Account.Id.Fingerprint);
        var sent = new List<(QueueRegistration Queue, Task Answer)>();
        foreach (var queue in home.Messenger.InboundQueues())
        {
            if (subscribed.Add(Convert.ToHexStringLower(queue.Address)))
            {
                sent.Add((queue, Relay.SubscribeAsync(queue.Address, queue.OwnerSecret, cancellationToken)));
            }
        }

        foreach (var (queue, answer) in sent)
        {
            try
            {
                await answer;
            }
            catch (RelayException e) when (e.Code == RelayErrorCode.QueueNotFound)
            {
                await RestoreAndSubscribeAsync(queue, queue.Address.AsSpan().SequenceEqual(introduction), cancellationToken);
            }
        }
    }

    /// <summary>Deletes the loop queue (best effort, bounded), then closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await CloseLoopQueueAsync();
        await Relay.DisposeAsync();
    }

    private async Task SubscribeAsync(QueueRegistration queue, bool isIntroduction, CancellationToken cancellationToken)
    {
        if (!subscribed.Add(Convert.ToHexStringLower(queue.Address)))
        {
            return;
        }

        try
        {
            await Relay.SubscribeAsync(queue.Address, queue.OwnerSecret, cancellationToken);
        }
        catch (RelayException e) when (e.Code == RelayErrorCode.QueueNotFound)
        {
            await RestoreAndSubscribeAsync(queue, isIntroduction, cancellationToken);
        }
    }

    private async Task RestoreAndSubscribeAsync(QueueRegistration queue, bool isIntroduction, CancellationToken cancellationToken)
    {
        if (isIntroduction)
        {
            await PublishAsync(cancellationToken);
        }
        else
        {
            await CreateQueueAsync(queue, cancellationToken);
        }

        await Relay.SubscribeAsync(queue.Address, queue.OwnerSecret, cancellationToken);
    }
}
