using System.Buffers.Binary;
using Offline.Protocol.Wire;

namespace Offline.Protocol.Tests.Wire;

public class CellCodecTests
{
    [Theory]
    [InlineData(1024, 1)]
    [InlineData(1024, 2)]
    [InlineData(4096, 3)]
    [InlineData(4096, 4)]
    public void WriterThenReader_ManyFramesOfRandomSizes_SameFramesInOrder(int cellSize, int seed)
    {
        var random = new Random(seed);
        var writer = new CellWriter(cellSize);
        var reader = new CellReader();
        var sent = new List<(RelayOp Op, uint Id, byte[] Body)>();
        var got = new List<RelayFrame>();
        var emptyCells = 0;

        for (var round = 0; round < 60; round++)
        {
            // Bursts of frames from empty to the largest body, so frames span cells and cells hold several.
            for (var n = random.Next(0, 6); n > 0; n--)
            {
                var size = random.Next(4) switch
                {
                    0 => 0,
                    1 => random.Next(1, 64),
                    2 => random.Next(64, 3000),
                    _ => random.Next(3000, RelayWire.MaxBodySize + 1),
                };
                var body = new byte[size];
                random.NextBytes(body);
                var frame = ((RelayOp)random.Next(1, 10), (uint)random.Next(), body);
                sent.Add(frame);
                writer.Enqueue(CellWire.EncodeStreamFrame(frame.Item1, frame.Item2, body));
            }

            // Most rounds drain only part of what is queued; every tenth drains it all and idles a little.
            var cells = round % 10 == 9 ? int.MaxValue : random.Next(1, 30);
            for (var idle = 2; cells > 0 && idle > 0; cells--)
            {
                idle -= round % 10 == 9 && writer.IsEmpty ? 1 : 0;
                emptyCells += writer.IsEmpty ? 1 : 0;
                var cell = writer.NextCell();
                Assert.Equal(cellSize, cell.Length);
                Assert.Equal(CellError.None, reader.Accept(cell, got));
            }
        }

        while (!writer.IsEmpty)
        {
            Assert.Equal(CellError.None, reader.Accept(writer.NextCell(), got));
        }

        Assert.True(emptyCells > 0, "the test should have sent empty cells");
        Assert.False(reader.InsideFrame);
        Assert.Equal(cellSize, reader.CellSize);
        Assert.Equal(sent.Count, got.Count);
        for (var i = 0; i < sent.Count; i++)
        {
            Assert.Equal(sent[i].Op, got[i].Op);
            Assert.Equal(sent[i].Id, got[i].RequestId);
            Assert.Equal(sent[i].Body, got[i].Body.ToArray());
        }
    }

    [Fact]
    public void Send_OneKiBBucketCiphertext_FillsOneOneKiBCellExactly()
    {
        var ciphertext = new byte[SendRequest.CiphertextCapacity(1024)];
        new Random(7).NextBytes(ciphertext);
        var body = new SendRequest(new byte[RelayWire.AddressSize], 0, ciphertext).Encode();
        var writer = new CellWriter(1024);
        writer.Enqueue(CellWire.EncodeStreamFrame(RelayOp.Send, 5, body));

        var cell = writer.NextCell();

        Assert.Equal(974, ciphertext.Length);
        Assert.True(writer.IsEmpty);
        Assert.Equal(CellWire.Capacity(1024), BinaryPrimitives.ReadUInt16BigEndian(cell.AsSpan(1)));
        var frames = new List<RelayFrame>();
        Assert.Equal(CellError.None, new CellReader().Accept(cell, frames));
        var frame = Assert.Single(frames);
        Assert.True(SendRequest.TryParse(frame.Body.Span, out var parsed));
        Assert.Equal(ciphertext, parsed!.Ciphertext);
    }

    [Fact]
    public void NextCell_NothingQueued_EmptyWholeCell()
    {
        var cell = new CellWriter(4096).NextCell();

        Assert.Equal(4096, cell.Length);
        Assert.Equal(CellWire.Version, cell[0]);
        Assert.All(cell.Skip(1), b => Assert.Equal(0, b));
    }

    public static TheoryData<string, byte[], CellError> BadFirstCells => new()
    {
        { "wrong size", Cell(1000, []), CellError.WrongSize },
        { "empty message", [], CellError.WrongSize },
        { "unknown version", Tamper(Cell(1024, []), c => c[0] = 0x01), CellError.UnknownVersion },
        { "payload past end", Tamper(Cell(1024, []), c => BinaryPrimitives.WriteUInt16BigEndian(c.AsSpan(1), 1022)), CellError.PayloadTooLong },
        { "non-zero fill", Tamper(Cell(1024, Frame(RelayOp.Ping, [])), c => c[^1] = 1), CellError.NonZeroFill },
        { "unknown op", Cell(1024, [0x42, 0, 0, 0, 1, 0, 0]), CellError.UnknownOp },
        { "op zero", Cell(1024, [0x00, 0, 0, 0, 1, 0, 0]), CellError.UnknownOp },
        { "body over max", Cell(1024, [(byte)RelayOp.Send, 0, 0, 0, 1, 0xff, 0xf7]), CellError.FrameTooLong },
    };

