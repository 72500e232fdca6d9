namespace Offline.Client.Storage;

/// <summary>A failure of the encrypted store. Messages never carry names, values or key material.</summary>
public sealed class StoreException : Exception
{
    public StoreException(StoreError error)
        : base(Describe(error))
    {
        Error = error;
    }

    public StoreException()
        : this(StoreError.Corrupt)
    {
    }

    public StoreException(string message)
        : base(message)
    {
        Error = StoreError.Corrupt;
    }

    public StoreException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = StoreError.Corrupt;
    }

    public StoreError Error { get; }

    public static string Describe(StoreError error) => error switch
    {
        StoreError.NotInitialized => "No identity in this home directory yet; run 'offline generate-id' first.",
        StoreError.AlreadyInitialized => "This home directory already holds an identity; use another --home to create a new one.",
        StoreError.WrongPassphrase => "Wrong passphrase: the store could not be unlocked. Nothing was changed; try again.",
        StoreError.Corrupt => "A file in the home directory is damaged or was modified; restore it from your own backup or start a new home.",
        StoreError.UnknownVersion => "The home directory was written by a newer version of Offline; update the app.",
        StoreError.InUse => "Another offline command is using this home directory (a running 'chat' or 'receive --follow'); finish it first.",
        _ => "The local store failed.",
    };
}
