namespace Offline.Protocol.Wire;

/// <summary>
/// One decoded relay frame: its op, the request id that pairs a response with its request (0 for
/// pushes), and the body without its zero fill.
/// </summary>
public sealed class RelayFrame
{
    public RelayFrame(RelayOp op, uint requestId, ReadOnlyMemory<byte> body)
    {
        Op = op;
        RequestId = requestId;
        Body = body;
    }

    public RelayOp Op { get; }

    public uint RequestId { get; }

    public ReadOnlyMemory<byte> Body { get; }
}
