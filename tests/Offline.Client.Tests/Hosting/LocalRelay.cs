using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Offline.Client.Tests.Hosting;

/// <summary>
/// The real relay program (built beside the tests, run as <c>dotnet Offline.Relay.dll</c>) on a free
/// 127.0.0.1 port with the memory store and a test stamp difficulty; ready when /healthz answers;
/// killed (whole tree) on dispose.
/// </summary>
internal sealed class LocalRelay : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process process;
    private readonly StringBuilder output = new();

    private LocalRelay(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"ws://127.0.0.1:{Port}";

    /// <summary>What the relay printed (for failure messages).</summary>
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

    public static async Task<LocalRelay> StartAsync()
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { RelayDll(), "--urls", $"http://127.0.0.1:{port}", "--store", "memory" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["OFFLINE_RELAY_LIMITS__STAMPDIFFICULTYBITS"] = "8";
        info.Environment["DOTNET_NOLOGO"] = "1";
        var relay = new LocalRelay(new Process { StartInfo = info }, port);
        relay.process.OutputDataReceived += (_, e) => relay.Append(e.Data);
        relay.process.ErrorDataReceived += (_, e) => relay.Append(e.Data);
        relay.process.Start();
        relay.process.BeginOutputReadLine();
        relay.process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await Eventually.TrueAsync(
                async () =>
                {
                    Assert.False(relay.process.HasExited, "the relay exited during startup:\n" + relay.Output);
                    try
                    {
                        return (await http.GetStringAsync($"http://127.0.0.1:{port}/healthz")).Trim() == "ok";
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                StartTimeout,
                "the relay did not start");
            return relay;
        }
        catch
        {
            relay.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
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
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RelayDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(here.Parent!.Parent!.FullName, "Offline.Relay", here.Name, "Offline.Relay.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Offline.Relay is not built beside the tests", path);
    }

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
    }
}
