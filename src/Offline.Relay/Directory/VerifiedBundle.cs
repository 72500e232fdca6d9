namespace Offline.Relay.Directory;

/// <summary>A bundle that passed every check: its ID fingerprint, itself without one-time prekeys, and those prekeys encoded one by one.</summary>
internal sealed record VerifiedBundle(byte[] Fingerprint, byte[] BaseBundle, IReadOnlyList<byte[]> OneTimePrekeys);
