using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Offline.Relay.Tests.Hosting;

/// <summary>
/// The real relay program in its own process on 127.0.0.1 (a port the OS picks), with stdout and
/// stderr captured. Disposing kills it and waits for it to exit.
/// </summary>
internal sealed partial class RelayProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource<string> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RelayProcess(Process process)
    {
        this.process = process;
    }

    public Uri SocketUri { get; private set; } = null!;

    public string ListenUrl { get; private set; } = "";

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
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

    public static async Task<RelayProcess> StartAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(RelayDll());
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var relay = new RelayProcess(new Process { StartInfo = info });
        relay.process.OutputDataReceived += (_, e) => relay.Append(e.Data);
        relay.process.ErrorDataReceived += (_, e) => relay.Append(e.Data);
        relay.process.Start();
        relay.process.BeginOutputReadLine();
        relay.process.BeginErrorReadLine();
        try
        {
            relay.ListenUrl = await relay.listening.Task.WaitAsync(RelayClient.Wait);
        }
        catch (TimeoutException)
        {
            await relay.DisposeAsync();
            throw new InvalidOperationException($"relay did not start: {relay.Output}");
        }

        relay.SocketUri = new Uri(relay.ListenUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/ws");
        return relay;
    }

    /// <summary>Runs the program to its exit (for one-shot commands and startup errors); bounded wait.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToExitAsync(params string[] args)
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
            await process.WaitForExitAsync().WaitAsync(RelayClient.Wait);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public async Task KillHardAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync().WaitAsync(RelayClient.Wait);
    }

    /// <summary>SIGTERM: the host shuts down gracefully (so any shutdown output is captured too).</summary>
    public async Task StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        try
        {
            await process.WaitForExitAsync().WaitAsync(RelayClient.Wait);
        }
        catch (TimeoutException)
        {
            await KillHardAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await KillHardAsync();
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

        var match = ListeningLine().Match(line);
        if (match.Success)
        {
            listening.TrySetResult(match.Groups[1].Value);
        }
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
