using Offline.Protocol.Wire;

namespace Offline.Relay.Sockets;

/// <summary>The answer to one request: an op and its body, framed by the connection.</summary>
internal readonly record struct RelayReply(RelayOp Op, byte[] Body)
{
    public static RelayReply Ok { get; } = new(RelayOp.Ok, []);

    public static RelayReply Error(RelayErrorCode code, string reason) => new(RelayOp.Error, new ErrorBody(code, reason).Encode());
}
