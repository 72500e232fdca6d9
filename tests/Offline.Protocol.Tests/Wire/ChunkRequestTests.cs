using System.Security.Cryptography;
using Offline.Protocol.Wire;

namespace Offline.Protocol.Tests.Wire;

public class ChunkRequestTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(64)]
    public void PutChunk_EncodeThenParse_SameFieldsAndLayout(int fetches)
    {
        var request = new PutChunkRequest(RandomNumberGenerator.GetBytes(32), (byte)fetches, RandomNumberGenerator.GetBytes(RelayWire.ChunkSize));

        var encoded = request.Encode();

        Assert.Equal(32 + 1 + 16_336, encoded.Length);
        Assert.Equal(request.Address, encoded[..32]);
        Assert.Equal(fetches, encoded[32]);
        Assert.Equal(request.Chunk, encoded[33..]);
        Assert.True(PutChunkRequest.TryParse(encoded, out var parsed));
        Assert.Equal(request.Address, parsed!.Address);
        Assert.Equal(request.Fetches, parsed.Fetches);
        Assert.Equal(request.Chunk, parsed.Chunk);
    }

    [Fact]
    public void PutChunk_ClassicFrameAndStreamFrame_FitOneSixteenKiBFrameOrCell()
    {
        var body = new PutChunkRequest(new byte[32], 1, new byte[RelayWire.ChunkSize]).Encode();

        Assert.Equal(16_379, RelayWire.HeaderSize + body.Length);
        Assert.Equal(16_384, RelayFrameCodec.Encode(RelayOp.PutChunk, 7, body).Length);
        Assert.True(CellWire.StreamFrameHeaderSize + body.Length <= CellWire.Capacity(16_384));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    [InlineData(255)]
    public void PutChunk_FetchesOutOfRange_False(int fetches)
    {
        var encoded = new PutChunkRequest(new byte[32], 1, new byte[RelayWire.ChunkSize]).Encode();
        encoded[32] = (byte)fetches;

        Assert.False(PutChunkRequest.TryParse(encoded, out var parsed));
        Assert.Null(parsed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(32 + 1 + 16_335)]
    [InlineData(32 + 1 + 16_337)]
    [InlineData(32 + 1 + 16_384)]
    public void PutChunk_WrongLength_False(int length)
    {
        var body = new byte[length];
        if (length > 32)
        {
            body[32] = 1;
        }

        Assert.False(PutChunkRequest.TryParse(body, out var parsed));
        Assert.Null(parsed);
    }

    [Fact]
    public void PutChunk_BadArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PutChunkRequest(new byte[31], 1, new byte[RelayWire.ChunkSize]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PutChunkRequest(new byte[32], 0, new byte[RelayWire.ChunkSize]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PutChunkRequest(new byte[32], 65, new byte[RelayWire.ChunkSize]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PutChunkRequest(new byte[32], 1, new byte[RelayWire.ChunkSize - 1]));
    }

    [Fact]
    public void ChunkAddress_EncodeThenParse_TheAddressOnly()
    {
        var address = RandomNumberGenerator.GetBytes(32);

        var encoded = new ChunkAddressRequest(address).Encode();

        Assert.Equal(address, encoded);
        Assert.True(ChunkAddressRequest.TryParse(encoded, out var parsed));
        Assert.Equal(address, parsed!.Address);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void ChunkAddress_WrongLength_False(int length)
    {
        Assert.False(ChunkAddressRequest.TryParse(new byte[length], out var parsed));
        Assert.Null(parsed);
    }

    [Fact]
    public void ChunkOps_TheSpecsValues_KnownToBothCodecs()
    {
        Assert.Equal(0x0C, (byte)RelayOp.PutChunk);
        Assert.Equal(0x0D, (byte)RelayOp.GetChunk);
        Assert.Equal(0x0E, (byte)RelayOp.ReleaseChunk);
        Assert.Equal(0x8C, (byte)RelayOp.Chunk);
        Assert.Equal(13, (ushort)RelayErrorCode.ChunkNotFound);
        Assert.Equal(11, (ushort)RelayErrorCode.StoreFull);
        var frame = RelayFrameCodec.Encode(RelayOp.Chunk, 9, new byte[RelayWire.ChunkSize]);
        Assert.True(RelayFrameCodec.TryDecode(frame, out var decoded, out var error), error.ToString());
        Assert.Equal(RelayOp.Chunk, decoded!.Op);
        Assert.Equal(RelayWire.ChunkSize, decoded.Body.Length);
    }
}
