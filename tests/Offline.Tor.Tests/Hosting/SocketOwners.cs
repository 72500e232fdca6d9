using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Offline.Tor.Tests.Hosting;

/// <summary>
/// Who holds the client end of each established TCP connection to a local port, from
/// <c>ss -tnpH</c>: one entry per connection, the owning process ids (empty when unknown).
/// </summary>
internal static partial class SocketOwners
{
    public static async Task<IReadOnlyList<IReadOnlyList<int>>> ClientsOfAsync(int port)
    {
        var info = new ProcessStartInfo("ss", ["-tnpH", "state", "established"]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var ss = Process.Start(info)!;
        var text = await ss.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await ss.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, ss.ExitCode);

        // Columns: Recv-Q Send-Q Local:Port Peer:Port [users:(("name",pid=N,fd=M),…)]; the client end has the port as its peer.
        var suffix = ":" + port.ToString(CultureInfo.InvariantCulture);
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 4 && fields[3].EndsWith(suffix, StringComparison.Ordinal))
            .Select(fields => (IReadOnlyList<int>)[.. Pid().Matches(string.Join(' ', fields.Skip(4))).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))])];
    }

    [GeneratedRegex(@"pid=(\d+)")]
    private static partial Regex Pid();
}
