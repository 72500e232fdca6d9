using System.Globalization;
using System.Text;

namespace Offline.Relay.Onion;

/// <summary>
/// The torrc the relay gives its own tor: one v3 onion service whose port 80 is the relay's
/// loopback listener, no SOCKS port unless asked, scrubbed logs to a file in tor's own data
/// directory, and tor tied to the relay's process so it cannot outlive it.
/// </summary>
internal static class OnionTorrc
{
    public const string ServiceFolder = "service";
    public const string TorFolder = "tor";
    public const string FileName = "torrc";
    public const string LogFile = "notice.log";

    public static string Build(OnionOptions options, string target, int owningProcessId)
    {
        var tor = Path.Combine(options.DataDirectory, TorFolder);
        var lines = new List<string>
        {
            // 1. State: tor's cache and the service keys (whose public half is the .onion address) live in the data directory.
            $"DataDirectory {tor}",
            $"HiddenServiceDir {Path.Combine(options.DataDirectory, ServiceFolder)}",
            $"HiddenServicePort 80 {target}",

            // 2. Nothing else listens: no SOCKS port for local programs unless the operator asks for one, never a control port.
            options.SocksPort == 0 ? "SocksPort 0" : $"SocksPort 127.0.0.1:{options.SocksPort.ToString(CultureInfo.InvariantCulture)}",

            // 3. Logs never hold addresses (SafeLogging scrubs them) nor times of day (timestamps rounded to the day, like
            //    the relay's day numbers) and go to a file beside tor's state, not to our output.
            "SafeLogging 1",
            "LogTimeGranularity 86400000",
            $"Log notice file {Path.Combine(tor, LogFile)}",
            "RunAsDaemon 0",

            // 4. tor polls this process id and exits when the relay is gone, even after kill -9.
            $"__OwningControllerProcess {owningProcessId.ToString(CultureInfo.InvariantCulture)}",
        };

        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        if (options.ExtraTorrc is { } extra)
        {
            text.Append("# appended from Relay:Onion:ExtraTorrc\n").Append(File.ReadAllText(extra)).Append('\n');
        }

        return text.ToString();
    }
}
