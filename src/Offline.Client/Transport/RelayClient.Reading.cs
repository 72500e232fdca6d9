using System.Net.WebSockets;
using Offline.Protocol.Wire;

namespace Offline.Client.Transport;

public sealed partial class RelayClient
{
    /// <summary>
    /// Reads whole WebSocket messages, each exactly one frame; answers complete their request,
    /// deliveries go to the channel. Anything malformed ends the connection (the relay is then not
    /// trusted to speak the protocol), and every waiting request fails with the reason.
    /// </summary>
    private async Task ReadLoopAsync()
    {
        var buffer = new byte[RelayWire.MaxFrameSize];
        var failure = new RelayException(RelayFailure.ConnectionLost, "The relay closed the connection.");
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var (length, closed) = await ReceiveMessageAsync(buffer);
                if (closed)
                {
                    // The reason is the relay's text on the user's terminal: keep it to printable characters.
                    var reason = new string((socket.CloseStatusDescription ?? string.Empty).Where(c => !char.IsControl(c)).ToArray());
                    failure = new RelayException(RelayFailure.ConnectionLost, string.IsNullOrEmpty(reason) ? "The relay closed the connection." : $"The relay closed the connection: {reason}.");
                    break;
                }

                if (Accept(buffer, length) is { } malformed)
                {
                    failure = malformed;
                    break;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            failure = new RelayException(RelayFailure.ConnectionLost, "Lost the connection to the relay.", null, e);
        }
        catch (RelayException e)
        {
            failure = e;
        }

        closedBecause = failure;
        Volatile.Read(ref receivedAll)?.TrySetException(failure);
        deliveries.Writer.TryComplete(failure);
        foreach (var waiting in pending.Values)
        {
            waiting.TrySetException(failure);
        }
    }

    /// <summary>One WebSocket message: a classic frame, or on a paced connection a cell with any number of frames (or parts).</summary>
    private RelayException? Accept(byte[] buffer, int length)
    {
        if (cellReader is null)
        {
            if (!RelayFrameCodec.TryDecode(buffer.AsMemory(0, length), out var frame, out var error))
            {
                return new RelayException(RelayFailure.ProtocolViolation, $"The relay sent a malformed frame ({RelayFrameCodec.Describe(error, length)}).");
            }

            Dispatch(new RelayFrame(frame!.Op, frame.RequestId, frame.Body.ToArray()));
            return null;
        }

        Interlocked.Exchange(ref lastReceived, TimeProvider.System.GetTimestamp());
        CountReceivedCell(1, length >= CellWire.HeaderSize ? System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(1)) : 0);
        var frames = new List<RelayFrame>();
        var cellError = cellReader.Accept(buffer.AsSpan(0, length), frames);
        foreach (var frame in frames)
        {
            Dispatch(frame);
        }

        return cellError == CellError.None
            ? null
            : new RelayException(RelayFailure.ProtocolViolation, $"The relay sent a malformed cell ({CellWire.Describe(cellError, length, Profile.CellSize)}).");
    }

    private async Task<(int Length, bool Closed)> ReceiveMessageAsync(byte[] buffer)
    {
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                throw new RelayException(RelayFailure.ProtocolViolation, "The relay sent a frame larger than 64 KiB.");
            }

            var result = await socket.ReceiveAsync(buffer.AsMemory(length), stopping.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (0, true);
            }

            if (result.MessageType != WebSocketMessageType.Binary)
            {
                throw new RelayException(RelayFailure.ProtocolViolation, "The relay sent a text message; frames are binary.");
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return (length, false);
            }
        }
    }

    private void Dispatch(RelayFrame frame)
    {
        if (frame.Op == RelayOp.Delivery && frame.RequestId == 0)
        {
            if (!DeliveryBody.TryParse(frame.Body.Span, out var delivery))
            {
                throw new RelayException(RelayFailure.ProtocolViolation, "The relay sent a malformed Delivery.");
            }

            if (InterceptDelivery?.Invoke(delivery!) != true)
            {
                deliveries.Writer.TryWrite(delivery!);
            }

            return;
        }

        if (pending.TryGetValue(frame.RequestId, out var waiting))
        {
            waiting.TrySetResult(frame);
        }
    }
}
