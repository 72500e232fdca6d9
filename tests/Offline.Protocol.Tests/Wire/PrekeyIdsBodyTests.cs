using Offline.Protocol.Wire;

namespace Offline.Protocol.Tests.Wire;

public class PrekeyIdsBodyTests
{
    public static TheoryData<uint[]> IdLists => new()
    {
        Array.Empty<uint>(),
        new uint[] { 1 },
        new uint[] { 7, 3, uint.MaxValue, 0 },
        Enumerable.Range(1, 100).Select(i => (uint)i).ToArray(),
    };

    [Theory]
    [MemberData(nameof(IdLists))]
    public void EncodeThenParse_AnyIds_SameIdsInOrder(uint[] ids)
    {
        var encoded = new PrekeyIdsBody(ids).Encode();

        Assert.Equal(2 + (4 * ids.Length), encoded.Length);
        Assert.True(PrekeyIdsBody.TryParse(encoded, out var parsed));
        Assert.Equal(ids, parsed!.Ids);
    }

    [Fact]
    public void Encode_TwoIds_CountThenBigEndianIds()
    {
        Assert.Equal(new byte[] { 0, 2, 0, 0, 0, 1, 0x01, 0x02, 0x03, 0x04 }, new PrekeyIdsBody([1, 0x01020304]).Encode());
    }

    [Fact]
    public void TryParse_TruncatedOverlongOrOverOneHundred_False()
    {
        var encoded = new PrekeyIdsBody([1, 2, 3]).Encode();

        for (var length = 0; length < encoded.Length; length++)
        {
            Assert.False(PrekeyIdsBody.TryParse(encoded.AsSpan(0, length), out _), $"parsed {length} of {encoded.Length} bytes");
        }

        Assert.False(PrekeyIdsBody.TryParse([.. encoded, 0], out _));
        Assert.False(PrekeyIdsBody.TryParse([.. encoded, 0, 0, 0, 4], out _));
        Assert.False(PrekeyIdsBody.TryParse([0, 101, .. new byte[404]], out _));
    }

    [Fact]
    public void Constructor_OverOneHundred_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrekeyIdsBody(new uint[101]));
    }
}
