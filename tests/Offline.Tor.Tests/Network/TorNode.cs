using System.Diagnostics;

namespace Offline.Tor.Tests.Network;

/// <summary>
/// One tor process of the private network: its data directory, its torrc, and its notice log
/// (where readiness shows, e.g. "Bootstrapped 100"). Disposing kills it and waits for it.
/// </summary>
public sealed class TorNode : IAsyncDisposable
{
    private readonly Process process;

    private TorNode(string name, string dataDirectory, Process process)
    {
        Name = name;
        DataDirectory = dataDirectory;
        this.process = process;
    }

    public string Name { get; }

    public string DataDirectory { get; }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    public string NoticeLog => Path.Combine(DataDirectory, "notice.log");

    /// <summary>Writes <paramref name="torrc"/> into the data directory and starts tor on it.</summary>
    public static TorNode Start(string torPath, string name, string dataDirectory, IEnumerable<string> torrc)
    {
        var file = Path.Combine(dataDirectory, "torrc");
        File.WriteAllLines(file, torrc);
        var info = new ProcessStartInfo(torPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-f");
        info.ArgumentList.Add(file);
        info.ArgumentList.Add("--hush");
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new TorNode(name, dataDirectory, process);
    }

    public string ReadLog() => File.Exists(NoticeLog) ? File.ReadAllText(NoticeLog) : "";

    /// <summary>Waits (bounded) for a line of the notice log to contain <paramref name="text"/>; fails fast if tor exits.</summary>
    public Task WaitForLogAsync(string text, TimeSpan deadline) =>
        Wait.UntilAsync(
            () => process.HasExited ? throw new InvalidOperationException($"tor {Name} exited: {Tail()}") : ReadLog().Contains(text, StringComparison.Ordinal),
            deadline,
            () => $"tor {Name} never logged \"{text}\": {Tail()}");

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Already reaped.
        }

        process.Dispose();
    }

    private string Tail()
    {
        var lines = ReadLog().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(" | ", lines.TakeLast(5));
    }
}
