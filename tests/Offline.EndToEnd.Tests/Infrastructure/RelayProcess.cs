using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Offline.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real relay program on a free 127.0.0.1 port, with a low stamp difficulty so first contacts are
/// cheap. Ready when it prints its startup line and /healthz answers; killed (whole tree) on Stop/Dispose.
/// </summary>
internal sealed class RelayProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly string store;
    private readonly IReadOnlyList<string> extraArgs;
    private Process? process;

    private RelayProcess(int port, string store, IReadOnlyList<string>? extraArgs = null)
    {
        Port = port;
        this.store = store;
        this.extraArgs = extraArgs ?? [];
    }

    public int Port { get; }

    public string Url => $"ws://127.0.0.1:{Port}";

    /// <summary>Starts a relay; <paramref name="sqlitePath"/> null means the memory store.</summary>
    /// <param name="extraArgs">More relay options (e.g. --canary PATH).</param>
    public static async Task<RelayProcess> StartAsync(string? sqlitePath = null, IReadOnlyList<string>? extraArgs = null)
    {
        var relay = new RelayProcess(FreePort(), sqlitePath is null ? "memory" : "sqlite:" + sqlitePath, extraArgs);
        await relay.StartAgainAsync();
        return relay;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the program (again, after <see cref="Stop"/>) on the same port and store.</summary>
    public async Task StartAgainAsync()
    {
        if (process is not null)
        {
            throw new InvalidOperationException("The relay is running.");
        }

        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { BuiltPrograms.Relay, "--urls", $"http://127.0.0.1:{Port}", "--store", store }.Concat(extraArgs))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["OFFLINE_RELAY_LIMITS__STAMPDIFFICULTYBITS"] = "8";
        info.Environment["DOTNET_NOLOGO"] = "1";
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new Process { StartInfo = info };
        started.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("listening on", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        started.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("the relay exited during startup"));
        started.EnableRaisingEvents = true;
        started.Start();
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;
        try
        {
            await ready.Task.WaitAsync(StartTimeout);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            Assert.Equal("ok", (await http.GetStringAsync($"http://127.0.0.1:{Port}/healthz")).Trim());
        }
        catch
        {
            Stop();
            throw;
        }
    }

    /// <summary>Kills the relay and waits until it is gone (a crash, as far as the relay can tell).</summary>
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

    public void Dispose() => Stop();
}
