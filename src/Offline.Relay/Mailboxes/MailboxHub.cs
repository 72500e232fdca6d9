using System.Collections.Concurrent;
using System.Collections.Immutable;
using Offline.Relay.Store;

namespace Offline.Relay.Mailboxes;

/// <summary>
/// Who is listening on which queue, in this process only. A shared store (Redis) will add a
/// channel so a send on one relay process reaches a subscriber on another.
/// </summary>
internal sealed class MailboxHub
{
    private readonly ConcurrentDictionary<QueueAddress, ImmutableArray<IMailboxSubscriber>> listeners = new();

    /// <summary>Subscriptions held (one per queue and connection), for the tests that prove a closed connection leaves none.</summary>
    internal int SubscriptionCount => listeners.Values.Sum(list => list.Length);

    public void Add(QueueAddress address, IMailboxSubscriber subscriber) =>
        listeners.AddOrUpdate(address, [subscriber], (_, list) => list.Contains(subscriber) ? list : list.Add(subscriber));

    public void Remove(QueueAddress address, IMailboxSubscriber subscriber)
    {
        while (listeners.TryGetValue(address, out var list))
        {
            var updated = list.Remove(subscriber);
            var done = updated.IsEmpty
                ? listeners.TryRemove(new KeyValuePair<QueueAddress, ImmutableArray<IMailboxSubscriber>>(address, list))
                : listeners.TryUpdate(address, updated, list);
            if (done)
            {
                return;
            }
        }
    }

    public void Publish(QueueAddress address, StoredMessage message)
    {
        if (listeners.TryGetValue(address, out var list))
        {
            foreach (var subscriber in list)
            {
                subscriber.Deliver(address, message);
            }
        }
    }
}
