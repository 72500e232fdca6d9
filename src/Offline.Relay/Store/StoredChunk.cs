namespace Offline.Relay.Store;

/// <summary>
/// One attachment chunk as the store keeps it, and nothing more: its address, its bytes, how many
/// recipients have still to release it, and the day it expires. No queue, connection or time of day.
/// </summary>
internal sealed record StoredChunk(ChunkAddress Address, byte[] Bytes, int Fetches, uint ExpiryDay);
