namespace Offline.Release;

/// <summary>A failure the release manager can act on: the message says what to do; the exit code which kind (2 usage, 14 verification, 1 other).</summary>
internal sealed class ToolException(int exitCode, string message) : Exception(message)
{
    public const int Usage = 2;
    public const int Verification = 14;

    public int ExitCode { get; } = exitCode;
}
