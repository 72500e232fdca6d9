using System.Text.Json;
using Offline.Client.Storage;

namespace Offline.Client.Settings;

/// <summary>The user's choices, one encrypted record. Both signals default on, as on the product page.</summary>
public sealed record ClientSettings
{
    private const string Record = "settings";

    /// <summary>Tell contacts when their messages were shown.</summary>
    public bool ReadReceipts { get; init; } = true;

    /// <summary>Tell contacts while we type in a chat.</summary>
    public bool TypingIndicators { get; init; } = true;

    public static ClientSettings Load(EncryptedStore store) =>
        store.Get(Record) is { } json ? JsonSerializer.Deserialize<ClientSettings>(json) ?? new() : new();

    public void Save(EncryptedStore store) => store.Put(Record, JsonSerializer.SerializeToUtf8Bytes(this));
}
