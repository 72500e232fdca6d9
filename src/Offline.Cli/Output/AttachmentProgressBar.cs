using Offline.Client.Sync;

namespace Offline.Cli.Output;

/// <summary>
/// A one-line progress bar on stderr while an attachment moves ("sending 1a2b3c4d [######......] 5/19 parts"),
/// redrawn in place and ended with a newline when done. Only when stderr is a terminal: scripts and
/// tests (redirected stderr) get nothing from it.
/// </summary>
internal sealed class AttachmentProgressBar : IProgress<AttachmentProgress>
{
    private const int Width = 24;
    private readonly object gate = new();
    private string? drawn;

    public static bool Enabled => !Console.IsErrorRedirected;

    public void Report(AttachmentProgress value)
    {
        if (!Enabled || value.TotalChunks <= 0)
        {
            return;
        }

        var filled = Math.Clamp(value.DoneChunks * Width / value.TotalChunks, 0, Width);
        var line = $"\r{(value.Upload ? "sending" : "receiving")} {Describe.ShortId(value.MessageId)} [{new string('#', filled)}{new string('.', Width - filled)}] {value.DoneChunks}/{value.TotalChunks} parts";
        lock (gate)
        {
            if (line == drawn)
            {
                return;
            }

            Console.Error.Write(line);
            drawn = value.DoneChunks >= value.TotalChunks ? null : line;
            if (drawn is null)
            {
                Console.Error.WriteLine();
            }
        }
    }
}
