using System.Diagnostics;
using System.Globalization;

namespace Offline.Tor.Tests.Network;

/// <summary>A directory authority: its v3 identity (tor-gencert) and relay fingerprint, and its torrc.</summary>
internal sealed class Authority
{
    private static readonly TimeSpan ToolWait = TimeSpan.FromSeconds(60);

    private Authority(string nickname, string dataDirectory, int orPort, int dirPort, string v3Ident, string fingerprint)
    {
        Nickname = nickname;
        DataDirectory = dataDirectory;
        OrPort = orPort;
        DirPort = dirPort;
        V3Ident = v3Ident;
        Fingerprint = fingerprint;
    }

    public string Nickname { get; }

    public string DataDirectory { get; }

    public int OrPort { get; }

    public int DirPort { get; }

    public string V3Ident { get; }

    public string Fingerprint { get; }

    public string DirAuthorityLine =>
        string.Create(CultureInfo.InvariantCulture, $"DirAuthority {Nickname} orport={OrPort} no-v2 v3ident={V3Ident} 127.0.0.1:{DirPort} {Fingerprint}");

    public static async Task<Authority> CreateAsync(string torPath, string dataDirectory, string nickname)
    {
        var (orPort, dirPort) = (FreePort.Next(), FreePort.Next());
        var keys = Path.Combine(dataDirectory, "keys");
        Directory.CreateDirectory(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        // 1. The authority's v3 identity and signing keys (empty passphrase on stdin), valid 12 months.
        await RunAsync("tor-gencert", "\n",
            "--create-identity-key", "-m", "12", "-a", $"127.0.0.1:{dirPort}",
            "-i", Path.Combine(keys, "authority_identity_key"), "-s", Path.Combine(keys, "authority_signing_key"),
            "-c", Path.Combine(keys, "authority_certificate"), "--passphrase-fd", "0");
        var v3Ident = File.ReadLines(Path.Combine(keys, "authority_certificate"))
            .First(l => l.StartsWith("fingerprint ", StringComparison.Ordinal))["fingerprint ".Length..].Trim();

        // 2. Its relay identity: "NICK AAAA BBBB …" → the hex groups joined.
        var listed = await RunAsync(torPath, null, "--list-fingerprint", "--DataDirectory", dataDirectory, "--ORPort", orPort.ToString(CultureInfo.InvariantCulture), "--quiet");
        var line = listed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last().Trim();
        var fingerprint = string.Concat(line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1));
        return new Authority(nickname, dataDirectory, orPort, dirPort, v3Ident, fingerprint);
    }

    public IEnumerable<string> Torrc() =>
    [
        $"Nickname {Nickname}",
        "Address 127.0.0.1",
        $"ORPort 127.0.0.1:{OrPort}",
        $"DirPort 127.0.0.1:{DirPort}",
        "SocksPort 0",
        "AuthoritativeDirectory 1",
        "V3AuthoritativeDirectory 1",
        "ContactInfo x@test.test",
        "TestingV3AuthInitialVotingInterval 10",
        "TestingV3AuthInitialVoteDelay 2",
        "TestingV3AuthInitialDistDelay 2",
        "V3AuthVotingInterval 10",
        "V3AuthVoteDelay 2",
        "V3AuthDistDelay 2",
        "ExitPolicy accept 127.0.0.0/8:*",
        "ExitPolicyRejectPrivate 0",
    ];

    private static async Task<string> RunAsync(string program, string? input, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input ?? "");
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync().WaitAsync(ToolWait);
        }
        catch (TimeoutException)
        {
            process.Kill();
            await process.WaitForExitAsync();
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {await stderr} {await stdout}");
        }

        return await stdout;
    }
}
