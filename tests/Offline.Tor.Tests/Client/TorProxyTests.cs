using System.Net;
using Offline.Client.Tor;

namespace Offline.Tor.Tests.Client;

public sealed class TorProxyTests
{
    private static readonly IPEndPoint Socks = new(IPAddress.Loopback, 9150);

    [Fact]
    public void ForNewCircuit_EachCall_FreshCredentialsSameSocksProxy()
    {
        var first = TorProxy.ForNewCircuit(Socks);
        var second = TorProxy.ForNewCircuit(Socks);
        var target = new Uri("ws://abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcd.onion/ws");

        var (a, b) = (first.Credentials!.GetCredential(target, "socks5")!, second.Credentials!.GetCredential(target, "socks5")!);

        Assert.Equal(new Uri("socks5://127.0.0.1:9150"), first.GetProxy(target));
        Assert.Equal(32, a.UserName.Length);
        Assert.NotEqual(a.UserName, b.UserName);
        Assert.NotEqual(a.Password, b.Password);
    }

    [Fact]
    public void ForNewCircuit_LoopbackTarget_NotBypassed()
    {
        var proxy = TorProxy.ForNewCircuit(Socks);

        Assert.False(proxy.IsBypassed(new Uri("ws://127.0.0.1:8080/ws")));
        Assert.False(proxy.IsBypassed(new Uri("ws://localhost:8080/ws")));
    }

    [Theory]
    [InlineData(null, "127.0.0.1:9050")]
    [InlineData("", "127.0.0.1:9050")]
    [InlineData("127.0.0.1:9150", "127.0.0.1:9150")]
    [InlineData("[::1]:9050", "[::1]:9050")]
    [InlineData("tor.internal:9050", "tor.internal:9050")]
    public void TryParseSocksEndPoint_Valid_Parsed(string? text, string expected)
    {
        Assert.True(TorProxy.TryParseSocksEndPoint(text, out var socks));
        Assert.Equal(expected, socks switch { DnsEndPoint dns => $"{dns.Host}:{dns.Port}", _ => socks.ToString() });
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("host")]
    [InlineData("host:0")]
    [InlineData("host:70000")]
    [InlineData("bad host:9050")]
    public void TryParseSocksEndPoint_Invalid_False(string text) =>
        Assert.False(TorProxy.TryParseSocksEndPoint(text, out _));

    [Fact]
    public void IsOnion_OnlyOnionHosts() =>
        Assert.Equal([true, false], [TorProxy.IsOnion(new Uri("ws://x.onion/ws")), TorProxy.IsOnion(new Uri("ws://127.0.0.1:8080/ws"))]);
}
