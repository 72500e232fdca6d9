using System.Security.Cryptography;
using System.Text.Json;
using Offline.Client.Messaging;
using Offline.Client.Storage;

namespace Offline.Client.Outbox;

/// <summary>
/// The encrypted outbox: every message the user gave us is stored here before it goes anywhere, and
/// removed only after the relay answered Ok. One record per entry (`outbox/ID`) and one ordered index
/// (`outbox`), so a flush sends in the order the user wrote. Records are encrypted and padded by the store.
/// </summary>
public sealed class OutboxStore
{
    private const string IndexRecord = "outbox";
    private const string EntryPrefix = "outbox/";
    private readonly EncryptedStore store;

    public OutboxStore(EncryptedStore store)
    {
        this.store = store;
    }

    public int Count => LoadIndex().Count;

    /// <summary>Stores the envelope; when this returns, the message survives a crash or a dead relay.</summary>
    public OutboxEntry Add(OutboundEnvelope envelope, string contactId, string kind, string messageId)
    {
        var entry = new OutboxEntry
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            Address = Convert.ToHexStringLower(envelope.Address),
            Ciphertext = Convert.ToBase64String(envelope.Ciphertext),
            NeedsStamp = envelope.NeedsStamp,
            ContactId = contactId,
            Kind = kind,
            MessageId = messageId,
        };

        // Entry first, index second: a crash in between leaves an orphan record, never an index naming nothing.
        store.Put(EntryPrefix + entry.Id, JsonSerializer.SerializeToUtf8Bytes(entry));
        var index = LoadIndex();
        index.Add(entry.Id);
        SaveIndex(index);
        return entry;
    }

    /// <summary>Waiting entries, oldest first.</summary>
    public IReadOnlyList<OutboxEntry> Pending()
    {
        var entries = new List<OutboxEntry>();
        foreach (var id in LoadIndex())
        {
            if (store.Get(EntryPrefix + id) is { } json && JsonSerializer.Deserialize<OutboxEntry>(json) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    /// <summary>Called after the relay's Ok for this entry.</summary>
    public void Remove(string id)
    {
        var index = LoadIndex();
        if (index.Remove(id))
        {
            SaveIndex(index);
        }

        store.Delete(EntryPrefix + id);
    }

    private List<string> LoadIndex() =>
        store.Get(IndexRecord) is { } json ? JsonSerializer.Deserialize<List<string>>(json) ?? [] : [];

    private void SaveIndex(List<string> index) => store.Put(IndexRecord, JsonSerializer.SerializeToUtf8Bytes(index));
}
