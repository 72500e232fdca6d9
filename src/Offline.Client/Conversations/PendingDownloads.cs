using System.Text.Json;
using Offline.Client.Storage;

namespace Offline.Client.Conversations;

/// <summary>
/// Attachment messages that arrived and whose items are not fetched yet, oldest first (record
/// `downloads`). A message is added in the same step that stores it (state Downloading) and leaves
/// once its item is Ready or Unavailable; a download cut by a lost connection stays for the next run.
/// </summary>
public sealed class PendingDownloads
{
    private const string Record = "downloads";
    private readonly EncryptedStore store;

    public PendingDownloads(EncryptedStore store)
    {
        this.store = store;
    }

    public IReadOnlyList<PendingDownload> All => Load();

    public int Count => Load().Count;

    public void Add(string contactId, string messageId)
    {
        var all = Load();
        if (!all.Exists(d => d.MessageId == messageId))
        {
            all.Add(new PendingDownload(contactId, messageId));
            store.Put(Record, JsonSerializer.SerializeToUtf8Bytes(all));
        }
    }

    public void Remove(string messageId)
    {
        var all = Load();
        if (all.RemoveAll(d => d.MessageId == messageId) > 0)
        {
            store.Put(Record, JsonSerializer.SerializeToUtf8Bytes(all));
        }
    }

    private List<PendingDownload> Load() =>
        store.Get(Record) is { } json ? JsonSerializer.Deserialize<List<PendingDownload>>(json) ?? [] : [];
}
