namespace Offline.Cli.Errors;

/// <summary>A failure the user can act on: a message saying what to do next, and its exit code.</summary>
public sealed class CliException : Exception
{
    public CliException(ExitCode code, string message)
        : base(message)
    {
        Code = code;
    }

    public CliException()
        : this(ExitCode.Failure, "The command failed.")
    {
    }

    public CliException(string message)
        : this(ExitCode.Failure, message)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = ExitCode.Failure;
    }

    public ExitCode Code { get; }
}
