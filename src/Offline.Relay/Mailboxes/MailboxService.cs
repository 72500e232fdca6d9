using System.Buffers.Binary;
using System.Security.Cryptography;
using Offline.Protocol.Wire;
using Offline.Relay.Limits;
using Offline.Relay.Sockets;
using Offline.Relay.Store;

namespace Offline.Relay.Mailboxes;

/// <summary>
/// The mailbox operations: create, send, subscribe, acknowledge, delete. Only the holder of a
/// queue's owner secret reads, acknowledges or deletes; a wrong secret and a missing queue get
/// the same answer.
/// </summary>
internal sealed class MailboxService(IRelayStore store, RelayLimits limits, DayClock clock, MailboxHub hub, StampGuard stamps)
{
    private static readonly RelayReply NoQueue = RelayReply.Error(RelayErrorCode.QueueNotFound, "no such queue, or not its owner");

    public async Task<RelayReply> CreateQueueAsync(CreateQueueRequest request, CancellationToken cancellationToken)
    {
        if (!RelayWire.IsInactivityPeriod(request.InactivityDays))
        {
            return RelayReply.Error(RelayErrorCode.InvalidInactivityPeriod, "inactivity period must be 7, 14, 30, 90 or 180 days");
        }

        var today = clock.Today;
        var record = new QueueRecord(QueueAddress.From(request.Address), request.OwnerAuthHash, request.InactivityDays, today + request.InactivityDays, false);
        var outcome = await store.CreateQueueAsync(record, cancellationToken);
        return outcome == CreateQueueOutcome.Taken
            ? RelayReply.Error(RelayErrorCode.AddressTaken, "address already taken")
            : RelayReply.Ok;
    }

    public async Task<RelayReply> SendAsync(SendRequest request, CancellationToken cancellationToken)
    {
        var address = QueueAddress.From(request.Address);
        var today = clock.Today;
        var queue = await store.FindQueueAsync(address, today, cancellationToken);
        if (queue is null)
        {
            return RelayReply.Error(RelayErrorCode.QueueNotFound, "no such queue");
        }

        // 1. First contact pays: an introduction mailbox takes only stamped, never-seen sends.
        if (queue.IsIntroduction)
        {
            var stampHash = ProofOfWorkStamp.Hash(request.Address, request.Ciphertext, request.StampNonce);
            if (ProofOfWorkStamp.LeadingZeroBits(stampHash) < limits.StampDifficultyBits)
            {
                return RelayReply.Error(RelayErrorCode.StampInvalid, $"introduction mailbox needs a proof-of-work stamp of {limits.StampDifficultyBits} bits");
            }

            if (!stamps.TryUse(stampHash))
            {
                return RelayReply.Error(RelayErrorCode.StampReused, "stamp already used");
            }
        }

        // 2. Store, within the queue's quota, with a random id and a day-granular expiry.
        var message = new StoredMessage(RandomId(), request.Ciphertext, today + (uint)limits.MessageTtlDays);
        var outcome = await store.EnqueueAsync(address, message, QuotaFor(queue, today), cancellationToken);
        if (outcome != EnqueueOutcome.Enqueued)
        {
            return Refusal(outcome);
        }

        // 3. Push to whoever listens now; otherwise it waits for the owner's next Subscribe.
        hub.Publish(address, message);
        return RelayReply.Ok;
    }

    /// <summary>Registers the subscriber, then returns what is pending (a message arriving in between may come twice; ids dedupe).</summary>
    public async Task<(RelayReply Reply, IReadOnlyList<StoredMessage> Pending)> SubscribeAsync(OwnerRequest request, IMailboxSubscriber subscriber, CancellationToken cancellationToken)
    {
        var queue = await AuthorizeAsync(request.Address, request.OwnerSecret, cancellationToken);
        if (queue is null)
        {
            return (NoQueue, []);
        }

        hub.Add(queue.Address, subscriber);
        var pending = await store.PendingAsync(queue.Address, clock.Today, limits.MaxPendingPerQueue, cancellationToken);
        return (RelayReply.Ok, pending);
    }

    public void Unsubscribe(QueueAddress address, IMailboxSubscriber subscriber) => hub.Remove(address, subscriber);

    public async Task<RelayReply> AckAsync(AckRequest request, CancellationToken cancellationToken)
    {
        var queue = await AuthorizeAsync(request.Address, request.OwnerSecret, cancellationToken);
        if (queue is null)
        {
            return NoQueue;
        }

        // An ack of a message already gone is still Ok: the owner's intent (it is gone) holds.
        await store.AckAsync(queue.Address, request.MessageId, cancellationToken);
        return RelayReply.Ok;
    }

    public async Task<RelayReply> DeleteQueueAsync(OwnerRequest request, CancellationToken cancellationToken)
    {
        var queue = await AuthorizeAsync(request.Address, request.OwnerSecret, cancellationToken);
        if (queue is null)
        {
            return NoQueue;
        }

        await store.DeleteQueueAsync(queue.Address, cancellationToken);
        return RelayReply.Ok;
    }

    /// <summary>The queue when the secret hashes to its owner-auth hash; refreshes its inactivity expiry.</summary>
    private async Task<QueueRecord?> AuthorizeAsync(byte[] addressBytes, byte[] ownerSecret, CancellationToken cancellationToken)
    {
        var today = clock.Today;
        var queue = await store.FindQueueAsync(QueueAddress.From(addressBytes), today, cancellationToken);
        Span<byte> hash = stackalloc byte[RelayWire.HashSize];
        SHA256.HashData(ownerSecret, hash);
        if (queue is null || !CryptographicOperations.FixedTimeEquals(hash, queue.OwnerAuthHash))
        {
            return null;
        }

        var expiry = today + queue.InactivityDays;
        if (expiry > queue.ExpiryDay)
        {
            await store.TouchQueueAsync(queue.Address, expiry, cancellationToken);
        }

        return queue;
    }

    private EnqueueQuota QuotaFor(QueueRecord queue, uint today) => queue.IsIntroduction
        ? new EnqueueQuota(limits.IntroMaxPending, limits.MaxBytesPerQueue, limits.MaxStoreBytes, limits.IntroMaxPerDay, today)
        : new EnqueueQuota(limits.MaxPendingPerQueue, limits.MaxBytesPerQueue, limits.MaxStoreBytes, int.MaxValue, today);

    private static RelayReply Refusal(EnqueueOutcome outcome) => outcome switch
    {
        EnqueueOutcome.NoQueue => RelayReply.Error(RelayErrorCode.QueueNotFound, "no such queue"),
        EnqueueOutcome.QueueFull => RelayReply.Error(RelayErrorCode.QuotaExceeded, "queue is full"),
        EnqueueOutcome.DailyCapReached => RelayReply.Error(RelayErrorCode.QuotaExceeded, "introduction mailbox took its daily quota"),
        _ => RelayReply.Error(RelayErrorCode.StoreFull, "relay store is full"),
    };

    private static ulong RandomId()
    {
        Span<byte> id = stackalloc byte[RelayWire.MessageIdSize];
        RandomNumberGenerator.Fill(id);
        return BinaryPrimitives.ReadUInt64BigEndian(id);
    }
}
