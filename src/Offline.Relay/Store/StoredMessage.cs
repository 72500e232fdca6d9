namespace Offline.Relay.Store;

/// <summary>An undelivered sealed message: a random id, the ciphertext and the day it expires.</summary>
internal sealed record StoredMessage(ulong Id, byte[] Ciphertext, uint ExpiryDay);
