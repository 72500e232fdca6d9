using System.Security.Cryptography;
using System.Text.Json;
using Offline.Client.Storage;

namespace Offline.Client.Outbox;

/// <summary>
/// The encrypted outbox's attachment half: every staged upload (<see cref="PendingUpload"/>: the
/// pointer, what the message says, and the chunks the relay has confirmed), kept until the content
/// message pointing to it is in the outbox. The item itself is the sender's own copy in
/// <see cref="Conversations.AttachmentItems"/>. Records: an ordered index `uploads` and one
/// `upload/ID` per upload, the record written before the index names it.
/// </summary>
public sealed class UploadStore
{
    private const string IndexRecord = "uploads";
    private const string Prefix = "upload/";
    private readonly EncryptedStore store;

    public UploadStore(EncryptedStore store)
    {
        this.store = store;
    }

    public int Count => LoadIndex().Count;

    /// <summary>Stores the upload (or replaces it); when this returns, the send survives a crash.</summary>
    public void Save(PendingUpload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var json = JsonSerializer.SerializeToUtf8Bytes(upload);
        store.Put(Prefix + upload.MessageId, json);
        CryptographicOperations.ZeroMemory(json);
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

    public PendingUpload? Find(string messageId)
    {
        if (store.Get(Prefix + messageId) is not { } json)
        {
            return null;
        }

        var upload = JsonSerializer.Deserialize<PendingUpload>(json);
        CryptographicOperations.ZeroMemory(json);
        return upload;
    }

    /// <summary>After the content message is in the outbox (or the message was deleted): index first, then the record.</summary>
    public void Remove(string messageId)
    {
        var index = LoadIndex();
        if (index.Remove(messageId))
        {
            SaveIndex(index);
        }

        store.Delete(Prefix + messageId);
    }

    private List<string> LoadIndex() =>
        store.Get(IndexRecord) is { } json ? JsonSerializer.Deserialize<List<string>>(json) ?? [] : [];

    private void SaveIndex(List<string> index) => store.Put(IndexRecord, JsonSerializer.SerializeToUtf8Bytes(index));
}
