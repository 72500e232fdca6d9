using System.Text.Json;
using Offline.Client.Storage;

namespace Offline.Client.Conversations;

/// <summary>One chat's history: an encrypted record per contact, deduplicated by message id.</summary>
public sealed class ChatLog
{
    private readonly EncryptedStore store;
    private readonly string record;
    private readonly List<ChatMessage> messages;

    private ChatLog(EncryptedStore store, string record, List<ChatMessage> messages)
    {
        this.store = store;
        this.record = record;
        this.messages = messages;
    }

    public IReadOnlyList<ChatMessage> Messages => messages;

    public static ChatLog Load(EncryptedStore store, string contactId)
    {
        var record = "chat/" + contactId;
        var json = store.Get(record);
        return new ChatLog(store, record, json is null ? [] : JsonSerializer.Deserialize<List<ChatMessage>>(json) ?? []);
    }

    public ChatMessage? Find(string id) => messages.Find(m => m.Id == id);

    /// <summary>False (and nothing stored) when a message with this id is already there: redelivery shows once.</summary>
    public bool Append(ChatMessage message)
    {
        if (Find(message.Id) is not null)
        {
            return false;
        }

        messages.Add(message);
        Save();
        return true;
    }

    public bool Update(string id, Func<ChatMessage, ChatMessage> change)
    {
        var index = messages.FindIndex(m => m.Id == id);
        if (index < 0)
        {
            return false;
        }

        messages[index] = change(messages[index]);
        Save();
        return true;
    }

    /// <summary>Case-insensitive full-text search over live messages.</summary>
    public IReadOnlyList<ChatMessage> Search(string text) =>
        [.. messages.Where(m => !m.Deleted && m.Text.Contains(text, StringComparison.OrdinalIgnoreCase))];

    /// <summary>Drops the whole chat, and with it every attachment item its messages hold (unless <paramref name="keepItems"/>: the history moved to another chat).</summary>
    public void Clear(bool keepItems = false)
    {
        if (!keepItems)
        {
            var items = new AttachmentItems(store);
            messages.Where(m => m.Attachment is not null).ToList().ForEach(m => items.Delete(m.Id));
        }

        messages.Clear();
        store.Delete(record);
    }

    /// <summary>Marks the message deleted: its text, its attachment's pointer (the item's key) and its item go.</summary>
    public bool MarkDeleted(string id)
    {
        var found = Update(id, m => m with { Deleted = true, Text = string.Empty, Attachment = m.Attachment is null ? null : m.Attachment with { Reference = null } });
        if (found)
        {
            new AttachmentItems(store).Delete(id);
        }

        return found;
    }

    private void Save() => store.Put(record, JsonSerializer.SerializeToUtf8Bytes(messages));
}
