namespace Offline.Protocol;

/// <summary>
/// The one exception type for hostile input that cannot be expressed as a <c>false</c>.
/// Its message never carries key material, IDs or plaintext.
/// </summary>
public sealed class ProtocolException : Exception
{
    public ProtocolException(ProtocolError error)
        : base(Describe(error))
    {
        Error = error;
    }

    public ProtocolException()
        : this(ProtocolError.Malformed)
    {
    }

    public ProtocolException(string message)
        : base(message)
    {
        Error = ProtocolError.Malformed;
    }

    public ProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = ProtocolError.Malformed;
    }

    public ProtocolError Error { get; }

    public static string Describe(ProtocolError error) => error switch
    {
        ProtocolError.None => "No error.",
        ProtocolError.UnknownVersion => "The data uses a protocol version this build does not know; update the app.",
        ProtocolError.Malformed => "The data is malformed or truncated.",
        ProtocolError.InvalidPublicKey => "A public key is not a valid P-256 point.",
        ProtocolError.InvalidSignature => "A signature does not verify.",
        ProtocolError.IdentityMismatch => "The keys do not hash to the expected ID; someone may be substituting keys.",
        ProtocolError.IdChecksumMismatch => "The ID's checksum does not match; check it for a typo.",
        ProtocolError.IdMissingPrefix => "An ID starts with 'of1_'.",
        ProtocolError.IdInvalidCharacter => "The ID contains a character that is not in its alphabet; check it for a typo.",
        ProtocolError.IdWrongLength => "The ID has the wrong length; check that it was copied whole.",
        ProtocolError.UnknownPrekey => "The message names a prekey this device does not have (used already or expired).",
        ProtocolError.ReplayedHandshake => "This first message was already received; a replay was ignored.",
        ProtocolError.AuthenticationFailed => "The message failed authentication: tampered, or encrypted under another key.",
        ProtocolError.DuplicateMessage => "The message was already received; a replay was ignored.",
        ProtocolError.TooManySkippedMessages => "The message skips more messages than the session keeps keys for.",
        ProtocolError.InvalidPadding => "The padding of a decrypted message is invalid.",
        ProtocolError.TooLarge => "The data is larger than the largest bucket.",
        ProtocolError.SenderMismatch => "The sealed sender does not match the session's contact.",
        ProtocolError.NewSession => "The message starts a new session with this contact; accept it as a new handshake.",
        _ => "Unknown protocol error.",
    };
}
