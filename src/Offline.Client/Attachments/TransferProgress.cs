namespace Offline.Client.Attachments;

/// <summary>How far one attachment's upload or download has come: chunks confirmed (stored or received) out of the item's total.</summary>
public readonly record struct TransferProgress(int DoneChunks, int TotalChunks);
