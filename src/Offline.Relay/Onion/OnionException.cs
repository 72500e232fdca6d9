namespace Offline.Relay.Onion;

/// <summary>tor could not be started or published no onion address; the message says which and why.</summary>
internal sealed class OnionException(string message) : Exception(message);
