namespace Offline.Client.Sync;

/// <summary>How far one attachment has moved: which message, up or down, chunks done out of the item's total.</summary>
public readonly record struct AttachmentProgress(string MessageId, bool Upload, int DoneChunks, int TotalChunks);
