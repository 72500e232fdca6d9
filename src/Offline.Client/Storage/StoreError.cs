namespace Offline.Client.Storage;

/// <summary>Why the local store refused; each reads as what the user should do.</summary>
public enum StoreError
{
    NotInitialized,
    AlreadyInitialized,
    WrongPassphrase,
    Corrupt,
    UnknownVersion,
    InUse,
}
