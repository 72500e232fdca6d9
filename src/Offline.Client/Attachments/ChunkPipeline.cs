using Offline.Client.Transport;

namespace Offline.Client.Attachments;

/// <summary>
/// Chunk requests on one connection with at most <c>window</c> in flight: requests go out in index
/// order, answers are taken in that order (the relay answers in request order), and each answer
/// makes room for the next request. <see cref="Fill"/> may run before the connection's schedule
/// starts, so a bulk connection's first requests ride in its first cell with Hello.
/// </summary>
internal sealed class ChunkPipeline<T>(IReadOnlyList<int> indices, int window, Func<RelayClient, int, Task<T>> request)
{
    private readonly Queue<(int Index, Task<T> Answer)> inFlight = new();
    private int next;

    /// <summary>Sends requests until the window is full or none are left.</summary>
    public void Fill(RelayClient connection)
    {
        while (inFlight.Count < window && next < indices.Count)
        {
            var index = indices[next++];
            inFlight.Enqueue((index, request(connection, index)));
        }
    }

    /// <summary>Until every request is answered: <paramref name="answered"/> sees each answer in order. Cancelling leaves the requests in flight to finish unobserved.</summary>
    public async Task RunAsync(RelayClient connection, Action<int, T> answered, CancellationToken cancellationToken)
    {
        try
        {
            Fill(connection);
            while (inFlight.TryPeek(out var item))
            {
                // Checked first: waiting on an answer that has already come does not look at the token.
                cancellationToken.ThrowIfCancellationRequested();
                var value = await item.Answer.WaitAsync(cancellationToken);
                inFlight.Dequeue();
                answered(item.Index, value);
                Fill(connection);
            }
        }
        finally
        {
            Abandon();
        }
    }

    /// <summary>Observes the failure of requests nobody waits for any more (a cancelled transfer, a lost connection).</summary>
    public void Abandon()
    {
        while (inFlight.TryDequeue(out var item))
        {
            _ = item.Answer.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
