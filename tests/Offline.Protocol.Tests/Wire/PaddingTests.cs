using Offline.Protocol.Wire;

namespace Offline.Protocol.Tests.Wire;

public class PaddingTests
{
    [Theory]
    [InlineData(0, 0, 1024)]
    [InlineData(1023, 0, 1024)]
    [InlineData(1024, 0, 4096)]
    [InlineData(500, 600, 4096 - 600)]
    [InlineData(4000, 95, 4096 - 95)]
    [InlineData(4001, 95, 16384 - 95)]
    [InlineData(65535, 0, 65536)]
    public void Pad_PicksSmallestBucketThatFitsWithReserve(int length, int reserve, int expected)
    {
        var padded = Padding.Pad(new byte[length], reserve);
        Assert.Equal(expected, padded.Length);
        Assert.Contains(padded.Length + reserve, Limits.Buckets);
    }

    [Fact]
    public void Pad_TooLarge_Throws()
    {
        var ex = Assert.Throws<ProtocolException>(() => Padding.Pad(new byte[65536]));
        Assert.Equal(ProtocolError.TooLarge, ex.Error);
    }

    [Fact]
    public void Unpad_RoundTripsEveryLengthIncludingTrailingZerosAndMarkers()
    {
        var random = new Random(5);
        for (var length = 0; length < 2100; length += random.Next(1, 9))
        {
            var content = new byte[length];
            random.NextBytes(content);
            if (length > 2)
            {
                // Content that itself ends like padding must still come back exactly.
                content[^1] = 0;
                content[^2] = Padding.Marker;
            }

            Assert.True(Padding.TryUnpad(Padding.Pad(content, 100), out var back));
            Assert.Equal(content, back.ToArray());
        }
    }

    [Fact]
    public void Unpad_WithoutMarker_IsRejected()
    {
        Assert.False(Padding.TryUnpad(new byte[1024], out _));
        Assert.False(Padding.TryUnpad([1, 2, 3, 0, 0], out _));
        Assert.False(Padding.TryUnpad([], out _));
    }

    [Fact]
    public void Pad_SameBucket_SameLengthWhateverTheContent()
    {
        Assert.Equal(Padding.Pad(Pair.Text("ok"), 300).Length, Padding.Pad(new byte[700], 300).Length);
    }
}
