using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Offline.Tor.Tests.Network;

/// <summary>
/// A whole Tor network on 127.0.0.1, built from the Debian tor package alone in a temp folder:
/// three directory authorities (which also relay), three exit relays and a client with a SOCKS
/// port and a control port. Ports are picked at runtime. Every node is tied to this test
/// process (<c>__OwningControllerProcess</c>), so none outlives a crashed test run;
/// <see cref="DisposeAsync"/> kills them all and deletes the folder.
/// <para>
/// Give an onion service (e.g. the relay's own tor) <see cref="TorrcForNetwork"/> and it
/// publishes into this network; reach it through <see cref="SocksEndPoint"/>.
/// </para>
/// </summary>
public sealed partial class PrivateTorNetwork : IAsyncDisposable
{
    public const int AuthorityCount = 3;
    public const int RelayCount = 3;

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Bootstrap took ~10-30 s here (two cores, other tests running); the bound leaves room for a slower machine.</summary>
    public static readonly TimeSpan BootstrapDeadline = TimeSpan.FromSeconds(180);

    private readonly List<TorNode> nodes = [];
    private readonly List<Authority> authorities = [];

    private PrivateTorNetwork(string directory, string torPath)
    {
        Directory = directory;
        TorPath = torPath;
    }

    /// <summary>The temp folder holding every node's data directory.</summary>
    public string Directory { get; }

    /// <summary>The tor binary used (found on PATH, /usr/sbin included).</summary>
    public string TorPath { get; }

    /// <summary>The client's SOCKS5 port: what a program under test uses as its Tor proxy.</summary>
    public IPEndPoint SocksEndPoint { get; private set; } = null!;

    /// <summary>The client's control port (no authentication; loopback only, test use only).</summary>
    public IPEndPoint ControlEndPoint { get; private set; } = null!;

    /// <summary>From starting the first tor to the client's "Bootstrapped 100".</summary>
    public TimeSpan BootstrapTime { get; private set; }

    public IReadOnlyList<TorNode> Nodes => nodes;

    /// <summary>Builds the network and waits (bounded) until its client has bootstrapped.</summary>
    public static async Task<PrivateTorNetwork> StartAsync()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("offline-tor-").FullName;
        var network = new PrivateTorNetwork(directory, FindTor());
        try
        {
            await network.BuildAsync();
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// torrc lines that make any other tor (an onion service, another client) a member of this
    /// network. Without them a tor would try the public Tor network.
    /// </summary>
    public IReadOnlyList<string> TorrcForNetwork()
    {
        List<string> lines =
        [
            "TestingTorNetwork 1",
            "AssumeReachable 1",
            "PathsNeededToBuildCircuits 0.25",
            "V3AuthNIntervalsValid 2",
        ];
        lines.AddRange(authorities.Select(a => a.DirAuthorityLine));
        return lines;
    }

    /// <summary>Writes <see cref="TorrcForNetwork"/> to a file in the network's folder (for <c>Relay:Onion:ExtraTorrc</c>) and returns its path.</summary>
    public string WriteTorrcForNetwork()
    {
        var path = Path.Combine(Directory, "network.torrc");
        File.WriteAllLines(path, TorrcForNetwork());
        return path;
    }

    /// <summary>A fresh folder inside the network's temp folder (deleted with it).</summary>
    public string NewFolder(string name)
    {
        var path = Path.Combine(Directory, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(path, OwnerOnly);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }

        nodes.Clear();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still being closed by an exiting tor; the folder is under the temp directory.
        }
    }

    private async Task BuildAsync()
    {
        // 1. Authorities' keys and fingerprints (all three at once: key generation is the slow part).
        var made = await Task.WhenAll(Enumerable.Range(0, AuthorityCount).Select(i => Authority.CreateAsync(TorPath, NewFolder($"auth{i}"), $"auth{i}")));
        authorities.AddRange(made);

        // 2. Start everything: authorities, relays, the client; the clock runs from the first start.
        var clock = Stopwatch.StartNew();
        foreach (var authority in authorities)
        {
            nodes.Add(TorNode.Start(TorPath, authority.Nickname, authority.DataDirectory, [.. CommonTorrc(authority.DataDirectory), .. authority.Torrc()]));
        }

        for (var i = 0; i < RelayCount; i++)
        {
            var dir = NewFolder($"relay{i}");
            nodes.Add(TorNode.Start(TorPath, $"relay{i}", dir, [.. CommonTorrc(dir), .. RelayTorrc($"relay{i}")]));
        }

        var clientDir = NewFolder("client");
        SocksEndPoint = new IPEndPoint(IPAddress.Loopback, FreePort.Next());
        ControlEndPoint = new IPEndPoint(IPAddress.Loopback, FreePort.Next());
        var client = TorNode.Start(TorPath, "client", clientDir, [.. CommonTorrc(clientDir), $"SocksPort {SocksEndPoint}", $"ControlPort {ControlEndPoint}"]);
        nodes.Add(client);

        // 3. Ready when the client has a consensus and circuits.
        await client.WaitForLogAsync("Bootstrapped 100", BootstrapDeadline);
        BootstrapTime = clock.Elapsed;
    }

    /// <summary>What every node of the network shares (tor's test-network mode, fast voting, the authorities).</summary>
    private IEnumerable<string> CommonTorrc(string dataDirectory)
    {
        string[] common =
        [
            $"DataDirectory {dataDirectory}",
            "RunAsDaemon 0",
            "SafeLogging 1",
            $"Log notice file {Path.Combine(dataDirectory, "notice.log")}",
            "ShutdownWaitLength 0",
            "TestingDirAuthVoteExit *",
            "TestingDirAuthVoteHSDir *",
            "TestingDirAuthVoteGuard *",
            $"__OwningControllerProcess {Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}",
        ];
        return [.. common, .. TorrcForNetwork()];
    }

    private static IEnumerable<string> RelayTorrc(string nickname) =>
    [
        $"Nickname {nickname}",
        "Address 127.0.0.1",
        $"ORPort 127.0.0.1:{FreePort.Next()}",
        "SocksPort 0",
        "ExitRelay 1",
        "ExitPolicy accept 127.0.0.0/8:*",
        "ExitPolicyRejectPrivate 0",
    ];

    private static string FindTor()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin").Append("/usr/bin");
        return path.Select(p => Path.Combine(p, "tor")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("tor not found: install the Debian package tor (./test does)");
    }
}
