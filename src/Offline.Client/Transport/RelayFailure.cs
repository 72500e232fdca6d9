namespace Offline.Client.Transport;

/// <summary>What went wrong between the client and the relay; each reads as what the user should do.</summary>
public enum RelayFailure
{
    /// <summary>No connection could be made (relay down, wrong address, network).</summary>
    Unreachable,

    /// <summary>The connection was made and then lost, or a request timed out.</summary>
    ConnectionLost,

    /// <summary>The relay answered the request with an Error frame (<see cref="RelayException.Code"/>).</summary>
    Refused,

    /// <summary>The relay sent something the protocol does not allow (not a relay, or a newer version).</summary>
    ProtocolViolation,
}
