namespace Offline.Cli.Errors;

/// <summary>The `offline` command's exit codes, one per thing a person must do differently (docs/CLI.md).</summary>
public enum ExitCode
{
    Ok = 0,

    /// <summary>Something unexpected; the message says what.</summary>
    Failure = 1,

    /// <summary>Unknown command, missing or extra arguments, bad option value.</summary>
    Usage = 2,

    /// <summary>The home directory holds no identity yet: run generate-id.</summary>
    NotInitialized = 3,

    /// <summary>Wrong passphrase, or no passphrase available (no terminal and no OFFLINE_PASSPHRASE).</summary>
    Locked = 4,

    /// <summary>No contact by that name.</summary>
    UnknownContact = 5,

    /// <summary>The ID is malformed: prefix, characters, length or checksum (a typo).</summary>
    MalformedId = 6,

    /// <summary>The relay's keys for an ID do not hash to it: someone substituted keys.</summary>
    KeysMismatch = 7,

    /// <summary>The relay could not be reached, or the connection broke.</summary>
    RelayUnreachable = 8,

    /// <summary>The relay refused the request (e.g. no bundle published for that ID, quota).</summary>
    RelayRefused = 9,

    /// <summary>No message with that id (or id prefix) in the chat.</summary>
    UnknownMessage = 10,

    /// <summary>generate-id on a home that already has an identity.</summary>
    AlreadyInitialized = 11,

    /// <summary>A file in the home directory is damaged, or from a newer version.</summary>
    HomeDamaged = 12,

    /// <summary>Another offline command holds the home directory.</summary>
    HomeInUse = 13,

    /// <summary>verify-release: a file differs from the signed manifest, or the manifest is missing, altered or not signed by the trusted key.</summary>
    ReleaseMismatch = 14,

    /// <summary>The relay's warrant canary is missing, invalid, badly signed, expired, from the future, or by a changed key.</summary>
    CanaryWarning = 15,

    /// <summary>send-image / send-voice: the file cannot be read, or is not a picture or recording that can be sent (too large, too many pixels, …).</summary>
    MediaRefused = 16,

    /// <summary>save: the message's attachment is still downloading or unavailable, or the message has none.</summary>
    AttachmentUnavailable = 17,
}
