using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;
using Offline.Protocol.Wire;

namespace Offline.Protocol.Tests.Wire;

public class TopUpPrekeysRequestTests
{
    private const int CountOffset = Limits.IdFingerprintSize + TopUpPrekeysRequest.SignatureSize;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void EncodeThenParse_AnyCount_SameFieldsAndBytes(int count)
    {
        var request = Request(count);

        var encoded = request.Encode();

        Assert.Equal(CountOffset + 2 + (count * EcPrekey.EncodedSize), encoded.Length);
        Assert.True(TopUpPrekeysRequest.TryParse(encoded, out var parsed));
        Assert.Equal(request.Fingerprint, parsed!.Fingerprint);
        Assert.Equal(request.Signature, parsed.Signature);
        Assert.Equal(request.Prekeys.Select(p => Convert.ToHexString(p.Encode())), parsed.Prekeys.Select(p => Convert.ToHexString(p.Encode())));
        Assert.Equal(encoded, parsed.Encode());
    }

    [Fact]
    public void TryParse_EveryTruncation_False()
    {
        var encoded = Request(2).Encode();

        for (var length = 0; length < encoded.Length; length++)
        {
            Assert.False(TopUpPrekeysRequest.TryParse(encoded.AsSpan(0, length), out var parsed), $"parsed {length} of {encoded.Length} bytes");
            Assert.Null(parsed);
        }
    }

    [Fact]
    public void TryParse_OverlongOrCountMismatch_False()
    {
        var encoded = Request(2).Encode();
        var extraPrekey = Request(1).Encode()[(CountOffset + 2)..];

        Assert.False(TopUpPrekeysRequest.TryParse([.. encoded, 0], out _));
        Assert.False(TopUpPrekeysRequest.TryParse([.. encoded, .. extraPrekey], out _));
        Assert.False(TopUpPrekeysRequest.TryParse(WithCount(encoded, 1), out _));
        Assert.False(TopUpPrekeysRequest.TryParse(WithCount(encoded, 3), out _));
    }

    [Fact]
    public void TryParse_OverOneHundredPrekeys_False()
    {
        byte[] body = [.. new byte[CountOffset], 0, 101, .. new byte[101 * EcPrekey.EncodedSize]];

        Assert.False(TopUpPrekeysRequest.TryParse(body, out _));
    }

    [Fact]
    public void TryParse_PrekeyNotOnTheCurve_False()
    {
        var encoded = Request(1).Encode();
        encoded.AsSpan(CountOffset + 2 + 4, P256PublicKey.EncodedSize).Clear();

        Assert.False(TopUpPrekeysRequest.TryParse(encoded, out _));
    }

    [Fact]
    public void SignedMessage_Layout_LabelChallengeFingerprintAndHashOfCountAndPrekeys()
    {
        var request = Request(2);
        var challenge = RandomNumberGenerator.GetBytes(RelayWire.TokenSize);
        byte[] countAndPrekeys = [0, 2, .. request.Prekeys[0].Encode(), .. request.Prekeys[1].Encode()];

        var message = TopUpPrekeysRequest.SignedMessage(challenge, request.Fingerprint, request.Prekeys);

        Assert.Equal([.. Encoding.ASCII.GetBytes("Offline/TopUp/v1"), .. challenge, .. request.Fingerprint, .. SHA256.HashData(countAndPrekeys)], message);
        Assert.NotEqual(message, TopUpPrekeysRequest.SignedMessage(RandomNumberGenerator.GetBytes(RelayWire.TokenSize), request.Fingerprint, request.Prekeys));
        Assert.NotEqual(message, TopUpPrekeysRequest.SignedMessage(challenge, request.Fingerprint, [request.Prekeys[0]]));
    }

    [Fact]
    public void Constructor_WrongSizesOrOverOneHundred_Throws()
    {
        var request = Request(1);
        var tooMany = Enumerable.Repeat(request.Prekeys[0], 101).ToList();

        Assert.Throws<ArgumentOutOfRangeException>(() => new TopUpPrekeysRequest(new byte[19], request.Signature, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TopUpPrekeysRequest(request.Fingerprint, new byte[63], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TopUpPrekeysRequest(request.Fingerprint, request.Signature, tooMany));
    }

    /// <summary>A request with real signed prekeys; its own signature is random bytes (the codec does not check it).</summary>
    private static TopUpPrekeysRequest Request(int count)
    {
        using var identity = IdentityKeyPair.Generate(SystemRandom.Instance);
        using var set = PrekeySet.Generate(identity, SystemRandom.Instance, count, firstOneTimePrekeyId: 51);
        return new TopUpPrekeysRequest(identity.Id.Fingerprint.ToArray(), RandomNumberGenerator.GetBytes(TopUpPrekeysRequest.SignatureSize), set.Bundle.OneTimePrekeys);
    }

    private static byte[] WithCount(byte[] encoded, ushort count)
    {
        var copy = (byte[])encoded.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(CountOffset), count);
        return copy;
    }
}
