namespace Offline.Client.Conversations;

/// <summary>One attachment message waiting for its item: whose chat, which message.</summary>
public sealed record PendingDownload(string ContactId, string MessageId);
