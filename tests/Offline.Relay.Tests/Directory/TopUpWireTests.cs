using System.Buffers.Binary;
using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;
using Offline.Protocol.Wire;
using Offline.Relay.Tests.Hosting;

namespace Offline.Relay.Tests.Directory;

/// <summary>TopUpPrekeys on the wire: over a paced connection, and bodies that do not parse closing only their own connection.</summary>
public sealed class TopUpWireTests
{
    private const string MalformedReason = "malformed TopUpPrekeys body";

    public static TheoryData<string, byte[]> MalformedBodies()
    {
        var good = WellFormedBody();
        const int CountOffset = 20 + TopUpPrekeysRequest.SignatureSize;
        return new()
        {
            { "empty", [] },
            { "no count", good[..CountOffset] },
            { "truncated prekey", good[..^1] },
            { "trailing byte", [.. good, 0] },
            { "count says 3, carries 2", Tamper(good, b => BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(CountOffset), 3)) },
            { "count says 1, carries 2", Tamper(good, b => BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(CountOffset), 1)) },
            { "101 prekeys", [.. good[..CountOffset], 0, 101, .. new byte[101 * EcPrekey.EncodedSize]] },
            { "prekey not a curve point", Tamper(good, b => b.AsSpan(CountOffset + 2 + 4, 65).Clear()) },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task MalformedBody_Classic_ClosesThatConnectionWithReason_OthersServed(string name, byte[] body)
    {
        await using var relay = new RelayFactory();
        await using var bystander = await relay.HelloAsync();
        await using var bad = await relay.HelloAsync();
        var published = await TestKeys.PublishAsync(bystander, oneTimePrekeys: 1);

        await bad.SendRawAsync(RelayFrameCodec.Encode(RelayOp.TopUpPrekeys, 1, body));

        Assert.True(MalformedReason == await bad.ClosedReasonAsync(), $"{name}: got \"{await bad.ClosedReasonAsync()}\"");
        Assert.Equal(new uint[] { 1 }, await TestKeys.TopUpAsync(bystander, published.Identity, []));
    }

    [Fact]
    public async Task MalformedBody_InACell_ClosesThatConnectionWithReason_OthersServed()
    {
        await using var relay = new RelayFactory();
        await using var bystander = await RelayClient.ConnectPacedAsync(relay.SocketUri);
        await using var bad = await RelayClient.ConnectPacedAsync(relay.SocketUri);
        await bystander.HelloAsync();
        await bad.HelloAsync();

        _ = bad.QueueRequest(RelayOp.TopUpPrekeys, WellFormedBody()[..^1]);
        await bad.SendCellAsync();

        Assert.Equal(MalformedReason, await bad.ClosedReasonAsync());
        Assert.Equal(0, bad.UnsolicitedCells);
        Assert.Equal(RelayOp.Pong, (await bystander.RequestAsync(RelayOp.Ping, [])).Op);
    }

    [Fact]
    public async Task TopUp_OverPacedConnection_AnsweredAsOnClassic()
    {
        await using var relay = new RelayFactory();
        await using var owner = await RelayClient.ConnectPacedAsync(relay.SocketUri);
        await using var fetcher = await relay.HelloAsync();
        await owner.HelloAsync();
        var published = await TestKeys.PublishAsync(owner, oneTimePrekeys: 2);
        var fetch = new FetchBundleRequest(published.Identity.Id.Fingerprint.ToArray()).Encode();

        // Ten prekeys (1,350 bytes of body) span two 1 KiB cells.
        var toppedUp = await TestKeys.TopUpAsync(owner, published.Identity, TestKeys.OneTimePrekeys(published.Identity, 10, firstId: 51));
        Assert.True(PrekeyBundle.TryParse((await fetcher.RequestAsync(RelayOp.FetchBundle, fetch)).Body.Span, out var fetched, out _));

        Assert.Equal([1, 2, .. Enumerable.Range(51, 10).Select(i => (uint)i)], toppedUp);
        Assert.Equal(1u, fetched!.OneTimePrekeys.Single().Id);
        Assert.Equal([2, .. Enumerable.Range(51, 10).Select(i => (uint)i)], await TestKeys.TopUpAsync(owner, published.Identity, []));
        Assert.Equal(0, owner.UnsolicitedCells);
    }

    /// <summary>A top-up of two prekeys that parses (its signature is over a challenge of zeros).</summary>
    private static byte[] WellFormedBody()
    {
        using var identity = IdentityKeyPair.Generate(SystemRandom.Instance);
        return TestKeys.TopUpRequest(identity, identity.Id.Fingerprint, new byte[RelayWire.TokenSize], TestKeys.OneTimePrekeys(identity, 2, firstId: 51)).Encode();
    }

    private static byte[] Tamper(byte[] body, Action<byte[]> change)
    {
        var copy = (byte[])body.Clone();
        change(copy);
        return copy;
    }
}
