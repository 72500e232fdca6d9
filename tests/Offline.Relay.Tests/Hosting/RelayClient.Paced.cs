using System.Buffers.Binary;
using Offline.Protocol.Wire;

namespace Offline.Relay.Tests.Hosting;

/// <summary>The paced half: requests as stream frames in cells, one cell at a time, and the cell counts the lockstep tests read.</summary>
internal sealed partial class RelayClient
{
    /// <summary>Paced: puts a request in the upstream stream without sending a cell; the answer comes with a later cell.</summary>
    public Task<RelayFrame> QueueRequest(RelayOp op, byte[] body)
    {
        var id = Interlocked.Increment(ref nextId);
        var answer = new TaskCompletionSource<RelayFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting[id] = answer;
        Stream.Enqueue(CellWire.EncodeStreamFrame(op, id, body));
        return answer.Task;
    }

    /// <summary>Paced: sends cells one at a time, each after the reply to the last, until <paramref name="until"/> is done.</summary>
    public async Task PumpUntilAsync(Task until)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!until.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, "paced request not answered in time");
            Assert.False(closed.Task.IsCompleted, $"the relay closed the connection: {(closed.Task.IsCompleted ? closed.Task.Result.Description : "")}");
            await ExchangeCellAsync();
        }
    }

    /// <summary>Paced: sends the next cell and waits (bounded) for the one cell that answers it.</summary>
    public async Task ExchangeCellAsync()
    {
        await pumpLock.WaitAsync();
        try
        {
            var number = Interlocked.Increment(ref cellsSent);
            await SendRawAsync(Stream.NextCell());
            await WaitForCellsAsync(number);
        }
        finally
        {
            pumpLock.Release();
        }
    }

    /// <summary>Paced: sends the next cell without waiting for its reply.</summary>
    public async Task SendCellAsync()
    {
        Interlocked.Increment(ref cellsSent);
        await SendRawAsync(Stream.NextCell());
    }

    /// <summary>Paced: true if a cell arrives that no cell of ours asked for within <paramref name="window"/>.</summary>
    public async Task<bool> UnsolicitedCellWithinAsync(TimeSpan window)
    {
        using var timeout = new CancellationTokenSource(window);
        try
        {
            while (UnsolicitedCells == 0)
            {
                await cellArrived.WaitAsync(timeout.Token);
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Paced: waits (bounded) until <paramref name="count"/> cells have arrived in all, or the connection has closed.</summary>
    public async Task WaitForCellsAsync(int count)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (CellsReceived < count && !closed.Task.IsCompleted)
        {
            await cellArrived.WaitAsync(timeout.Token);
        }
    }

    private CellWriter Stream => upstream ?? throw new InvalidOperationException("not a paced client");

    /// <summary>One cell from the relay: its size and form checked, its frames dispatched, then counted (so a waiter sees its frames).</summary>
    private void AcceptCell(ReadOnlySpan<byte> cell)
    {
        Assert.True(cell.Length == CellSize, $"relay sent a {cell.Length}-byte cell on a {CellSize}-byte connection");
        var frames = new List<RelayFrame>();
        var error = downstream!.Accept(cell, frames);
        Assert.True(error == CellError.None, $"relay sent a bad cell: {error}");
        frames.ForEach(Dispatch);
        Volatile.Write(ref lastReplyPayload, BinaryPrimitives.ReadUInt16BigEndian(cell[1..]));
        if (Interlocked.Increment(ref cellsReceived) > CellsSent)
        {
            Interlocked.Increment(ref unsolicitedCells);
        }

        cellArrived.Release();
    }
}
