using System.Diagnostics;

namespace Offline.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A long-running `offline` command (receive --follow, chat): its stdout lines as they come, a bounded
/// wait for a line, a polite stop (SIGTERM, like a service manager) and a kill on Dispose if needed.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process process;
    private readonly List<string> lines = [];
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CliProcess(ProcessStartInfo info)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data is null ? null : "stderr: " + e.Data);
        process.Exited += (_, _) => Signal();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public StreamWriter Input => process.StandardInput;

    public string Output
    {
        get
        {
            lock (lines)
            {
                return string.Join('\n', lines);
            }
        }
    }

    /// <summary>Waits (bounded) until some line satisfies <paramref name="match"/>; fails with the output so far.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task next;
            lock (lines)
            {
                if (lines.FirstOrDefault(match) is { } found)
                {
                    return found;
                }

                Assert.False(process.HasExited, $"the command exited before the expected line:\n{Output}");
                next = changed.Task;
            }

            try
            {
                await next.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"no expected line within {timeout.TotalSeconds} s:\n{Output}");
            }
        }
    }

    /// <summary>SIGTERM, then the exit code (bounded wait).</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(deadline.Token);
        return process.ExitCode;
    }

    /// <summary>Waits (bounded) for the command to end by itself; its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(deadline.Token);
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Add(line);
        }

        Signal();
    }

    private void Signal()
    {
        TaskCompletionSource done;
        lock (lines)
        {
            done = changed;
            changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        done.TrySetResult();
    }
}
