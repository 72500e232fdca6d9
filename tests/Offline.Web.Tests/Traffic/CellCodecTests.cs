using System.Text.Json.Nodes;
using Offline.Protocol.Wire;
using Offline.Web.Tests.Browser;

namespace Offline.Web.Tests.Traffic;

/// <summary>
/// The web app's cells (Wire.CellWriter / Wire.CellReader) against the C# reference (CellWriter.cs,
/// CellReader.cs): the same bytes for the same frames, each side reads the other's, and every bad cell
/// fails with the same CellError name. And the slot clock's jitter and next-slot rule.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CellCodecTests(BrowserFixture browser)
{
    private static readonly (RelayOp Op, uint Id, int Length)[] Frames =
    [
        (RelayOp.Hello, 1, 0), (RelayOp.CreateQueue, 2, 66), (RelayOp.Subscribe, 3, 64), (RelayOp.Send, 4, 32 + 8 + 974),
        (RelayOp.Ack, 5, 72), (RelayOp.Delivery, 0, 40 + 974), (RelayOp.Send, 6, 5000), (RelayOp.Ping, 7, 0),
        (RelayOp.Delivery, 0, RelayWire.MaxBodySize), (RelayOp.Pong, uint.MaxValue, 0),
        (RelayOp.PutChunk, 8, PutChunkRequest.Size), (RelayOp.GetChunk, 9, RelayWire.AddressSize),
        (RelayOp.Chunk, 9, RelayWire.ChunkSize), (RelayOp.ReleaseChunk, 10, RelayWire.AddressSize),
    ];

    [Fact]
    public async Task Cells_MatchTheCSharpCodec_BytesFramesAndErrors()
    {
        var frames = Frames.Select(f => (f.Op, f.Id, Body: Enumerable.Range(0, f.Length).Select(i => (byte)((i * 7) + (int)f.Id)).ToArray())).ToArray();
        var writer = new CellWriter(1024);
        foreach (var f in frames)
        {
            writer.Enqueue(CellWire.EncodeStreamFrame(f.Op, f.Id, f.Body));
        }

        var cells = new List<byte[]>();
        while (!writer.IsEmpty)
        {
            cells.Add(writer.NextCell());
        }

        var valid = cells[0];
        var bad = new List<(int Size, byte[][] Prefix, byte[] Cell)>
        {
            (1024, [], new byte[1023]),
            (1024, [], new byte[4096]),
            (0, [], new byte[1000]),
            (1024, [], With(valid, 0, 0x01)),
            (1024, [], Header(1022, 1024)),
            (1024, [], With(Header(0, 1024), 1023, 1)),
            (1024, [], With(Header(10, 1024), 13, 1)),
            (1024, [], StreamCell([0x42, 0, 0, 0, 1, 0, 0])),
            (1024, [], StreamCell([0x0b, 0, 0, 0, 1, 0, 0])),
            (1024, [], StreamCell([0x05, 0, 0, 0, 1, 0xff, 0xf7])),
            (1024, [], StreamCell([0x05, 0, 0, 0, 1, 0xff, 0xf6])),
            (1024, [StreamCell([0x05, 0, 0])], StreamCell([0, 1, 0xff, 0xff])),
            (1024, [], Header(1021, 1024)),
            (0, [], Header(0, 4096)),
        };
        var expectedErrors = bad.Select(b =>
        {
            var reader = new CellReader(b.Size);
            foreach (var p in b.Prefix)
            {
                Assert.Equal(CellError.None, reader.Accept(p, []));
            }

            return reader.Accept(b.Cell, []).ToString();
        }).ToArray();

        var inputs = new JsonObject
        {
            ["frames"] = new JsonArray([.. frames.Select(f => (JsonNode)new JsonObject { ["op"] = (int)f.Op, ["id"] = f.Id, ["body"] = Convert.ToHexStringLower(f.Body) })]),
            ["cells"] = new JsonArray([.. cells.Select(c => (JsonNode)Convert.ToHexStringLower(c))]),
            ["bad"] = new JsonArray([.. bad.Select(b => (JsonNode)new JsonObject
            {
                ["size"] = b.Size,
                ["prefix"] = new JsonArray([.. b.Prefix.Select(p => (JsonNode)Convert.ToHexStringLower(p))]),
                ["cell"] = Convert.ToHexStringLower(b.Cell),
            })]),
        };
        var page = await browser.OpenAppAsync();
        try
        {
            var result = await PageScript.RunAsync(page, "Traffic/cells.js", inputs);

            // JS reads C#'s cells back to the same frames, in order.
            var decoded = result["decoded"]!.AsArray();
            Assert.Equal(frames.Length, decoded.Count);
            for (var i = 0; i < frames.Length; i++)
            {
                Assert.Equal((int)frames[i].Op, decoded[i]!["op"]!.GetValue<int>());
                Assert.Equal(frames[i].Id, decoded[i]!["id"]!.GetValue<uint>());
                Assert.Equal(Convert.ToHexStringLower(frames[i].Body), decoded[i]!["body"]!.GetValue<string>());
            }

            // JS writes the same cells, byte for byte; C# reads them; an idle cell is 0x02 0 0 and zeros.
            var encoded = result["encoded"]!.AsArray().Select(c => c!.GetValue<string>()).ToArray();
            Assert.Equal(cells.Select(Convert.ToHexStringLower), encoded);
            var back = new List<RelayFrame>();
            var csReader = new CellReader(1024);
            foreach (var cell in encoded)
            {
                Assert.Equal(CellError.None, csReader.Accept(Convert.FromHexString(cell), back));
            }

            Assert.Equal(frames.Select(f => Convert.ToHexStringLower(f.Body)), back.Select(f => Convert.ToHexStringLower(f.Body.Span)));
            Assert.Equal(Convert.ToHexStringLower(Header(0, 1024)), result["idle"]!.GetValue<string>());

            // Every bad cell fails with the C# reason.
            Assert.Equal(expectedErrors, result["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToArray());
            Assert.Contains("WrongSize", expectedErrors);
            Assert.Contains("FrameTooLong", expectedErrors);
            Assert.Equal("RangeError", result["tooLong"]!.GetValue<string>());
            Assert.Equal(CellWire.Capacity(1024), result["capacity"]!.GetValue<int>());
            Assert.Equal(RelayWire.MaxBodySize, result["maxBody"]!.GetValue<int>());

            // Wire.ops and Wire.errors name every op and error code C# has, with the same values.
            var ops = result["ops"]!.AsObject().ToDictionary(o => o.Key, o => o.Value!.GetValue<int>(), StringComparer.OrdinalIgnoreCase);
            foreach (var op in Enum.GetValues<RelayOp>())
            {
                Assert.True(ops.TryGetValue(op.ToString(), out var value) && value == (int)op, $"Wire.ops lacks {op} = 0x{(byte)op:x2}");
            }

            Assert.Equal(Enum.GetValues<RelayOp>().Length, ops.Count);
            var errors = result["errorNames"]!.AsObject().ToDictionary(e => int.Parse(e.Key, System.Globalization.CultureInfo.InvariantCulture), e => e.Value!.GetValue<string>());
            Assert.Equal(Enum.GetValues<RelayErrorCode>().ToDictionary(c => (int)c, c => c.ToString()), errors);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task Scheduler_JitterIsUniformWholeMs30To200_AndNeverCatchesUp()
    {
        var page = await browser.OpenAppAsync();
        try
        {
            var inputs = new JsonObject
            {
                ["draws"] = 20000,
                ["nextCases"] = new JsonArray(
                    new JsonArray(0, 130, 1000), new JsonArray(4, 4199, 1000), new JsonArray(3, 5500, 1000), new JsonArray(0, 60000, 500), new JsonArray(9, 1000, 100)),
            };
            var result = await PageScript.RunAsync(page, "Traffic/scheduler.js", inputs);
            Assert.Equal(30, result["min"]!.GetValue<int>());
            Assert.Equal(200, result["max"]!.GetValue<int>());
            Assert.Equal(171, result["distinct"]!.GetValue<int>());
            Assert.True(result["whole"]!.GetValue<bool>());
            Assert.InRange(result["mean"]!.GetValue<double>(), 112.0, 118.0);

            // Bytes 171, 200 and 255 are redrawn (no modulo bias); 5 gives 35 ms.
            Assert.Equal(35, result["rejected"]!.GetValue<int>());

            // The next slot: the following one on time; after a late fire, the next nominal time still ahead, never a catch-up burst.
            Assert.Equal([1, 5, 6, 121, 11], result["next"]!.AsArray().Select(n => n!.GetValue<int>()).ToArray());

            // A real Schedule: slots 0..7 in order, each at its grid time plus 30–200 ms (timers may fire up to ~30 ms late on a loaded machine).
            var fires = result["fires"]!.AsArray();
            Assert.Equal(Enumerable.Range(0, 8), fires.Select(f => f!["slot"]!.GetValue<int>()));
            Assert.All(fires, f => Assert.InRange(f!["offset"]!.GetValue<double>(), 29.0, 260.0));
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private static byte[] Header(int payloadLength, int size)
    {
        var cell = new byte[size];
        cell[0] = CellWire.Version;
        cell[1] = (byte)(payloadLength >> 8);
        cell[2] = (byte)payloadLength;
        return cell;
    }

    private static byte[] With(byte[] cell, int index, byte value)
    {
        var copy = (byte[])cell.Clone();
        copy[index] = value;
        return copy;
    }

    /// <summary>A 1 KiB cell whose payload is exactly <paramref name="payload"/>.</summary>
    private static byte[] StreamCell(byte[] payload)
    {
        var cell = Header(payload.Length, 1024);
        payload.CopyTo(cell, CellWire.HeaderSize);
        return cell;
    }
}
