using System.Text.Json;
using Offline.Client.Storage;
using Offline.Client.Traffic;

namespace Offline.Client.Settings;

/// <summary>The user's choices, one encrypted record. Both signals default on, as on the product page; traffic defaults to standard.</summary>
public sealed record ClientSettings
{
    private const string Record = "settings";

    /// <summary>Tell contacts when their messages were shown.</summary>
    public bool ReadReceipts { get; init; } = true;

    /// <summary>Tell contacts while we type in a chat.</summary>
    public bool TypingIndicators { get; init; } = true;

    /// <summary>The traffic profile's name (docs/TRAFFIC.md): strict, standard, light or off.</summary>
    public string Traffic { get; init; } = TrafficProfile.Default.Name;

    public static ClientSettings Load(EncryptedStore store) =>
        store.Get(Record) is { } json ? JsonSerializer.Deserialize<ClientSettings>(json) ?? new() : new();

    public void Save(EncryptedStore store) => store.Put(Record, JsonSerializer.SerializeToUtf8Bytes(this));
}
