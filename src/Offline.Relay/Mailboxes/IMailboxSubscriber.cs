using Offline.Relay.Store;

namespace Offline.Relay.Mailboxes;

/// <summary>A connection that receives pushes for the queues it subscribed to.</summary>
internal interface IMailboxSubscriber
{
    /// <summary>Queues the delivery without waiting; a subscriber that cannot keep up closes itself.</summary>
    void Deliver(QueueAddress address, StoredMessage message);
}
