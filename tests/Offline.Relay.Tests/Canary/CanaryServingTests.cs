using Offline.Protocol.Primitives;
using Offline.Protocol.Statements;
using Offline.Protocol.Wire;
using Offline.Relay.Tests.Hosting;

namespace Offline.Relay.Tests.Canary;

/// <summary>FetchCanary through the real host: the file's exact bytes, on classic and paced connections, read afresh each time.</summary>
public sealed class CanaryServingTests : IDisposable
{
    private readonly string folder = System.IO.Directory.CreateTempSubdirectory("relay-canary-").FullName;

    public void Dispose() => System.IO.Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData(0)]
    [InlineData(1024)]
    [InlineData(4096)]
    public async Task FetchCanary_Configured_ReturnsTheFilesExactBytes(int cellSize)
    {
        var path = Path.Combine(folder, "canary.txt");
        var bytes = SignedCanary(new DateOnly(2026, 1, 1), "No warrants.");
        await File.WriteAllBytesAsync(path, bytes);
        await using var relay = new RelayFactory(new() { ["Relay:Canary:Path"] = path });
        await using var client = await RelayClient.ConnectAsync(relay.SocketUri, cellSize);
        await client.HelloAsync();

        var answer = await client.RequestAsync(RelayOp.FetchCanary, []);

        Assert.Equal(RelayOp.Canary, answer.Op);
        Assert.Equal(bytes, answer.Body.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1024)]
    public async Task FetchCanary_NoneConfigured_ErrorNoCanary(int cellSize)
    {
        await using var relay = new RelayFactory();
        await using var client = await RelayClient.ConnectAsync(relay.SocketUri, cellSize);
        await client.HelloAsync();

        Assert.Equal(RelayErrorCode.NoCanary, (await client.ErrorAsync(RelayOp.FetchCanary, [])).Code);
    }

    [Fact]
    public async Task FetchCanary_FileMissingOrReplacedWhileRunning_ServedAsItIsNow()
    {
        var path = Path.Combine(folder, "canary.txt");
        await using var relay = new RelayFactory(new() { ["Relay:Canary:Path"] = path });
        await using var client = await relay.HelloAsync();
        Assert.Equal(RelayErrorCode.NoCanary, (await client.ErrorAsync(RelayOp.FetchCanary, [])).Code);

        var first = SignedCanary(new DateOnly(2026, 1, 1), "first");
        await File.WriteAllBytesAsync(path, first);
        Assert.Equal(first, (await client.RequestAsync(RelayOp.FetchCanary, [])).Body.ToArray());

        var renewed = SignedCanary(new DateOnly(2026, 2, 1), "renewed");
        await File.WriteAllBytesAsync(path, renewed);
        Assert.Equal(renewed, (await client.RequestAsync(RelayOp.FetchCanary, [])).Body.ToArray());

        File.Delete(path);
        Assert.Equal(RelayErrorCode.NoCanary, (await client.ErrorAsync(RelayOp.FetchCanary, [])).Code);
    }

    [Fact]
    public async Task FetchCanary_FileOverTheLimit_ErrorNoCanary()
    {
        var path = Path.Combine(folder, "canary.txt");
        await File.WriteAllBytesAsync(path, new byte[StatementLimits.MaxCanaryBytes + 1]);
        await using var relay = new RelayFactory(new() { ["Relay:Canary:Path"] = path });
        await using var client = await relay.HelloAsync();

        Assert.Equal(RelayErrorCode.NoCanary, (await client.ErrorAsync(RelayOp.FetchCanary, [])).Code);
    }

    [Fact]
    public async Task FetchCanary_NonEmptyBody_ClosedAsMalformed()
    {
        await using var relay = new RelayFactory();
        await using var client = await relay.HelloAsync();

        await client.SendRawAsync(RelayFrameCodec.Encode(RelayOp.FetchCanary, 7, [1]));

        Assert.Contains("malformed FetchCanary body", await client.ClosedReasonAsync(), StringComparison.Ordinal);
    }

    internal static byte[] SignedCanary(DateOnly issued, string statement, P256SigningKey? key = null)
    {
        using var generated = key is null ? P256SigningKey.Generate(SystemRandom.Instance) : null;
        var signer = key ?? generated!;
        return new WarrantCanary(issued, 30, signer.PublicKey, statement).Sign(signer);
    }
}
