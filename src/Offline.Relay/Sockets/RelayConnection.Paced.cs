using System.Net.WebSockets;
using Offline.Protocol.Wire;

namespace Offline.Relay.Sockets;

/// <summary>
/// A paced connection (docs/PROTOCOL.md, Part 2, "Paced connections"): every message is a cell of
/// the first cell's size, the frames inside are handled exactly like classic frames, and each
/// cell is answered by exactly one cell, so the relay never sends anything the client did not ask
/// a cell for.
/// </summary>
internal sealed partial class RelayConnection
{
    private async Task HandleCellAsync(PacedStream stream, ReadOnlyMemory<byte> cell)
    {
        // 1. The cell: size (the first cell's), version, payload length, zero fill, and the frame headers it completes.
        var frames = new List<RelayFrame>();
        var error = stream.Accept(cell.Span, frames);
        if (error != CellError.None)
        {
            RequestClose(WebSocketCloseStatus.ProtocolError, stream.Describe(error, cell.Length));
            return;
        }

        // 2. A cell spends the rate budget even when it carries nothing; each frame in it spends its own.
        if (!rate.TryTake())
        {
            RequestClose(WebSocketCloseStatus.PolicyViolation, $"rate limit: more than {limits.FramesPerSecond} frames per second");
            return;
        }

        // 3. Every frame the cell completed, in order, exactly as on a classic connection.
        foreach (var frame in frames)
        {
            await HandleDecodedAsync(frame);
            if (Volatile.Read(ref closing) != 0)
            {
                return;
            }

            if (stream.IsOverrun)
            {
                RequestClose(WebSocketCloseStatus.PolicyViolation, "requests outrun the cells that carry their answers");
                return;
            }
        }

        // 4. Lockstep: one cell back, whatever is (or is not) waiting in the stream.
        if (!outbox.Writer.TryWrite(stream.NextCell()))
        {
            RequestClose(WebSocketCloseStatus.PolicyViolation, "client reads too slowly: outbound queue full");
        }
    }
}
