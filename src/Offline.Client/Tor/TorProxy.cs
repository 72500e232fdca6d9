using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace Offline.Client.Tor;

/// <summary>
/// Reaching a relay through Tor: a SOCKS5 proxy for <see cref="System.Net.WebSockets.ClientWebSocketOptions.Proxy"/>
/// (or <see cref="SocketsHttpHandler.Proxy"/>) that asks tor for a circuit of its own.
/// <para>
/// Isolation: tor puts streams whose SOCKS username/password differ on different circuits
/// (<c>IsolateSOCKSAuth</c>, on by default). Each call to <see cref="ForNewCircuit"/> makes fresh
/// random credentials, so one proxy per connection token means one circuit per token: when the
/// token rotates (a reconnect), the circuit changes too, and the exit-side view of two tokens
/// cannot be joined by a shared circuit.
/// </para>
/// <para>
/// .NET's SOCKS5 client sends a host name to the proxy as a name (address type 3), never
/// resolving it locally, so <c>.onion</c> relay URLs work and no DNS query leaves the machine;
/// it answers tor's username/password method with the proxy's credentials. Both are checked by
/// tests/Offline.Tor.Tests against a real tor.
/// </para>
/// </summary>
public static class TorProxy
{
    /// <summary>tor's default SOCKS port on this machine (the Debian tor service listens here).</summary>
    public static readonly IPEndPoint DefaultSocks = new(IPAddress.Loopback, 9050);

    /// <summary>Random bytes in each credential: enough that two connections never share a circuit by accident.</summary>
    private const int CredentialBytes = 16;

    /// <summary>
    /// A proxy for one connection, with credentials no other connection uses. Use a new one for
    /// every connection (every connection token); reusing one puts those connections on one circuit.
    /// </summary>
    public static IWebProxy ForNewCircuit(EndPoint socks)
    {
        ArgumentNullException.ThrowIfNull(socks);
        var (host, port) = socks switch
        {
            IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            DnsEndPoint dns => (dns.Host, dns.Port),
            _ => throw new ArgumentException("SOCKS endpoint must be an IPEndPoint or DnsEndPoint", nameof(socks)),
        };
        var authority = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
        return new WebProxy(new Uri(string.Create(CultureInfo.InvariantCulture, $"socks5://{authority}:{port}")))
        {
            // Nothing bypasses tor, not even local names: a relay URL must never be reached directly by mistake.
            BypassProxyOnLocal = false,
            Credentials = new NetworkCredential(RandomToken(), RandomToken()),
        };
    }

    /// <summary>
    /// Parses the value of <c>--tor [HOST:PORT]</c>: empty or null is <see cref="DefaultSocks"/>;
    /// otherwise an IPv4 or bracketed IPv6 address or a host name, with a port.
    /// </summary>
    public static bool TryParseSocksEndPoint(string? text, out EndPoint socks)
    {
        socks = DefaultSocks;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (IPEndPoint.TryParse(text, out var ip) && ip.Port != 0)
        {
            socks = ip;
            return true;
        }

        var colon = text.LastIndexOf(':');
        if (colon > 0 && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            && Uri.CheckHostName(text[..colon]) == UriHostNameType.Dns)
        {
            socks = new DnsEndPoint(text[..colon], port);
            return true;
        }

        return false;
    }

    /// <summary>True for a relay URL whose host is a Tor onion service (which only tor can reach).</summary>
    public static bool IsOnion(Uri relay) =>
        relay.Host.EndsWith(".onion", StringComparison.OrdinalIgnoreCase);

    private static string RandomToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(CredentialBytes));
}
