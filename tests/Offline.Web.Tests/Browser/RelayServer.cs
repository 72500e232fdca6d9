using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Offline.Web.Tests.Browser;

/// <summary>
/// The real relay program (built beside the tests, run as `dotnet Offline.Relay.dll`) on a free 127.0.0.1
/// port with the memory store, a low stamp difficulty (first contacts are cheap) and this checkout's
/// web/app.html, so the browser loads /app and /ws from one origin, as users do. Ready when it prints its
/// startup line and /healthz answers; <see cref="Stop"/> kills it (the whole tree) and waits.
/// </summary>
public sealed class RelayServer : IAsyncDisposable
{
    public const int StampDifficultyBits = 8;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private Process? process;

    private readonly IReadOnlyDictionary<string, string> settings;

    private RelayServer(int port, IReadOnlyDictionary<string, string>? settings = null)
    {
        Port = port;
        this.settings = settings ?? new Dictionary<string, string>();
    }

    public int Port { get; }

    /// <summary>http://127.0.0.1:PORT (no trailing slash).</summary>
    public Uri Origin => new($"http://127.0.0.1:{Port}");

    public Uri AppUrl => new(Origin, "/app");

    /// <summary>
    /// /app with the test knob <c>?slot=250</c>: the default profile's shape (1 KiB cells, jitter, cover,
    /// rotation) on a 250 ms grid, so conversations that are not about timing run in seconds (docs/WEB.md,
    /// "Test knobs"). <see cref="AppUrl"/> runs the real 1 s schedule.
    /// </summary>
    public Uri FastAppUrl => new(Origin, "/app?slot=250");

    /// <summary>ws://127.0.0.1:PORT, what the CLI's --relay takes.</summary>
    public string WebSocketUrl => $"ws://127.0.0.1:{Port}";

    public static string ProgramPath
    {
        get
        {
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var path = Path.Combine(here.Parent!.Parent!.FullName, "Offline.Relay", here.Name, "Offline.Relay.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Offline.Relay is not built beside the tests", path);
        }
    }

    public static async Task<RelayServer> StartAsync()
    {
        var relay = new RelayServer(FreePort());
        await relay.StartAgainAsync();
        return relay;
    }

    /// <summary>
    /// A relay of its own with extra configuration, e.g. <c>Relay:App:Path</c>, <c>Relay:Canary:Path</c> or
    /// <c>Relay:Release:Manifest</c>: each "Relay:X:Y" key is set as OFFLINE_RELAY_X__Y, over the defaults.
    /// </summary>
    public static async Task<RelayServer> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var relay = new RelayServer(FreePort(), settings);
        await relay.StartAgainAsync();
        return relay;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs `offline-relay --app-hash` with the same app file and returns what it prints.</summary>
    public static async Task<string> AppHashAsync()
    {
        var info = Info("--app-hash");
        using var run = Process.Start(info)!;
        var output = await run.StandardOutput.ReadToEndAsync();
        await run.WaitForExitAsync();
        Assert.Equal(0, run.ExitCode);
        return output.Trim();
    }

    private static ProcessStartInfo Info(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(ProgramPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["OFFLINE_RELAY_LIMITS__STAMPDIFFICULTYBITS"] = StampDifficultyBits.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["OFFLINE_RELAY_APP__PATH"] = BrowserFixture.WebAppPath;
        info.Environment["DOTNET_NOLOGO"] = "1";
        return info;
    }

    /// <summary>Starts the program (again, after <see cref="Stop"/>) on the same port.</summary>
    public async Task StartAgainAsync()
    {
        if (process is not null)
        {
            throw new InvalidOperationException("The relay is running.");
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var info = Info("--urls", Origin.ToString().TrimEnd('/'), "--store", "memory");
        foreach (var (key, value) in settings)
        {
            var name = key.StartsWith("Relay:", StringComparison.Ordinal) ? key["Relay:".Length..] : throw new ArgumentException($"'{key}' is not a Relay: setting.");
            info.Environment["OFFLINE_RELAY_" + name.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant()] = value;
        }

        var started = new Process { StartInfo = info, EnableRaisingEvents = true };
        started.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("listening on", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        started.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("the relay exited during startup"));
        started.Start();
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;
        try
        {
            await ready.Task.WaitAsync(StartTimeout);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            Assert.Equal("ok", (await http.GetStringAsync(new Uri(Origin, "/healthz"))).Trim());
        }
        catch
        {
            Stop();
            throw;
        }
    }

    /// <summary>Kills the relay and waits until it is gone (a crash, as far as anyone can tell).</summary>
    public void Stop()
    {
        if (process is null)
        {
            return;
        }

        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        process.WaitForExit(30_000);
        process.Dispose();
        process = null;
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }
}
