namespace Offline.Relay.Store;

/// <summary>The parsed --store option.</summary>
internal sealed record StoreSetting(StoreKind Kind, string? Path)
{
    public static StoreSetting Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value == "memory")
        {
            return new StoreSetting(StoreKind.Memory, null);
        }

        if (value.StartsWith("sqlite:", StringComparison.Ordinal) && value.Length > "sqlite:".Length)
        {
            return new StoreSetting(StoreKind.Sqlite, System.IO.Path.GetFullPath(value["sqlite:".Length..]));
        }

        if (value.StartsWith("redis:", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("--store redis:… is not available in this build yet (it comes with the scale-out work); use memory or sqlite:PATH");
        }

        throw new InvalidOperationException("--store must be memory or sqlite:PATH");
    }

    /// <summary>For the startup line: the kind only, never the path's contents.</summary>
    public override string ToString() => Kind == StoreKind.Sqlite ? $"sqlite ({Path})" : "memory";
}
