namespace Offline.Relay.Onion;

/// <summary>
/// The last few lines tor wrote to its console, kept only to explain a failed start (bad torrc,
/// locked data directory). With <c>SafeLogging 1</c> they hold no addresses.
/// </summary>
internal sealed class TorConsole
{
    private const int KeptLines = 8;

    private readonly Queue<string> lines = new();

    public string Text
    {
        get
        {
            lock (lines)
            {
                return lines.Count == 0 ? "(no output)" : string.Join(" | ", lines);
            }
        }
    }

    public void Add(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        lock (lines)
        {
            lines.Enqueue(line.Trim());
            while (lines.Count > KeptLines)
            {
                lines.Dequeue();
            }
        }
    }
}
