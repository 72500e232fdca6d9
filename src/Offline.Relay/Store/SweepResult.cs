namespace Offline.Relay.Store;

/// <summary>What one expiry sweep removed (counts only).</summary>
internal sealed record SweepResult(int Messages, int Queues, int DirectoryEntries, int Chunks);
