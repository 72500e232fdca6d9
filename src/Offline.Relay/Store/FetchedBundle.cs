namespace Offline.Relay.Store;

/// <summary>A bundle as fetched: the base bundle and at most one one-time prekey, now deleted from the store.</summary>
internal sealed record FetchedBundle(byte[] BaseBundle, byte[]? OneTimePrekey);
