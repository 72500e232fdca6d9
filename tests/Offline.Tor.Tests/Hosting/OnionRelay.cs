using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Offline.Tor.Tests.Network;

namespace Offline.Tor.Tests.Hosting;

/// <summary>
/// The real relay program (<c>dotnet Offline.Relay.dll --onion</c>) on 127.0.0.1 with its own tor
/// pointed at a private network through <c>Relay:Onion:ExtraTorrc</c>. Disposing kills the relay
/// and, should it have survived, its tor.
/// </summary>
public sealed partial class OnionRelay : IAsyncDisposable
{
    public static readonly TimeSpan StartWait = TimeSpan.FromSeconds(90);

    private readonly Process process;
    private readonly StringBuilder output = new();

    private OnionRelay(Process process, string dataDirectory)
    {
        this.process = process;
        DataDirectory = dataDirectory;
    }

    public string DataDirectory { get; }

    /// <summary>The .onion host name the relay printed.</summary>
    public string OnionHost { get; private set; } = "";

    public int Port { get; private set; }

    public int ProcessId => process.Id;

    /// <summary>The relay's tor (its child process named tor), found once the onion line is printed.</summary>
    public int TorProcessId { get; private set; }

    public Uri OnionSocketUri => new($"ws://{OnionHost}/ws");

    public Uri DirectSocketUri => new(string.Create(CultureInfo.InvariantCulture, $"ws://127.0.0.1:{Port}/ws"));

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>A relay whose tor is a member of <paramref name="network"/>.</summary>
    public static Task<OnionRelay> StartAsync(PrivateTorNetwork network, string dataDirectory) =>
        StartAsync(dataDirectory, network.WriteTorrcForNetwork());

    /// <summary>A relay whose tor gets the lines of <paramref name="extraTorrc"/> (e.g. <c>DisableNetwork 1</c> for tests that need no network).</summary>
    public static async Task<OnionRelay> StartAsync(string dataDirectory, string extraTorrc)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            RelayDll(), "--urls", "http://127.0.0.1:0", "--onion",
            "--Relay:Onion:DataDirectory", dataDirectory,
            "--Relay:Onion:ExtraTorrc", extraTorrc,
            "--Relay:App:Path", WebAppFile(),
        })
        {
            info.ArgumentList.Add(arg);
        }

        // First contacts through this relay are stamped at a test difficulty, as in the end-to-end tests.
        info.Environment["OFFLINE_RELAY_LIMITS__STAMPDIFFICULTYBITS"] = "8";
        var relay = new OnionRelay(new Process { StartInfo = info }, dataDirectory);
        relay.process.OutputDataReceived += (_, e) => relay.Append(e.Data);
        relay.process.ErrorDataReceived += (_, e) => relay.Append(e.Data);
        relay.process.Start();
        relay.process.BeginOutputReadLine();
        relay.process.BeginErrorReadLine();
        try
        {
            await Wait.UntilAsync(
                () => relay.process.HasExited ? throw new InvalidOperationException($"relay exited: {relay.Output}") : relay.Port != 0 && relay.OnionHost.Length > 0,
                StartWait,
                () => $"relay printed no onion address and listen line: {relay.Output}");
            relay.TorProcessId = ProcessTable.ChildrenOf(relay.ProcessId).Single(pid => ProcessTable.Name(pid) == "tor");
            return relay;
        }
        catch
        {
            await relay.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs the relay with <paramref name="args"/> to its exit (startup failures); bounded wait.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(RelayDll());
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var timeout = new CancellationTokenSource(StartWait);
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>SIGTERM: the host shuts down (and stops its tor).</summary>
    public async Task StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", ProcessId.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>SIGKILL of the relay alone: no shutdown code runs, so only tor's own watch can end tor.</summary>
    public async Task KillRelayOnlyAsync()
    {
        process.Kill(entireProcessTree: false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(timeout.Token);
        }

        if (TorProcessId != 0 && ProcessTable.IsRunning(TorProcessId, "tor"))
        {
            using var tor = Process.GetProcessById(TorProcessId);
            tor.Kill();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await tor.WaitForExitAsync(timeout.Token);
        }

        process.Dispose();
    }

    /// <summary>artifacts/bin/Offline.Relay/CONFIG/Offline.Relay.dll beside this test project's output.</summary>
    private static string RelayDll()
    {
        var testDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.Combine(testDir.Parent!.Parent!.FullName, "Offline.Relay", testDir.Name, "Offline.Relay.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("relay not built", dll);
    }

    private static string WebAppFile() =>
        typeof(OnionRelay).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "WebAppFile").Value!;

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        if (OnionLine().Match(line) is { Success: true } onion)
        {
            OnionHost = onion.Groups[1].Value;
        }

        if (ListeningLine().Match(line) is { Success: true } listening)
        {
            Port = int.Parse(listening.Groups[1].Value, CultureInfo.InvariantCulture);
        }
    }

    [GeneratedRegex(@"^onion: http://([a-z2-7]{56}\.onion)/app$")]
    private static partial Regex OnionLine();

    [GeneratedRegex(@"listening on http://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();
}
