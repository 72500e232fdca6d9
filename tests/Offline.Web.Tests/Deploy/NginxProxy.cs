using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Offline.Web.Tests.Browser;

namespace Offline.Web.Tests.Deploy;

/// <summary>
/// The real nginx (Debian's /usr/sbin/nginx) running the shipped deploy/nginx/offline-relay.conf on
/// loopback, with only its <c># SITE</c> lines substituted (<see cref="SiteLines"/>): ports picked at
/// run time, the throwaway certificate, a pid file in its own temp prefix, and the upstream port.
/// Started as `nginx -c FILE -p PREFIX -e stderr -g 'daemon off;'` (a child process; -e sends the
/// startup log, which nginx opens before reading any configuration, to stderr instead of
/// /var/log/nginx), ready when both ports accept, stopped with SIGTERM (then killed) on Dispose.
///
/// The shipped file keeps `user www-data;`: run as root (CI), nginx's master reads the certificate
/// and the workers drop to www-data, as on a server; run as another user, nginx ignores the line
/// with a warning on stderr and everything else works the same.
/// </summary>
internal sealed class NginxProxy : IDisposable
{
    public const string NginxPath = "/usr/sbin/nginx";
    private const int StartAttempts = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private readonly Process process;
    private readonly StringBuilder stderr = new();

    private NginxProxy(Process process, string prefix, int httpPort, int httpsPort)
    {
        this.process = process;
        Prefix = prefix;
        HttpPort = httpPort;
        HttpsPort = httpsPort;
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
    }

    /// <summary>The folder nginx runs in: its rendered configuration, pid file and anything it writes.</summary>
    public string Prefix { get; }

    public int HttpPort { get; }

    public int HttpsPort { get; }

    public Uri HttpsOrigin => new($"https://127.0.0.1:{HttpsPort}");

    public string WebSocketUrl => $"wss://127.0.0.1:{HttpsPort}";

    public string ConfigPath => Path.Combine(Prefix, "nginx.conf");

    /// <summary>Everything nginx printed on stdout and stderr so far.</summary>
    public string Stderr
    {
        get
        {
            lock (stderr)
            {
                return stderr.ToString();
            }
        }
    }

    /// <summary>The shipped file, as in the repository.</summary>
    public static string ShippedConfigPath => Path.Combine(DeployFiles.Root, "nginx", "offline-relay.conf");

    /// <summary>
    /// Runs the shipped configuration in front of 127.0.0.1:<paramref name="upstreamPort"/>.
    /// <paramref name="controlEdit"/> is for the control experiment only (a deliberately changed
    /// copy, to show a check can fail); every real test passes null.
    /// </summary>
    public static async Task<NginxProxy> StartAsync(ThrowawayCertificates certificates, int upstreamPort, Func<string, string>? controlEdit = null)
    {
        if (!File.Exists(NginxPath))
        {
            throw new InvalidOperationException($"{NginxPath} is missing: install the Debian package 'nginx' (./test does).");
        }

        var shipped = await File.ReadAllTextAsync(ShippedConfigPath);
        if (controlEdit is not null)
        {
            shipped = controlEdit(shipped);
        }

        for (var attempt = 1; ; attempt++)
        {
            var prefix = Path.Combine(Path.GetTempPath(), "offline-nginx-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(prefix);
            var (http, https) = (FreePort(), FreePort());
            await File.WriteAllTextAsync(Path.Combine(prefix, "nginx.conf"), SiteLines.Render(shipped, Replacements(prefix, http, https, upstreamPort, certificates)));
            var proxy = new NginxProxy(Launch(prefix), prefix, http, https);
            try
            {
                await proxy.WaitReadyAsync();
                return proxy;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts && proxy.Stderr.Contains("Address already in use", StringComparison.Ordinal))
            {
                // Another process took a port between picking and binding it: pick again.
                proxy.Dispose();
            }
            catch
            {
                proxy.Dispose();
                throw;
            }
        }
    }

    /// <summary>The only values the test changes; each key is a <c># SITE</c> name in the shipped file.</summary>
    public static Dictionary<string, string> Replacements(string prefix, int http, int https, int upstream, ThrowawayCertificates certificates)
    {
        var v6 = Ipv6LoopbackUsable() ? "[::1]" : "127.0.0.2";
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["pid"] = $"pid {Path.Combine(prefix, "nginx.pid")};",
            ["http-listen"] = $"listen 127.0.0.1:{http} default_server;",
            ["http-listen-v6"] = $"listen {v6}:{http} default_server;",
            ["https-listen"] = $"listen 127.0.0.1:{https} ssl default_server;",
            ["https-listen-v6"] = $"listen {v6}:{https} ssl default_server;",
            ["server-name"] = "server_name localhost;",
            ["certificate"] = $"ssl_certificate {certificates.ServerPemPath};",
            ["certificate-key"] = $"ssl_certificate_key {certificates.ServerKeyPath};",
            ["upstream"] = $"server 127.0.0.1:{upstream};",
        };
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                // SIGTERM: nginx's fast shutdown (master and workers); a kill of the tree if it lingers.
                using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
                {
                    term.WaitForExit(5_000);
                }

                if (!process.WaitForExit(10_000))
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(10_000);
                }
            }
        }
        finally
        {
            process.Dispose();
            if (Directory.Exists(Prefix))
            {
                Directory.Delete(Prefix, recursive: true);
            }
        }
    }

    private static Process Launch(string prefix)
    {
        var info = new ProcessStartInfo(NginxPath) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-c", Path.Combine(prefix, "nginx.conf"), "-p", prefix + "/", "-e", "stderr", "-g", "daemon off;" })
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }

    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        foreach (var port in new[] { HttpPort, HttpsPort })
        {
            while (!await AcceptsAsync(port))
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"nginx did not start on 127.0.0.1:{port}:\n{Stderr}");
                }

                await Task.Delay(50);
            }
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>A port free on 127.0.0.1 and, where the host has IPv6 loopback, on ::1 too (nginx binds both). Bound, never listened on.</summary>
    private static int FreePort()
    {
        while (true)
        {
            using var v4 = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            v4.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)v4.LocalEndPoint!).Port;
            if (!Ipv6LoopbackUsable() || Bindable(IPAddress.IPv6Loopback, port))
            {
                return port;
            }
        }
    }

    private static bool Ipv6LoopbackUsable() => Socket.OSSupportsIPv6 && Bindable(IPAddress.IPv6Loopback, 0);

    private static bool Bindable(IPAddress address, int port)
    {
        try
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(address, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (stderr)
        {
            stderr.AppendLine(line);
        }
    }
}
