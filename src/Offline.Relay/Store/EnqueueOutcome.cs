namespace Offline.Relay.Store;

internal enum EnqueueOutcome
{
    Enqueued,
    NoQueue,
    QueueFull,
    DailyCapReached,
    StoreFull,
}
