using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;
using Offline.Protocol.Wire;
using Offline.Relay.Tests.Hosting;

namespace Offline.Relay.Tests.Directory;

public sealed class DirectoryTests
{
    [Fact]
    public async Task Fetch_PublishedBundle_HandsOutEachOneTimePrekeyOnceThenNone()
    {
        await using var relay = new RelayFactory();
        await using var owner = await relay.HelloAsync();
        await using var other = await relay.HelloAsync();
        var published = await TestKeys.PublishAsync(owner, oneTimePrekeys: 2);
        var request = new FetchBundleRequest(published.Identity.Id.Fingerprint.ToArray()).Encode();

        var handedOut = new List<uint>();
        for (var i = 0; i < 3; i++)
        {
            var answer = await other.RequestAsync(RelayOp.FetchBundle, request);
            Assert.Equal(RelayOp.Bundle, answer.Op);
            Assert.True(PrekeyBundle.TryParse(answer.Body.Span, out var bundle, out _));
            Assert.Equal(published.Identity.Id, bundle!.Id);
            Assert.True(bundle.OneTimePrekeys.Count <= 1);
            handedOut.AddRange(bundle.OneTimePrekeys.Select(p => p.Id));
        }

        Assert.Equal(2, handedOut.Count);
        Assert.Equal(2, handedOut.Distinct().Count());
    }

    [Fact]
    public async Task Publish_SignedOverAnotherConnectionsChallenge_Rejected()
    {
        await using var relay = new RelayFactory();
        await using var first = await relay.HelloAsync();
        await using var second = await relay.HelloAsync();
        using var identity = IdentityKeyPair.Generate(SystemRandom.Instance);
        using var prekeys = PrekeySet.Generate(identity, SystemRandom.Instance, 1);
        var bundle = prekeys.Bundle.Encode();
        var captured = TestKeys.PublishRequest(identity, bundle, first.Welcome!.Challenge, TestKeys.AuthHash(TestKeys.Secret())).Encode();

        var replayed = await second.ErrorAsync(RelayOp.PublishBundle, captured);

        Assert.Equal(RelayErrorCode.InvalidBundle, replayed.Code);
        await first.OkAsync(RelayOp.PublishBundle, captured);
    }

    [Fact]
    public async Task Publish_TamperedBundleOrSignature_Rejected()
    {
        await using var relay = new RelayFactory();
        await using var client = await relay.HelloAsync();
        using var identity = IdentityKeyPair.Generate(SystemRandom.Instance);
        using var prekeys = PrekeySet.Generate(identity, SystemRandom.Instance, 1);
        var bundle = prekeys.Bundle.Encode();
        var good = TestKeys.PublishRequest(identity, bundle, client.Welcome!.Challenge, TestKeys.AuthHash(TestKeys.Secret()));

        var tamperedBundle = (byte[])bundle.Clone();
        tamperedBundle[40] ^= 1;
        var badBundle = new PublishBundleRequest(good.OwnerAuthHash, 30, good.Signature, tamperedBundle);
        var badSignature = (byte[])good.Signature.Clone();
        badSignature[5] ^= 1;

        Assert.Equal(RelayErrorCode.InvalidBundle, (await client.ErrorAsync(RelayOp.PublishBundle, badBundle.Encode())).Code);
        Assert.Equal(RelayErrorCode.InvalidBundle, (await client.ErrorAsync(RelayOp.PublishBundle, new PublishBundleRequest(good.OwnerAuthHash, 30, badSignature, bundle).Encode())).Code);
        Assert.Equal(RelayErrorCode.InvalidInactivityPeriod, (await client.ErrorAsync(RelayOp.PublishBundle, new PublishBundleRequest(good.OwnerAuthHash, 8, good.Signature, bundle).Encode())).Code);

        // Someone on the path swaps in their own owner-auth hash (to read the mailbox) or another period: the signature covers both.
        var hijacked = new PublishBundleRequest(TestKeys.AuthHash(TestKeys.Secret()), 30, good.Signature, bundle);
        Assert.Equal(RelayErrorCode.InvalidBundle, (await client.ErrorAsync(RelayOp.PublishBundle, hijacked.Encode())).Code);
        Assert.Equal(RelayErrorCode.InvalidBundle, (await client.ErrorAsync(RelayOp.PublishBundle, new PublishBundleRequest(good.OwnerAuthHash, 7, good.Signature, bundle).Encode())).Code);
        await client.OkAsync(RelayOp.PublishBundle, good.Encode());
    }

    [Fact]
    public async Task Publish_AgainBySameId_ReplacesBundle()
    {
        await using var relay = new RelayFactory();
        await using var client = await relay.HelloAsync();
        var published = await TestKeys.PublishAsync(client, oneTimePrekeys: 1);
        using var newer = PrekeySet.Generate(published.Identity, SystemRandom.Instance, 3, signedPrekeyId: 2, firstOneTimePrekeyId: 100);
        var newBundle = newer.Bundle.Encode();
        await client.OkAsync(RelayOp.PublishBundle, TestKeys.PublishRequest(published.Identity, newBundle, client.Welcome!.Challenge, TestKeys.AuthHash(published.IntroSecret)).Encode());

        var answer = await client.RequestAsync(RelayOp.FetchBundle, new FetchBundleRequest(published.Identity.Id.Fingerprint.ToArray()).Encode());

        Assert.True(PrekeyBundle.TryParse(answer.Body.Span, out var bundle, out _));
        Assert.Equal(2u, bundle!.SignedPrekey.Id);
        Assert.True(bundle.OneTimePrekeys.Single().Id >= 100);
    }

    [Fact]
    public async Task Fetch_UnknownId_NotFound()
    {
        await using var relay = new RelayFactory();
        await using var client = await relay.HelloAsync();

        var error = await client.ErrorAsync(RelayOp.FetchBundle, new FetchBundleRequest(new byte[20]).Encode());

        Assert.Equal(RelayErrorCode.NotFound, error.Code);
    }
}
