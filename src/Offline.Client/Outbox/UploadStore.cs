using System.Security.Cryptography;
using System.Text.Json;
using Offline.Client.Storage;
using Offline.Protocol.Attachments;

namespace Offline.Client.Outbox;

/// <summary>
/// The encrypted outbox's attachment half: every staged upload (<see cref="PendingUpload"/>) and its
/// encrypted chunks, kept until the content message pointing to them is in the outbox. Records:
/// an ordered index `uploads`, one `upload/ID` per upload, and its chunks in groups of
/// <see cref="ChunksPerRecord"/> (`upload/ID/chunks/N`). Chunks and record are written before the
/// index names the upload, so an upload that is listed can always be finished.
/// </summary>
public sealed class UploadStore
{
    /// <summary>60 chunks of 16,336 bytes: 980,160 bytes, under a record's 1 MiB.</summary>
    public const int ChunksPerRecord = 60;

    private const string IndexRecord = "uploads";
    private const string Prefix = "upload/";
    private readonly EncryptedStore store;

    public UploadStore(EncryptedStore store)
    {
        this.store = store;
    }

    public int Count => LoadIndex().Count;

    /// <summary>Stores the upload and its chunks; when this returns, the send survives a crash.</summary>
    public void Add(PendingUpload upload, IReadOnlyList<byte[]> chunks)
    {
        if (chunks.Count != upload.ChunkCount || chunks.Any(c => c.Length != AttachmentLimits.ChunkCiphertextSize))
        {
            throw new ArgumentException("The chunks do not match the upload.", nameof(chunks));
        }

        for (var group = 0; group * ChunksPerRecord < chunks.Count; group++)
        {
            var members = chunks.Skip(group * ChunksPerRecord).Take(ChunksPerRecord).ToList();
            var bytes = new byte[members.Count * AttachmentLimits.ChunkCiphertextSize];
            for (var i = 0; i < members.Count; i++)
            {
                members[i].CopyTo(bytes, i * AttachmentLimits.ChunkCiphertextSize);
            }

            store.Put(GroupName(upload.MessageId, group), bytes);
        }

        Save(upload);
        var index = LoadIndex();
        if (!index.Contains(upload.MessageId))
        {
            index.Add(upload.MessageId);
            SaveIndex(index);
        }
    }

    /// <summary>Waiting uploads, oldest first.</summary>
    public IReadOnlyList<PendingUpload> Pending() =>
        [.. LoadIndex().Select(Find).OfType<PendingUpload>()];

    public PendingUpload? Find(string messageId) =>
        store.Get(Prefix + messageId) is { } json ? JsonSerializer.Deserialize<PendingUpload>(json) : null;

    /// <summary>The upload's encrypted chunks in order; a missing or damaged group throws (Corrupt).</summary>
    public IReadOnlyList<byte[]> Chunks(PendingUpload upload)
    {
        var chunks = new List<byte[]>(upload.ChunkCount);
        for (var group = 0; chunks.Count < upload.ChunkCount; group++)
        {
            var bytes = store.Get(GroupName(upload.MessageId, group)) ?? throw new StoreException(StoreError.Corrupt);
            if (bytes.Length == 0 || bytes.Length % AttachmentLimits.ChunkCiphertextSize != 0)
            {
                throw new StoreException(StoreError.Corrupt);
            }

            for (var at = 0; at < bytes.Length; at += AttachmentLimits.ChunkCiphertextSize)
            {
                chunks.Add(bytes.AsSpan(at, AttachmentLimits.ChunkCiphertextSize).ToArray());
            }
        }

        return chunks.Count == upload.ChunkCount ? chunks : throw new StoreException(StoreError.Corrupt);
    }

    /// <summary>Records progress (the relay's Oks so far), so a resumed run can say how far it had got.</summary>
    public void MarkDone(string messageId, int doneChunks)
    {
        if (Find(messageId) is { } upload && doneChunks > upload.DoneChunks)
        {
            Save(upload with { DoneChunks = Math.Min(doneChunks, upload.ChunkCount) });
        }
    }

    /// <summary>After the content message is in the outbox (or the message was deleted): index first, then the record and chunks.</summary>
    public void Remove(string messageId)
    {
        var index = LoadIndex();
        if (index.Remove(messageId))
        {
            SaveIndex(index);
        }

        var upload = Find(messageId);
        store.Delete(Prefix + messageId);
        var groups = upload is null ? 0 : (upload.ChunkCount + ChunksPerRecord - 1) / ChunksPerRecord;
        for (var group = 0; group < groups; group++)
        {
            store.Delete(GroupName(messageId, group));
        }
    }

    private void Save(PendingUpload upload)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(upload);
        store.Put(Prefix + upload.MessageId, json);
        CryptographicOperations.ZeroMemory(json);
    }

    private static string GroupName(string messageId, int group) => $"{Prefix}{messageId}/chunks/{group}";

    private List<string> LoadIndex() =>
        store.Get(IndexRecord) is { } json ? JsonSerializer.Deserialize<List<string>>(json) ?? [] : [];

    private void SaveIndex(List<string> index) => store.Put(IndexRecord, JsonSerializer.SerializeToUtf8Bytes(index));
}
