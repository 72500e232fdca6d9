using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Offline.Bench;

/// <summary>The real relay (Release build, memory store) in its own process on 127.0.0.1, so its memory is measured alone.</summary>
internal sealed partial class BenchRelayProcess : IAsyncDisposable
{
    private readonly Process process;

    private BenchRelayProcess(Process process, Uri socketUri)
    {
        this.process = process;
        SocketUri = socketUri;
    }

    public Uri SocketUri { get; }

    /// <summary>Resident set size of the relay process, KiB (VmRSS).</summary>
    public long ResidentKib()
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<BenchRelayProcess> StartAsync()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "..", "..", "Offline.Relay", "release", "Offline.Relay.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            Path.GetFullPath(dll), "--urls", "http://127.0.0.1:0",
            // The benchmark drives each connection far above a person's rate; lift only the per-connection rate.
            "--Relay:Limits:FramesPerSecond", "1000000", "--Relay:Limits:FrameBurst", "1000000",
        })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            var match = Listening().Match(line);
            if (match.Success)
            {
                return new BenchRelayProcess(process, new Uri($"ws://{match.Groups[1].Value}/ws"));
            }
        }

        process.Kill();
        throw new InvalidOperationException("relay did not start");
    }

    public async ValueTask DisposeAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }

    [GeneratedRegex(@"listening on http://(127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
