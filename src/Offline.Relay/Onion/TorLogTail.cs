namespace Offline.Relay.Onion;

/// <summary>
/// What tor appended to its notice log since this start, to explain a failed start (tor writes
/// its reasons there, not to the console, once the torrc names a log). With <c>SafeLogging 1</c>
/// the lines hold no addresses.
/// </summary>
internal sealed class TorLogTail(string path)
{
    private const int KeptLines = 4;

    private readonly long start = File.Exists(path) ? new FileInfo(path).Length : 0;

    public string Read()
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            file.Seek(Math.Min(start, file.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(file);
            var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return lines.Length == 0 ? "(empty)" : string.Join(" | ", lines.TakeLast(KeptLines));
        }
        catch (IOException)
        {
            return "(none)";
        }
    }
}
