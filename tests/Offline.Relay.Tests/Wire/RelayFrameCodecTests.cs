using Offline.Protocol.Wire;

namespace Offline.Relay.Tests.Wire;

public sealed class RelayFrameCodecTests
{
    [Theory]
    [InlineData(0, 1024)]
    [InlineData(1014, 1024)]
    [InlineData(1015, 4096)]
    [InlineData(4086, 4096)]
    [InlineData(16374, 16384)]
    [InlineData(16375, 65536)]
    [InlineData(65526, 65536)]
    public void Encode_BodyLength_SmallestBucketThatHoldsIt(int bodyLength, int frameSize)
    {
        var body = Enumerable.Range(0, bodyLength).Select(i => (byte)(i | 1)).ToArray();

        var frame = RelayFrameCodec.Encode(RelayOp.Send, 0xdeadbeef, body);

        Assert.Equal(frameSize, frame.Length);
        Assert.True(RelayFrameCodec.TryDecode(frame, out var decoded, out var error), error.ToString());
        Assert.Equal(RelayOp.Send, decoded!.Op);
        Assert.Equal(0xdeadbeefu, decoded.RequestId);
        Assert.Equal(body, decoded.Body.ToArray());
    }

    [Fact]
    public void Encode_BodyBeyondLargestBucket_Throws() =>
        Assert.Throws<ArgumentException>(() => RelayFrameCodec.Encode(RelayOp.Send, 1, new byte[65527]));

    [Theory]
    [InlineData(1024, 974)]
    [InlineData(4096, 4046)]
    [InlineData(16384, 16334)]
    [InlineData(65536, 65486)]
    public void SendAndDelivery_CiphertextCapacity_FitsTheSameFrame(int frameSize, int capacity)
    {
        var ciphertext = new byte[capacity];
        var address = new byte[RelayWire.AddressSize];

        Assert.Equal(capacity, SendRequest.CiphertextCapacity(frameSize));
        Assert.Equal(frameSize, RelayFrameCodec.Encode(RelayOp.Send, 1, new SendRequest(address, 0, ciphertext).Encode()).Length);
        Assert.Equal(frameSize, RelayFrameCodec.Encode(RelayOp.Delivery, 0, new DeliveryBody(address, 7, ciphertext).Encode()).Length);
    }

    [Fact]
    public void Bodies_RoundTrip()
    {
        var address = TestBytes(32, 1);
        var secret = TestBytes(32, 2);

        Assert.True(SendRequest.TryParse(new SendRequest(address, 42, [9, 9]).Encode(), out var send));
        Assert.True(AckRequest.TryParse(new AckRequest(address, secret, 77).Encode(), out var ack));
        Assert.True(CreateQueueRequest.TryParse(new CreateQueueRequest(address, secret, 90).Encode(), out var create));
        Assert.True(ErrorBody.TryParse(new ErrorBody(RelayErrorCode.StampInvalid, "no stamp").Encode(), out var error));
        Assert.True(PublishBundleRequest.TryParse(new PublishBundleRequest(secret, 14, TestBytes(64, 3), [1, 2, 3]).Encode(), out var publish));

        Assert.Equal(address, send!.Address);
        Assert.Equal(42ul, send.StampNonce);
        Assert.Equal(new byte[] { 9, 9 }, send.Ciphertext);
        Assert.Equal(secret, ack!.OwnerSecret);
        Assert.Equal(77ul, ack.MessageId);
        Assert.Equal((ushort)90, create!.InactivityDays);
        Assert.Equal((RelayErrorCode.StampInvalid, "no stamp"), (error!.Code, error.Reason));
        Assert.Equal(new byte[] { 1, 2, 3 }, publish!.Bundle);
        Assert.False(SendRequest.TryParse(new byte[40], out _));
        Assert.False(OwnerRequest.TryParse(new byte[63], out _));
    }

    [Fact]
    public void ProofOfWorkStamp_LeadingZeroBits_CountsBitsNotBytes()
    {
        Assert.Equal(0, ProofOfWorkStamp.LeadingZeroBits([0x80, 0]));
        Assert.Equal(7, ProofOfWorkStamp.LeadingZeroBits([0x01, 0]));
        Assert.Equal(12, ProofOfWorkStamp.LeadingZeroBits([0x00, 0x08]));
        Assert.Equal(16, ProofOfWorkStamp.LeadingZeroBits([0x00, 0x00]));
    }

    private static byte[] TestBytes(int length, byte seed) => Enumerable.Range(0, length).Select(i => (byte)(i + seed)).ToArray();
}
