using System.Diagnostics;
using Offline.EndToEnd.Tests.Infrastructure;

namespace Offline.EndToEnd.Tests.Release;

/// <summary>Runs one program to its end (bounded), with none of the caller's OFFLINE_* or SOURCE_DATE_EPOCH settings leaking in.</summary>
internal static class ProgramRun
{
    public static async Task<CliResult> RunAsync(string fileName, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("OFFLINE_", StringComparison.Ordinal)).ToArray())
        {
            info.Environment.Remove(name);
        }

        // The release takes its time stamp from the commit unless told otherwise: these tests rely on that.
        info.Environment.Remove("SOURCE_DATE_EPOCH");
        info.Environment["NO_COLOR"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(info)!;
        try
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(timeout);
            await process.WaitForExitAsync(deadline.Token);
            return new CliResult(process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
    }

    /// <summary>Runs and asserts exit 0, showing the output when not.</summary>
    public static async Task<CliResult> RunOkAsync(string fileName, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null)
    {
        var list = args.ToArray();
        var result = await RunAsync(fileName, list, timeout, workingDirectory);
        Assert.True(result.ExitCode == 0, $"{fileName} {string.Join(' ', list)}\n{result}");
        return result;
    }
}