    [Theory]
    [MemberData(nameof(BadFirstCells))]
    public void Accept_MalformedCell_ReturnsItsError(string name, byte[] cell, CellError expected)
    {
        var frames = new List<RelayFrame>();

        var error = new CellReader().Accept(cell, frames);

        Assert.True(expected == error, $"{name}: {error}");
    }

    [Fact]
    public void Accept_BodyExactlyMax_Accepted()
    {
        var frames = new List<RelayFrame>();
        var reader = new CellReader();

        Assert.Equal(CellError.None, reader.Accept(Cell(1024, [(byte)RelayOp.Send, 0, 0, 0, 1, 0xff, 0xf6]), frames));
        Assert.True(reader.InsideFrame);
    }

    [Fact]
    public void Accept_SecondCellOfOtherSize_WrongSize()
    {
        var reader = new CellReader();
        var frames = new List<RelayFrame>();
        Assert.Equal(CellError.None, reader.Accept(Cell(1024, Frame(RelayOp.Hello, [])), frames));

        var error = reader.Accept(Cell(4096, Frame(RelayOp.Ping, [])), frames);

        Assert.Equal(CellError.WrongSize, error);
        Assert.Equal("every cell on a paced connection must be 1024 bytes; got 4096", CellWire.Describe(error, 4096, reader.CellSize));
    }

    [Fact]
    public void Accept_GivenSize_FirstCellOfOtherSizeRefused()
    {
        Assert.Equal(CellError.WrongSize, new CellReader(4096).Accept(Cell(1024, []), []));
    }

    [Fact]
    public void Accept_UnknownOpInSecondCellAfterSpanningFrame_UnknownOp()
    {
        var reader = new CellReader();
        var frames = new List<RelayFrame>();
        var frame = Frame(RelayOp.Ping, []);

        // A Ping's header split 3 + 4 across two cells, then a frame header with a bad op right after it.
        Assert.Equal(CellError.None, reader.Accept(Cell(1024, frame[..3]), frames));
        Assert.Empty(frames);
        var error = reader.Accept(Cell(1024, [.. frame[3..], 0x7f, 0, 0, 0, 2, 0, 0]), frames);

        Assert.Equal(CellError.UnknownOp, error);
        Assert.Equal(RelayOp.Ping, Assert.Single(frames).Op);
    }

    [Theory]
    [InlineData(CellError.WrongSize, 1000, 0, "cell must be exactly 1, 4, 16 or 64 KiB; got 1000 bytes")]
    [InlineData(CellError.WrongSize, 4096, 1024, "every cell on a paced connection must be 1024 bytes; got 4096")]
    [InlineData(CellError.UnknownVersion, 1024, 1024, "unknown cell version (expected 0x02)")]
    [InlineData(CellError.PayloadTooLong, 1024, 1024, "cell payload length runs past the end of the cell")]
    [InlineData(CellError.NonZeroFill, 1024, 1024, "cell padding must be all zero")]
    [InlineData(CellError.UnknownOp, 1024, 1024, "unknown frame op inside a cell")]
    [InlineData(CellError.FrameTooLong, 1024, 1024, "frame inside a cell declares a body over 65526 bytes")]
    public void Describe_EachError_OneLineReason(CellError error, int length, int expected, string reason)
    {
        Assert.Equal(reason, CellWire.Describe(error, length, expected));
    }

    [Fact]
    public void EncodeStreamFrame_BodyOverMax_Throws()
    {
        Assert.Throws<ArgumentException>(() => CellWire.EncodeStreamFrame(RelayOp.Send, 1, new byte[RelayWire.MaxBodySize + 1]));
    }

    private static byte[] Frame(RelayOp op, byte[] body) => CellWire.EncodeStreamFrame(op, 1, body);

    /// <summary>A cell of <paramref name="size"/> carrying <paramref name="payload"/>, built by hand (not by the writer under test).</summary>
    private static byte[] Cell(int size, byte[] payload)
    {
        var cell = new byte[size];
        cell[0] = CellWire.Version;
        BinaryPrimitives.WriteUInt16BigEndian(cell.AsSpan(1), (ushort)payload.Length);
        payload.CopyTo(cell, CellWire.HeaderSize);
        return cell;
    }

    private static byte[] Tamper(byte[] cell, Action<byte[]> change)
    {
        change(cell);
        return cell;
    }
}
