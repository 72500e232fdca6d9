namespace Offline.Protocol;

/// <summary>
/// Every way hostile or damaged input can fail. Each name reads as the message a person sees.
/// </summary>
public enum ProtocolError
{
    None = 0,
    UnknownVersion,
    Malformed,
    InvalidPublicKey,
    InvalidSignature,
    IdentityMismatch,
    IdChecksumMismatch,
    IdMissingPrefix,
    IdInvalidCharacter,
    IdWrongLength,
    UnknownPrekey,
    ReplayedHandshake,
    AuthenticationFailed,
    DuplicateMessage,
    TooManySkippedMessages,
    InvalidPadding,
    TooLarge,
    SenderMismatch,
    NewSession,
}
