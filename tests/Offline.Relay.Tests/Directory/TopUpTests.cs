using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;
using Offline.Protocol.Wire;
using Offline.Relay.Tests.Hosting;

namespace Offline.Relay.Tests.Directory;

/// <summary>
/// TopUpPrekeys through the real host, against both stores: the query, appending in hand-out order,
/// retries, the limit of 100, and every refusal leaving the entry as it was.
/// </summary>
public sealed class TopUpTests : IDisposable
{
    private readonly string directory = System.IO.Directory.CreateTempSubdirectory("relay-topup-").FullName;

    public void Dispose() => System.IO.Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    public async Task Query_FreshPublish_ListsEveryPublishedIdInOrder(string store)
    {
        await using var relay = Relay(store);
        await using var owner = await relay.HelloAsync();
        var published = await TestKeys.PublishAsync(owner, oneTimePrekeys: 50);

        var held = await TestKeys.TopUpAsync(owner, published.Identity, []);

        Assert.Equal(Ids(1, 50), held);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    public async Task Query_AfterFetches_ListsOnlyTheOnesNotHandedOut(string store)
    {
        await using var relay = Relay(store);
        await using var owner = await relay.HelloAsync();
        await using var other = await relay.HelloAsync();
        var published = await TestKeys.PublishAsync(owner, oneTimePrekeys: 5);

        var handedOut = new[] { await FetchPrekeyIdAsync(other, published.Identity), await FetchPrekeyIdAsync(other, published.Identity) };

        Assert.Equal(new uint?[] { 1, 2 }, handedOut);
        Assert.Equal(Ids(3, 3), await TestKeys.TopUpAsync(owner, published.Identity, []));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    public async Task TopUp_NewPrekeys_AppendedAndHandedOutAfterTheHeldOnes(string store)
    {
        await using var relay = Relay(store);
        await using var owner = await relay.HelloAsync();
        await using var other = await relay.HelloAsync();
        var published = await TestKeys.PublishAsync(owner, oneTimePrekeys: 2);

        var held = await TestKeys.TopUpAsync(owner, published.Identity, TestKeys.OneTimePrekeys(published.Identity, 3, firstId: 51));

        Assert.Equal(new uint[] { 1, 2, 51, 52, 53 }, held);
        var handedOut = new List<uint?>();
        for (var i = 0; i < 6; i++)
        {
            handedOut.Add(await FetchPrekeyIdAsync(other, published.Identity));
        }

        Assert.Equal(new uint?[] { 1, 2, 51, 52, 53, null }, handedOut);
        Assert.Empty(await TestKeys.TopUpAsync(owner, published.Identity, []));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    public async Task TopUp_Retried_AddsNothingTwice(string store)
    {
        await using var relay = Relay(store);
        await using var owner = await relay.HelloAsync();
        var published = await TestKeys.PublishAsync(owner, oneTimePrekeys: 2);
        var fresh = TestKeys.OneTimePrekeys(published.Identity, 4, firstId: 51);
        var extra = TestKeys.OneTimePrekeys(published.Identity, 1, firstId: 60).Single();

        var first = await TestKeys.TopUpAsync(owner, published.Identity, [.. fresh.Take(3)]);
        var retried = await TestKeys.TopUpAsync(owner, published.Identity, [.. fresh.Take(3)]);
        var overlapping = await TestKeys.TopUpAsync(owner, published.Identity, fresh);
        var twiceInOne = await TestKeys.TopUpAsync(owner, published.Identity, [extra, extra]);

        Assert.Equal(new uint[] { 1, 2, 51, 52, 53 }, first);
        Assert.Equal(first, retried);
        Assert.Equal(new uint[] { 1, 2, 51, 52, 53, 54 }, overlapping);
        Assert.Equal(new uint[] { 1, 2, 51, 52, 53, 54, 60 }, twiceInOne);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    public async Task TopUp_PastOneHundred_QuotaExceededAndNothingAdded(string store)
    {
        await using var relay = Relay(store);
        await using var owner = await relay.HelloAsync();
        var published = await TestKeys.PublishAsync(owner, oneTimePrekeys: 50);
        var identity = published.Identity;
        var fiftyOne = TestKeys.OneTimePrekeys(identity, 51, firstId: 51);

        var refused = await owner.ErrorAsync(RelayOp.TopUpPrekeys, TopUp(owner, identity, fiftyOne));

        Assert.Equal(RelayErrorCode.QuotaExceeded, refused.Code);
        Assert.Equal("the relay holds at most 100 one-time prekeys per ID; it holds 50 and this top-up adds 51", refused.Reason);
        Assert.Equal(Ids(1, 50), await TestKeys.TopUpAsync(owner, identity, []));

        // Exactly 100 is allowed, and so is a retry at 100 (it adds nothing); one more new one is not.
        Assert.Equal(Ids(1, 100), await TestKeys.TopUpAsync(owner, identity, [.. fiftyOne.Take(50)]));
        Assert.Equal(Ids(1, 100), await TestKeys.TopUpAsync(owner, identity, [.. fiftyOne.Take(50)]));
        Assert.Equal(RelayErrorCode.QuotaExceeded, (await owner.ErrorAsync(RelayOp.TopUpPrekeys, TopUp(owner, identity, [fiftyOne[^1]]))).Code);
        Assert.Equal(Ids(1, 100), await TestKeys.TopUpAsync(owner, identity, []));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    public async Task TopUp_UnpublishedOrWithdrawnId_NotFound(string store)
    {
        await using var relay = Relay(store);
        await using var owner = await relay.HelloAsync();
        using var stranger = IdentityKeyPair.Generate(SystemRandom.Instance);
        var published = await TestKeys.PublishAsync(owner, oneTimePrekeys: 1);

        var unpublished = await owner.ErrorAsync(RelayOp.TopUpPrekeys, TopUp(owner, stranger, TestKeys.OneTimePrekeys(stranger, 1, firstId: 1)));
        await owner.OkAsync(RelayOp.DeleteQueue, new OwnerRequest(published.IntroAddress, published.IntroSecret).Encode());
        var withdrawn = await owner.ErrorAsync(RelayOp.TopUpPrekeys, TopUp(owner, published.Identity, []));

        Assert.Equal(RelayErrorCode.NotFound, unpublished.Code);
        Assert.Equal("no bundle published for that ID; publish before topping up", unpublished.Reason);
        Assert.Equal(RelayErrorCode.NotFound, withdrawn.Code);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    public async Task TopUp_BadSignature_InvalidBundleAndNothingAdded(string store)
    {
        await using var relay = Relay(store);
        await using var owner = await relay.HelloAsync();
        using var stranger = IdentityKeyPair.Generate(SystemRandom.Instance);
        var published = await TestKeys.PublishAsync(owner, oneTimePrekeys: 2);
        var identity = published.Identity;
        var fingerprint = identity.Id.Fingerprint.ToArray();
        var signed = TestKeys.OneTimePrekeys(identity, 2, firstId: 51);
        var swapped = TestKeys.OneTimePrekeys(identity, 2, firstId: 53);
        var good = TestKeys.TopUpRequest(identity, fingerprint, owner.Welcome!.Challenge, signed);
        var flipped = (byte[])good.Signature.Clone();
        flipped[7] ^= 1;

        var bad = new[]
        {
            TestKeys.TopUpRequest(stranger, fingerprint, owner.Welcome.Challenge, signed),
            new TopUpPrekeysRequest(fingerprint, good.Signature, swapped),
            new TopUpPrekeysRequest(fingerprint, flipped, signed),
        };
        foreach (var request in bad)
        {
            var error = await owner.ErrorAsync(RelayOp.TopUpPrekeys, request.Encode());
            Assert.Equal(RelayErrorCode.InvalidBundle, error.Code);
            Assert.Equal("top-up signature did not verify", error.Reason);
        }

        Assert.Equal(Ids(1, 2), await TestKeys.TopUpAsync(owner, identity, []));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    public async Task TopUp_ReplayedOnAnotherConnection_InvalidBundleAndNothingAdded(string store)
    {
        await using var relay = Relay(store);
        await using var owner = await relay.HelloAsync();
        await using var replayer = await relay.HelloAsync();
        var published = await TestKeys.PublishAsync(owner, oneTimePrekeys: 1);
        var captured = TopUp(owner, published.Identity, TestKeys.OneTimePrekeys(published.Identity, 2, firstId: 51));

        var replayed = await replayer.ErrorAsync(RelayOp.TopUpPrekeys, captured);

        Assert.Equal(RelayErrorCode.InvalidBundle, replayed.Code);
        Assert.Equal(Ids(1, 1), await TestKeys.TopUpAsync(owner, published.Identity, []));
        Assert.Equal(RelayOp.Prekeys, (await owner.RequestAsync(RelayOp.TopUpPrekeys, captured)).Op);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    public async Task TopUp_PrekeySignedByAnotherIdentity_InvalidBundleAndNothingAdded(string store)
    {
        await using var relay = Relay(store);
        await using var owner = await relay.HelloAsync();
        using var stranger = IdentityKeyPair.Generate(SystemRandom.Instance);
        var published = await TestKeys.PublishAsync(owner, oneTimePrekeys: 1);
        var mixed = TestKeys.OneTimePrekeys(published.Identity, 1, firstId: 51).Concat(TestKeys.OneTimePrekeys(stranger, 1, firstId: 52)).ToList();

        var error = await owner.ErrorAsync(RelayOp.TopUpPrekeys, TopUp(owner, published.Identity, mixed));

        Assert.Equal(RelayErrorCode.InvalidBundle, error.Code);
        Assert.Equal("a one-time prekey's signature did not verify under the published identity", error.Reason);
        Assert.Equal(Ids(1, 1), await TestKeys.TopUpAsync(owner, published.Identity, []));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    public async Task TopUp_NearExpiry_DoesNotRefreshIt(string store)
    {
        await using var relay = Relay(store);
        await using var owner = await relay.HelloAsync();
        var published = await TestKeys.PublishAsync(owner, oneTimePrekeys: 1, days: 7);

        relay.Clock.AdvanceDays(7);
        Assert.Equal(new uint[] { 1, 51 }, await TestKeys.TopUpAsync(owner, published.Identity, TestKeys.OneTimePrekeys(published.Identity, 1, firstId: 51)));
        relay.Clock.AdvanceDays(1);

        Assert.Equal(RelayErrorCode.NotFound, (await owner.ErrorAsync(RelayOp.TopUpPrekeys, TopUp(owner, published.Identity, []))).Code);
        Assert.Equal(RelayErrorCode.NotFound, (await owner.ErrorAsync(RelayOp.FetchBundle, new FetchBundleRequest(published.Identity.Id.Fingerprint.ToArray()).Encode())).Code);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    public async Task TopUp_AfterRepublish_StartsFromTheNewBundlesPrekeys(string store)
    {
        await using var relay = Relay(store);
        await using var owner = await relay.HelloAsync();
        var published = await TestKeys.PublishAsync(owner, oneTimePrekeys: 3);
        await TestKeys.TopUpAsync(owner, published.Identity, TestKeys.OneTimePrekeys(published.Identity, 2, firstId: 51));

        // A re-publish without one-time prekeys replaces them all; the top-up after it fills the entry again.
        using var bare = PrekeySet.Generate(published.Identity, SystemRandom.Instance, 0, signedPrekeyId: 2);
        var request = TestKeys.PublishRequest(published.Identity, bare.Bundle.Encode(), owner.Welcome!.Challenge, TestKeys.AuthHash(published.IntroSecret));
        await owner.OkAsync(RelayOp.PublishBundle, request.Encode());

        Assert.Empty(await TestKeys.TopUpAsync(owner, published.Identity, []));
        Assert.Equal(Ids(60, 2), await TestKeys.TopUpAsync(owner, published.Identity, TestKeys.OneTimePrekeys(published.Identity, 2, firstId: 60)));
    }

    [Fact]
    public async Task TopUp_SqliteStore_HeldAcrossRestart()
    {
        var store = $"sqlite:{Path.Combine(directory, "restart.db")}";
        TestKeys.Published published;
        await using (var relay = new RelayFactory(new() { ["Relay:Store"] = store }))
        {
            await using var owner = await relay.HelloAsync();
            published = await TestKeys.PublishAsync(owner, oneTimePrekeys: 2);
            await TestKeys.TopUpAsync(owner, published.Identity, TestKeys.OneTimePrekeys(published.Identity, 2, firstId: 51));
        }

        await using (var relay = new RelayFactory(new() { ["Relay:Store"] = store }))
        {
            await using var owner = await relay.HelloAsync();
            Assert.Equal(new uint[] { 1, 2, 51, 52 }, await TestKeys.TopUpAsync(owner, published.Identity, []));
        }
    }

    private RelayFactory Relay(string store) =>
        new(new() { ["Relay:Store"] = store == "sqlite" ? $"sqlite:{Path.Combine(directory, "relay.db")}" : "memory" });

    private static uint[] Ids(uint first, int count) => [.. Enumerable.Range(0, count).Select(i => first + (uint)i)];

    /// <summary>A top-up by the ID's own key over <paramref name="client"/>'s challenge, encoded.</summary>
    private static byte[] TopUp(RelayClient client, IdentityKeyPair identity, IReadOnlyList<OneTimePrekey> prekeys) =>
        TestKeys.TopUpRequest(identity, identity.Id.Fingerprint, client.Welcome!.Challenge, prekeys).Encode();

    /// <summary>Fetches the ID's bundle and returns the id of the one-time prekey in it, or null for none.</summary>
    private static async Task<uint?> FetchPrekeyIdAsync(RelayClient client, IdentityKeyPair identity)
    {
        var answer = await client.RequestAsync(RelayOp.FetchBundle, new FetchBundleRequest(identity.Id.Fingerprint.ToArray()).Encode());
        Assert.True(PrekeyBundle.TryParse(answer.Body.Span, out var bundle, out _));
        return bundle!.OneTimePrekeys.Count == 0 ? null : bundle.OneTimePrekeys.Single().Id;
    }
}
