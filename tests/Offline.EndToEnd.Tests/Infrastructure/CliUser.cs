using System.Diagnostics;
using System.Security.Cryptography;

namespace Offline.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One person at a terminal: their own home directory and passphrase. Every command is a separate
/// `offline` process (so each side restarts between commands), with a bounded run time.
/// </summary>
internal sealed class CliUser
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    public CliUser(string home, Func<string> relayUrl)
    {
        Home = home;
        RelayUrl = relayUrl;
    }

    public string Home { get; }

    public Func<string> RelayUrl { get; }

    public string Passphrase { get; set; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public string Id { get; private set; } = string.Empty;

    /// <summary>Global options added to every command after --home and --relay (e.g. --tor=HOST:PORT).</summary>
    public IReadOnlyList<string> GlobalArgs { get; init; } = [];

    /// <summary>
    /// The schedule's period for paced profiles, in ms (OFFLINE_SLOT_MS). Tests run the default profile's
    /// shape on a faster grid so a conversation takes seconds; null runs the real period.
    /// </summary>
    public int? SlotMilliseconds { get; init; } = 100;

    /// <summary>More environment for every command (e.g. OFFLINE_TRAFFIC=off, OFFLINE_ROTATE_SECONDS=2).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>generate-id, remembering the printed ID.</summary>
    public async Task<CliResult> GenerateIdAsync()
    {
        var result = await RunOkAsync("generate-id", "--json");
        Id = (string)result.EventsOf("identity").Single()["id"]!;
        return result;
    }

    public Task<CliResult> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    /// <summary>Runs and asserts exit code 0, showing the output when it is not.</summary>
    public async Task<CliResult> RunOkAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 0, $"offline {string.Join(' ', args)}\n{result}");
        return result;
    }

    /// <summary>`receive --json` until <paramref name="done"/> holds for everything received so far (each call ends when the relay has nothing more), at most 90 s.</summary>
    public async Task<CliResult> ReceiveUntilAsync(Func<CliResult, bool> done)
    {
        var all = new List<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var result = await RunOkAsync("receive", "--json");
            all.Add(result.Stdout);
            var merged = result with { Stdout = string.Join('\n', all) };
            if (done(merged) || DateTime.UtcNow > deadline)
            {
                return merged;
            }
        }
    }

    /// <summary>Starts a long-running command (receive --follow, chat); the caller stops and disposes it.</summary>
    public CliProcess Start(params string[] args) => new(StartInfo(args));

    public async Task<CliResult> RunWithInputAsync(string? input, params string[] args)
    {
        var info = StartInfo(args);
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;

        using var process = Process.Start(info)!;
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input);
            }

            process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(CommandTimeout);
            await process.WaitForExitAsync(timeout.Token);
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

    private ProcessStartInfo StartInfo(string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        foreach (var arg in new[] { BuiltPrograms.Cli, "--home", Home, "--relay", RelayUrl() }.Concat(GlobalArgs).Concat(args))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("OFFLINE_HOME");
        info.Environment.Remove("OFFLINE_RELAY");
        info.Environment["OFFLINE_PASSPHRASE"] = Passphrase;
        info.Environment["OFFLINE_STAMP_BITS"] = "8";
        info.Environment["NO_COLOR"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment.Remove("OFFLINE_TRAFFIC");
        info.Environment.Remove("OFFLINE_SLOT_MS");
        info.Environment.Remove("OFFLINE_ROTATE_SECONDS");
        if (SlotMilliseconds is { } slot)
        {
            info.Environment["OFFLINE_SLOT_MS"] = slot.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (name, value) in Environment)
        {
            info.Environment[name] = value;
        }

        return info;
    }
}
