using System.Net.WebSockets;
using System.Security.Cryptography;
using Offline.Protocol.Wire;
using Offline.Relay.Store;

namespace Offline.Relay.Sockets;

/// <summary>Decoding one frame and answering it.</summary>
internal sealed partial class RelayConnection
{
    /// <summary>One whole WebSocket message; the first one decides whether the connection is classic or paced.</summary>
    private async Task HandleAsync(ReadOnlyMemory<byte> bytes)
    {
        if (!modeDecided)
        {
            modeDecided = true;
            if (!bytes.IsEmpty && bytes.Span[0] == CellWire.Version)
            {
                paced = new PacedStream(limits.PacedBacklogBytes);
            }
        }

        if (paced is not null)
        {
            await HandleCellAsync(paced, bytes);
        }
        else
        {
            await HandleFrameAsync(bytes);
        }
    }

    private async Task HandleFrameAsync(ReadOnlyMemory<byte> bytes)
    {
        // 1. The frame itself: size, version, op, length, zero fill.
        if (bytes.Length > limits.MaxFrameBytes)
        {
            RequestClose(WebSocketCloseStatus.MessageTooBig, $"frame larger than {limits.MaxFrameBytes / 1024} KiB");
            return;
        }

        if (!RelayFrameCodec.TryDecode(bytes, out var frame, out var error) || frame is null)
        {
            RequestClose(WebSocketCloseStatus.ProtocolError, RelayFrameCodec.Describe(error, bytes.Length));
            return;
        }

        await HandleDecodedAsync(frame);
    }

    /// <summary>A well-formed frame, classic or out of cells: the connection's budget and state, then the operation.</summary>
    private async Task HandleDecodedAsync(RelayFrame frame)
    {
        // 2. The connection's budget and state. Chunk operations have their own budget, which slows
        // a bulk transfer down instead of closing it.
        if (IsChunkOp(frame.Op))
        {
            await WaitForChunkBudgetAsync();
        }
        else if (!rate.TryTake())
        {
            RequestClose(WebSocketCloseStatus.PolicyViolation, $"rate limit: more than {limits.FramesPerSecond} frames per second");
            return;
        }

        if ((byte)frame.Op >= 0x80)
        {
            RequestClose(WebSocketCloseStatus.ProtocolError, $"op 0x{(byte)frame.Op:x2} is sent by the relay, not to it");
            return;
        }

        if ((challenge is null) != (frame.Op == RelayOp.Hello))
        {
            RequestClose(WebSocketCloseStatus.ProtocolError, challenge is null ? "first frame must be Hello" : "Hello may be sent only once");
            return;
        }

        // 3. The operation.
        var handled = await DispatchAsync(frame);
        if (!handled)
        {
            RequestClose(WebSocketCloseStatus.ProtocolError, $"malformed {frame.Op} body");
        }
    }

    /// <summary>False when the body does not parse for its op.</summary>
    private async Task<bool> DispatchAsync(RelayFrame frame)
    {
        var body = frame.Body.Span;
        var token = lifetime.Token;
        RelayReply reply;
        switch (frame.Op)
        {
            case RelayOp.Hello when body.IsEmpty:
                reply = Welcome();
                break;
            case RelayOp.Ping when body.IsEmpty:
                reply = new RelayReply(RelayOp.Pong, []);
                break;
            case RelayOp.PublishBundle when PublishBundleRequest.TryParse(body, out var publish):
                reply = await directory.PublishAsync(publish!, challenge!, token);
                break;
            case RelayOp.FetchBundle when FetchBundleRequest.TryParse(body, out var fetch):
                reply = await directory.FetchAsync(fetch!, token);
                break;
            case RelayOp.TopUpPrekeys when TopUpPrekeysRequest.TryParse(body, out var topUp):
                reply = await directory.TopUpAsync(topUp!, challenge!, token);
                break;
            case RelayOp.FetchCanary when body.IsEmpty:
                reply = await CanaryReplyAsync(token);
                break;
            case RelayOp.CreateQueue when CreateQueueRequest.TryParse(body, out var create):
                reply = await mailboxes.CreateQueueAsync(create!, token);
                break;
            case RelayOp.Send when SendRequest.TryParse(body, out var send):
                reply = await mailboxes.SendAsync(send!, token);
                break;
            case RelayOp.Ack when AckRequest.TryParse(body, out var ack):
                reply = await mailboxes.AckAsync(ack!, token);
                break;
            case RelayOp.DeleteQueue when OwnerRequest.TryParse(body, out var delete):
                reply = await mailboxes.DeleteQueueAsync(delete!, token);
                if (reply.Op == RelayOp.Ok && subscriptions.Remove(QueueAddress.From(delete!.Address)))
                {
                    mailboxes.Unsubscribe(QueueAddress.From(delete.Address), this);
                }

                break;
            case RelayOp.PutChunk when PutChunkRequest.TryParse(body, out var put):
                reply = await PutChunkAsync(put!);
                break;
            case RelayOp.GetChunk when ChunkAddressRequest.TryParse(body, out var get):
                reply = await chunks.GetAsync(get!, token);
                break;
            case RelayOp.ReleaseChunk when ChunkAddressRequest.TryParse(body, out var release):
                reply = await chunks.ReleaseAsync(release!, token);
                break;
            case RelayOp.Subscribe when OwnerRequest.TryParse(body, out var subscribe):
                await SubscribeAsync(frame.RequestId, subscribe!);
                return true;
            default:
                return false;
        }

        await SendAsync(reply.Op, frame.RequestId, reply.Body);
        return true;
    }

    private async Task<RelayReply> CanaryReplyAsync(CancellationToken cancellationToken) =>
        await canary.ReadAsync(cancellationToken) is { } bytes
            ? new RelayReply(RelayOp.Canary, bytes)
            : RelayReply.Error(RelayErrorCode.NoCanary, "this relay publishes no warrant canary");

    private RelayReply Welcome()
    {
        // Fresh random bytes, kept only as the challenge in this object: nothing links two connections.
        var token = RandomNumberGenerator.GetBytes(RelayWire.TokenSize);
        challenge = RandomNumberGenerator.GetBytes(RelayWire.TokenSize);
        return new RelayReply(RelayOp.Welcome, new WelcomeBody(token, challenge).Encode());
    }

    private async Task SubscribeAsync(uint requestId, OwnerRequest request)
    {
        var address = QueueAddress.From(request.Address);
        if (!subscriptions.Contains(address) && subscriptions.Count >= limits.MaxSubscriptionsPerConnection)
        {
            var refusal = RelayReply.Error(RelayErrorCode.TooManySubscriptions, $"at most {limits.MaxSubscriptionsPerConnection} subscriptions per connection");
            await SendAsync(refusal.Op, requestId, refusal.Body);
            return;
        }

        var (reply, pending) = await mailboxes.SubscribeAsync(request, this, lifetime.Token);
        if (reply.Op == RelayOp.Ok)
        {
            subscriptions.Add(address);
        }

        // The answer first, then what was waiting; later arrivals are pushed by the hub.
        await SendAsync(reply.Op, requestId, reply.Body);
        foreach (var message in pending)
        {
            var delivery = new DeliveryBody(request.Address, message.Id, message.Ciphertext).Encode();
            if (paced is not null)
            {
                // Over the backlog cap a pending message stays stored for the next Subscribe.
                paced.TryQueueDelivery(delivery);
            }
            else
            {
                await SendAsync(RelayOp.Delivery, 0, delivery);
            }
        }
    }
}
