namespace Offline.Relay.Store;

/// <summary>The limits one enqueue must respect, checked by the store atomically with the insert.</summary>
internal sealed record EnqueueQuota(int MaxPending, long MaxQueueBytes, long MaxStoreBytes, int MaxPerDay, uint Today);
