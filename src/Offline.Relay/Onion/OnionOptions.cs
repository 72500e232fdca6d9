using System.Globalization;
using Offline.Relay.Store;

namespace Offline.Relay.Onion;

/// <summary>
/// <c>Relay:Onion:*</c>: whether the relay runs its own tor as an onion service, where tor keeps
/// its state (the service keys, so the .onion address survives restarts), which tor binary to
/// start, and an optional file of extra torrc lines (how tests point tor at a private network).
/// </summary>
internal sealed record OnionOptions(bool Enabled, string DataDirectory, string TorPath, string? ExtraTorrc, int SocksPort)
{
    public const string Section = "Relay:Onion";

    /// <summary>The bare switch <c>--onion</c>; it takes no value, so it is rewritten before configuration reads the command line.</summary>
    public const string Switch = "--onion";

    /// <summary>How long tor may take to write the service's hostname file (key generation, not network bootstrap).</summary>
    public static readonly TimeSpan HostnameWait = TimeSpan.FromSeconds(60);

    public static OnionOptions Read(IConfiguration configuration, StoreSetting store)
    {
        var section = configuration.GetSection(Section);
        var enabled = bool.TryParse(section["Enabled"], out var on) && on;
        var dataDirectory = section["DataDirectory"] is { Length: > 0 } configured ? Path.GetFullPath(configured) : DefaultDataDirectory(store);
        var torPath = section["TorPath"] is { Length: > 0 } path ? path : DefaultTorPath();
        var extra = section["ExtraTorrc"] is { Length: > 0 } file ? Path.GetFullPath(file) : null;
        var socksPort = 0;
        if (section["SocksPort"] is { Length: > 0 } socks && (!int.TryParse(socks, NumberStyles.None, CultureInfo.InvariantCulture, out socksPort) || socksPort > 65535))
        {
            throw new InvalidOperationException("configuration: Relay:Onion:SocksPort must be a port number (0 = none)");
        }

        if (enabled && extra is not null && !File.Exists(extra))
        {
            throw new InvalidOperationException($"configuration: Relay:Onion:ExtraTorrc file not found: {extra}");
        }

        return new OnionOptions(enabled, dataDirectory, torPath, extra, socksPort);
    }

    /// <summary>Rewrites the value-less <c>--onion</c> into <c>--Relay:Onion:Enabled=true</c>.</summary>
    public static string[] ExpandSwitch(string[] args) =>
        [.. args.Select(a => a == Switch ? $"--{Section}:Enabled=true" : a)];

    /// <summary>tor on PATH, else Debian's /usr/sbin/tor (not on a normal user's PATH).</summary>
    private static string DefaultTorPath()
    {
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Append("/usr/sbin");
        return folders.Select(folder => Path.Combine(folder, "tor")).FirstOrDefault(File.Exists) ?? "tor";
    }

    /// <summary>Beside a SQLite store (its folder is the relay's data directory); otherwise ~/.offline-relay/onion.</summary>
    private static string DefaultDataDirectory(StoreSetting store) =>
        store is { Kind: StoreKind.Sqlite, Path: { } db }
            ? Path.Combine(Path.GetDirectoryName(db)!, "onion")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".offline-relay", "onion");
}
