using Offline.Protocol.Wire;
using Offline.Relay.Tests.Hosting;

namespace Offline.Relay.Tests.Mailboxes;

public sealed class IntroductionMailboxTests
{
    private const int Difficulty = 12;

    private static RelayFactory Relay(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?> { ["Relay:Limits:StampDifficultyBits"] = Difficulty.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return new RelayFactory(settings);
    }

    [Fact]
    public async Task Send_ValidStamp_DeliveredToKeyholder()
    {
        await using var relay = Relay();
        await using var owner = await relay.HelloAsync();
        await using var stranger = await relay.HelloAsync();
        var published = await TestKeys.PublishAsync(owner);
        var ciphertext = TestKeys.Ciphertext();

        await stranger.OkAsync(RelayOp.Send, TestKeys.StampedSend(published.IntroAddress, ciphertext, Difficulty).Encode());
        await owner.OkAsync(RelayOp.Subscribe, new OwnerRequest(published.IntroAddress, published.IntroSecret).Encode());

        Assert.Equal(ciphertext, (await owner.NextDeliveryAsync()).Ciphertext);
    }

    [Fact]
    public async Task Send_MissingBadOrReusedStamp_Refused()
    {
        await using var relay = Relay();
        await using var owner = await relay.HelloAsync();
        await using var stranger = await relay.HelloAsync();
        var published = await TestKeys.PublishAsync(owner);
        var ciphertext = TestKeys.Ciphertext();
        var stamped = TestKeys.StampedSend(published.IntroAddress, ciphertext, Difficulty);
        var nonceForOtherText = TestKeys.StampedSend(published.IntroAddress, TestKeys.Ciphertext(), Difficulty).StampNonce;
        Assert.False(ProofOfWorkStamp.Verify(published.IntroAddress, ciphertext, 0, Difficulty));

        var noStamp = await stranger.ErrorAsync(RelayOp.Send, new SendRequest(published.IntroAddress, 0, ciphertext).Encode());
        var badStamp = await stranger.ErrorAsync(RelayOp.Send, new SendRequest(published.IntroAddress, nonceForOtherText, ciphertext).Encode());
        await stranger.OkAsync(RelayOp.Send, stamped.Encode());
        var reused = await stranger.ErrorAsync(RelayOp.Send, stamped.Encode());

        Assert.Equal(RelayErrorCode.StampInvalid, noStamp.Code);
        Assert.Contains("proof-of-work stamp", noStamp.Reason, StringComparison.Ordinal);
        Assert.Equal(RelayErrorCode.StampInvalid, badStamp.Code);
        Assert.Equal(RelayErrorCode.StampReused, reused.Code);
    }

    [Fact]
    public async Task Send_PendingQuotaAndDailyCap_EnforcedAndDailyCapResetsNextDay()
    {
        await using var relay = Relay(new() { ["Relay:Limits:IntroMaxPending"] = "3", ["Relay:Limits:IntroMaxPerDay"] = "4" });
        await using var owner = await relay.HelloAsync();
        var published = await TestKeys.PublishAsync(owner);
        for (var i = 0; i < 3; i++)
        {
            await owner.OkAsync(RelayOp.Send, TestKeys.StampedSend(published.IntroAddress, TestKeys.Ciphertext(), Difficulty).Encode());
        }

        var full = await owner.ErrorAsync(RelayOp.Send, TestKeys.StampedSend(published.IntroAddress, TestKeys.Ciphertext(), Difficulty).Encode());
        await owner.OkAsync(RelayOp.Subscribe, new OwnerRequest(published.IntroAddress, published.IntroSecret).Encode());
        for (var i = 0; i < 3; i++)
        {
            var delivery = await owner.NextDeliveryAsync();
            await owner.OkAsync(RelayOp.Ack, new AckRequest(published.IntroAddress, published.IntroSecret, delivery.MessageId).Encode());
        }

        await owner.OkAsync(RelayOp.Send, TestKeys.StampedSend(published.IntroAddress, TestKeys.Ciphertext(), Difficulty).Encode());
        var capped = await owner.ErrorAsync(RelayOp.Send, TestKeys.StampedSend(published.IntroAddress, TestKeys.Ciphertext(), Difficulty).Encode());
        relay.Clock.AdvanceDays(1);
        await owner.OkAsync(RelayOp.Send, TestKeys.StampedSend(published.IntroAddress, TestKeys.Ciphertext(), Difficulty).Encode());

        Assert.Equal(RelayErrorCode.QuotaExceeded, full.Code);
        Assert.Equal(RelayErrorCode.QuotaExceeded, capped.Code);
        Assert.Contains("daily", capped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ProofOfWorkStamp_DefaultDifficulty_MintsAndVerifies()
    {
        var address = TestKeys.Address();
        var ciphertext = TestKeys.Ciphertext();

        var nonce = ProofOfWorkStamp.Mint(address, ciphertext, 20);

        Assert.True(ProofOfWorkStamp.Verify(address, ciphertext, nonce, 20));
        Assert.True(ProofOfWorkStamp.LeadingZeroBits(ProofOfWorkStamp.Hash(address, ciphertext, nonce)) >= 20);
    }
}
