using Offline.Client.Messaging;
using Offline.Protocol;
using Offline.Protocol.Wire;

namespace Offline.Client.Sync;

public sealed partial class RelaySession
{
    /// <summary>
    /// (1) decrypt and store (the messenger saves before it returns); (2) for a new contact, create and
    /// subscribe their conversation queue; (3) only then acknowledge (queued, its answer not awaited), so a crash before the ack means a
    /// redelivery (shown once), never a loss. An envelope that cannot be opened is acknowledged too: it
    /// never will open (a redelivery of one already applied, or garbage), and it would come back forever.
    /// </summary>
    public async Task<InboundResult> ProcessAsync(DeliveryBody delivery, CancellationToken cancellationToken)
    {
        var result = home.Messenger.Receive(delivery.Address, delivery.Ciphertext);
        if (result.NewQueue is { } queue)
        {
            await SubscribeAsync(queue, isIntroduction: false, cancellationToken);
        }

        var owner = home.Messenger.InboundQueues().FirstOrDefault(q => q.Address.AsSpan().SequenceEqual(delivery.Address));
        if (owner is not null)
        {
            // Queued, not awaited (docs/TRAFFIC.md, rule 6): the message is stored; a lost ack only means a redelivery.
            Forget(Relay.AckAsync(delivery.Address, owner.OwnerSecret, delivery.MessageId, cancellationToken));
        }

        return result;
    }

    /// <summary>
    /// Takes in everything the relay holds for us now: a Ping's Pong comes after every delivery sent
    /// before it, so when a round of Ping finds nothing new, nothing is pending. Bounded by the relay's
    /// per-queue limits; no timing is assumed.
    /// </summary>
    public async Task<IReadOnlyList<InboundResult>> DrainAsync(Func<InboundResult, Task>? onEach, CancellationToken cancellationToken)
    {
        var results = new List<InboundResult>();
        while (true)
        {
            await Relay.PingAsync(cancellationToken);
            var any = false;
            while (Relay.Deliveries.TryRead(out var delivery))
            {
                any = true;
                var result = await ProcessAsync(delivery, cancellationToken);
                results.Add(result);
                if (onEach is not null)
                {
                    await onEach(result);
                }
            }

            if (!any)
            {
                return results;
            }
        }
    }

    /// <summary>True for failures that mean "already applied" rather than a problem worth telling.</summary>
    public static bool IsRedelivery(InboundResult result) =>
        result.IsDuplicate || result.Error is ProtocolError.DuplicateMessage or ProtocolError.ReplayedHandshake;
}
