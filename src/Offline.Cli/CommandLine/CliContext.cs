using System.Globalization;
using Offline.Cli.Errors;
using Offline.Cli.Output;
using Offline.Client;
using Offline.Client.Attachments;
using Offline.Client.Contacts;
using Offline.Client.Home;
using Offline.Client.Sync;
using Offline.Client.Tor;
using Offline.Client.Traffic;
using Offline.Client.Transport;

namespace Offline.Cli.CommandLine;

/// <summary>
/// What every command needs: the parsed arguments, where to print, which home and relay to use
/// (option, then environment variable, then default), the passphrase, and a way to connect.
/// </summary>
internal sealed class CliContext
{
    public const string DefaultRelay = "ws://127.0.0.1:8080";

    public CliContext(Arguments arguments, CancellationToken cancellation)
    {
        Arguments = arguments;
        Cancellation = cancellation;
        Printer = new Printer(arguments.Json);
        HomePath = Path.GetFullPath(arguments.Value("--home")
            ?? NonEmpty(Environment.GetEnvironmentVariable("OFFLINE_HOME"))
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".offline"));
        Relay = arguments.Value("--relay") ?? NonEmpty(Environment.GetEnvironmentVariable("OFFLINE_RELAY")) ?? DefaultRelay;
        StampBits = ReadStampBits();
        Uri endpoint;
        try
        {
            endpoint = RelayClient.EndpointFor(Relay);
        }
        catch (ArgumentException e)
        {
            throw new CliException(ExitCode.Usage, e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal));
        }

        // Bad traffic overrides fail before any command composes anything.
        _ = TrafficOverride();
        _ = ReadPositiveNumber("OFFLINE_SLOT_MS");
        _ = ReadPositiveNumber("OFFLINE_ROTATE_SECONDS");
        _ = ReadPositiveNumber(AttachmentTransferOptions.BulkSlotVariable);
        Tor = ReadTor(arguments);
        if (Tor is null && TorProxy.IsOnion(endpoint))
        {
            throw new CliException(ExitCode.Usage, $"{Relay} is an onion address, which only Tor can reach. Add --tor (tor's SOCKS port, 127.0.0.1:9050) or --tor=HOST:PORT.");
        }
    }

    public Arguments Arguments { get; }

    public Printer Printer { get; }

    public CancellationToken Cancellation { get; }

    public string HomePath { get; }

    public string Relay { get; }

    /// <summary>Proof-of-work bits for first contacts (OFFLINE_STAMP_BITS; default the relay's default).</summary>
    public int StampBits { get; }

    /// <summary>tor's SOCKS endpoint when the relay is reached through Tor (--tor, --tor=HOST:PORT or OFFLINE_TOR), else null.</summary>
    public System.Net.EndPoint? Tor { get; }

    public TimeProvider Clock { get; } = TimeProvider.System;

    public ClientHome OpenHome()
    {
        if (!ClientHome.Exists(HomePath))
        {
            throw new CliException(ExitCode.NotInitialized, $"No identity in {HomePath} yet. Run 'offline generate-id' first (or pass --home / set OFFLINE_HOME).");
        }

        return ClientHome.Open(HomePath, Passphrase.Read(HomePath, confirm: false), Clock);
    }

    public ClientHome CreateHome() => ClientHome.Create(HomePath, Passphrase.Read(HomePath, confirm: true), Clock);

    /// <summary>
    /// Every connection gets fresh SOCKS credentials, so tor gives it a circuit of its own: a new
    /// connection token (every command, every 10-minute rotation) never shares a circuit with the last.
    /// </summary>
    public async Task<RelaySession> ConnectAsync(ClientHome home)
    {
        var session = await RelaySession.ConnectAsync(home, Relay, StampBits, Cancellation, NewProxy(), TrafficFor(home));

        // A bulk connection for attachments gets fresh SOCKS credentials too: a circuit of its own.
        session.TransferOptions = new AttachmentTransferOptions { ProxyPerConnection = Tor is null ? null : NewProxy };
        session.TransferProgress = Progress;
        return session;
    }

    /// <summary>The progress bar for attachments moving over this process's connections (draws only when stderr is a terminal).</summary>
    public IProgress<AttachmentProgress> Progress { get; } = new AttachmentProgressBar();

    /// <summary>A connection for commands that need no home (canary): the traffic override or the default profile, Tor if asked.</summary>
    public Task<RelayClient> ConnectWithoutHomeAsync()
    {
        var profile = TrafficOverride() ?? TrafficProfile.Default;
        var slot = ReadPositiveNumber("OFFLINE_SLOT_MS");
        profile = slot is { } ms && profile.Paced ? profile.WithSlotPeriod(TimeSpan.FromMilliseconds(ms)) : profile;
        return RelayClient.ConnectAsync(Relay, Tor is null ? ClientLimits.RelayTimeout : ClientLimits.TorRelayTimeout, Cancellation, NewProxy(), profile);
    }

    /// <summary>
    /// The traffic profile for every connection of this process: OFFLINE_TRAFFIC, else the stored setting
    /// (default standard); OFFLINE_SLOT_MS replaces a paced profile's period (tests and benchmarks).
    /// </summary>
    public static TrafficProfile TrafficFor(ClientHome home)
    {
        var profile = TrafficOverride() ?? TrafficProfile.Find(home.Settings.Traffic) ?? TrafficProfile.Default;
        var slot = ReadPositiveNumber("OFFLINE_SLOT_MS");
        return slot is { } ms && profile.Paced ? profile.WithSlotPeriod(TimeSpan.FromMilliseconds(ms)) : profile;
    }

    /// <summary>What a long-lived connection (receive --follow, chat) needs; OFFLINE_ROTATE_SECONDS replaces the 10-minute rotation.</summary>
    public LiveOptions LiveOptions(ClientHome home, Action<DownloadOutcome> onDownloaded, Action<string> onProblem, Action onConnected) => new()
    {
        Relay = Relay,
        Profile = TrafficFor(home),
        StampBits = StampBits,
        RotationPeriod = ReadPositiveNumber("OFFLINE_ROTATE_SECONDS") is { } seconds ? TimeSpan.FromSeconds(seconds) : ClientLimits.RotationPeriod,
        ProxyPerConnection = NewProxy,
        OnProblem = onProblem,
        OnConnected = onConnected,
        TransferProgress = Progress,
        OnDownloaded = onDownloaded,
    };

    /// <summary>The profile named by OFFLINE_TRAFFIC, or null when it is not set.</summary>
    private static TrafficProfile? TrafficOverride()
    {
        var name = NonEmpty(Environment.GetEnvironmentVariable("OFFLINE_TRAFFIC"));
        return name is null
            ? null
            : TrafficProfile.Find(name) ?? throw new CliException(ExitCode.Usage, $"OFFLINE_TRAFFIC: unknown traffic profile '{name}'; use {string.Join(", ", TrafficProfile.All.Select(p => p.Name))}.");
    }

    private System.Net.IWebProxy? NewProxy() => Tor is null ? null : TorProxy.ForNewCircuit(Tor);

    /// <summary>Connects, or returns null with the reason when the relay cannot be reached (the caller works offline).</summary>
    public async Task<(RelaySession? Session, string? Problem)> TryConnectAsync(ClientHome home)
    {
        try
        {
            return (await ConnectAsync(home), null);
        }
        catch (RelayException e) when (e.IsTransient)
        {
            return (null, e.Message);
        }
    }

    public static Contact FindContact(ClientHome home, string name) =>
        home.Messenger.Contacts.FindByName(name)
        ?? home.Messenger.Contacts.FindById(name)
        ?? throw new CliException(ExitCode.UnknownContact, $"No contact called '{name}'. 'offline contacts' lists them; 'offline add ID --name {name}' adds one.");

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static System.Net.EndPoint? ReadTor(Arguments arguments)
    {
        var text = arguments.Value("--tor") ?? NonEmpty(Environment.GetEnvironmentVariable("OFFLINE_TOR"));
        if (text is null && !arguments.Has("--tor"))
        {
            return null;
        }

        // OFFLINE_TOR=1 means the default port, like a bare --tor.
        return TorProxy.TryParseSocksEndPoint(text == "1" ? null : text, out var socks)
            ? socks
            : throw new CliException(ExitCode.Usage, $"--tor takes tor's SOCKS address as HOST:PORT (for example 127.0.0.1:9050); '{text}' is not one.");
    }

    private static int? ReadPositiveNumber(string variable)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new CliException(ExitCode.Usage, $"{variable} must be a positive whole number.");
    }

    private static int ReadStampBits()
    {
        var text = Environment.GetEnvironmentVariable("OFFLINE_STAMP_BITS");
        if (string.IsNullOrEmpty(text))
        {
            return ClientLimits.DefaultStampBits;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) && bits <= ClientLimits.MaxStampBits
            ? bits
            : throw new CliException(ExitCode.Usage, $"OFFLINE_STAMP_BITS must be a number from 0 to {ClientLimits.MaxStampBits}.");
    }
}
