using Offline.Protocol.Wire;

namespace Offline.Client.Transport;

/// <summary>
/// A failure talking to the relay. <see cref="Code"/> is the relay's error code when it refused a
/// request. Messages name the relay address and the relay's one-line reason, never keys or content.
/// </summary>
public sealed class RelayException : Exception
{
    public RelayException(RelayFailure failure, string message, RelayErrorCode? code = null, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
        Code = code;
    }

    public RelayException()
        : this(RelayFailure.ConnectionLost, "The relay connection failed.")
    {
    }

    public RelayException(string message)
        : this(RelayFailure.ConnectionLost, message)
    {
    }

    public RelayException(string message, Exception innerException)
        : this(RelayFailure.ConnectionLost, message, null, innerException)
    {
    }

    public RelayFailure Failure { get; }

    public RelayErrorCode? Code { get; }

    /// <summary>True when trying again later (relay back up, connection restored) may succeed without any change.</summary>
    public bool IsTransient => Failure is RelayFailure.Unreachable or RelayFailure.ConnectionLost;
}
