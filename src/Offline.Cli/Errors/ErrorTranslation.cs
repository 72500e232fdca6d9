using Offline.Client.Storage;
using Offline.Client.Transport;
using Offline.Protocol;
using Offline.Protocol.Wire;

namespace Offline.Cli.Errors;

/// <summary>Turns the engine's typed failures into a message a person understands and a distinct exit code.</summary>
internal static class ErrorTranslation
{
    public static CliException From(Exception e, string relay) => e switch
    {
        CliException cli => cli,
        StoreException store => FromStore(store),
        RelayException { Failure: RelayFailure.Refused } refused => FromRefusal(refused),
        RelayException lost => new CliException(ExitCode.RelayUnreachable, $"{lost.Message} Check that the relay runs at {relay} (--relay or OFFLINE_RELAY), then try again."),
        ProtocolException { Error: ProtocolError.IdentityMismatch } => new CliException(ExitCode.KeysMismatch, "The keys the relay gave for that ID do not hash to the ID: someone substituted keys. Nothing was saved; do not trust this relay for that contact."),
        ProtocolException protocol => new CliException(ExitCode.KeysMismatch, $"The relay's bundle for that ID is invalid ({protocol.Error}). Nothing was saved."),
        _ => new CliException(ExitCode.Failure, $"Unexpected failure ({e.GetType().Name}): {e.Message}"),
    };

    /// <summary>Which check of an ID failed, in words.</summary>
    public static CliException MalformedId(ProtocolError error) => new(ExitCode.MalformedId, error switch
    {
        ProtocolError.IdMissingPrefix => "That is not an Offline ID: IDs start with 'of1_'. Copy the whole ID (offline id shows yours).",
        ProtocolError.IdInvalidCharacter => "That ID contains a character IDs never use (no 0, O, I or l, no spaces inside). Check for a typo.",
        ProtocolError.IdWrongLength => "That ID is too short or too long: part of it is missing or extra. Copy the whole ID.",
        ProtocolError.IdChecksumMismatch => "That ID's checksum does not match: there is a typo in it. Copy it again.",
        _ => $"That ID is malformed ({error}).",
    });

    private static CliException FromStore(StoreException e) => e.Error switch
    {
        StoreError.NotInitialized => new CliException(ExitCode.NotInitialized, e.Message),
        StoreError.AlreadyInitialized => new CliException(ExitCode.AlreadyInitialized, e.Message),
        StoreError.WrongPassphrase => new CliException(ExitCode.Locked, e.Message),
        StoreError.InUse => new CliException(ExitCode.HomeInUse, e.Message),
        _ => new CliException(ExitCode.HomeDamaged, e.Message),
    };

    private static CliException FromRefusal(RelayException e) => e.Code switch
    {
        RelayErrorCode.NotFound => new CliException(ExitCode.RelayRefused, "The relay has no keys for that ID: check the ID and the relay address, or ask them to run 'offline generate-id' (or any command) while connected to this relay."),
        _ => new CliException(ExitCode.RelayRefused, e.Message),
    };
}
