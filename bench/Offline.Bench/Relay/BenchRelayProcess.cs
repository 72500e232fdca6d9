using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Offline.Bench;

/// <summary>
/// The real relay (Release build, memory store) in its own process on 127.0.0.1, so its memory is
/// measured alone. Production settings unless the caller passes relay arguments (configuration
/// overrides such as <see cref="LiftFrameRate"/> or <see cref="StampDifficulty"/>). Used by the relay
/// and the observer benchmarks.
/// </summary>
internal sealed partial class BenchRelayProcess : IAsyncDisposable
{
    /// <summary>Lifts only the per-connection frame rate: the relay benchmark drives each connection far above a person's rate.</summary>
    public static readonly string[] LiftFrameRate = ["--Relay:Limits:FramesPerSecond", "1000000", "--Relay:Limits:FrameBurst", "1000000"];

    private readonly Process process;

    private BenchRelayProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    /// <summary>The relay's port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The relay's WebSocket endpoint (what the raw bench client opens).</summary>
    public Uri SocketUri => new($"ws://127.0.0.1:{Port}/ws");

    /// <summary>The relay address as the engine's clients take it.</summary>
    public string Url => $"ws://127.0.0.1:{Port}";

    /// <summary>The first-contact stamp difficulty, in bits (the observer bench sets it low: setup cost only).</summary>
    public static string[] StampDifficulty(int bits) => ["--Relay:Limits:StampDifficultyBits", bits.ToString(CultureInfo.InvariantCulture)];

    /// <summary>Resident set size of the relay process, KiB (VmRSS).</summary>
    public long ResidentKib()
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <param name="relayArguments">Extra relay command-line arguments (configuration overrides), after the listening address.</param>
    public static async Task<BenchRelayProcess> StartAsync(params IEnumerable<string> relayArguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "..", "..", "Offline.Relay", "release", "Offline.Relay.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[Path.GetFullPath(dll), "--urls", "http://127.0.0.1:0", .. relayArguments])
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
                // Keep draining stdout so the relay never blocks on a full pipe.
                _ = Task.Run(async () =>
                {
                    while (await process.StandardOutput.ReadLineAsync() is not null)
                    {
                    }
                });
                return new BenchRelayProcess(process, int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
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

    [GeneratedRegex(@"listening on http://127\.0\.0\.1:(\d+)")]
    private static partial Regex Listening();
}
