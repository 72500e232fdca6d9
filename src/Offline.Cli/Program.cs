using System.Text;
using Offline.Cli.CommandLine;
using Offline.Cli.Commands;
using Offline.Cli.Errors;

// The `offline` command: parse, run one command over the client engine, map failures to exit codes.
Console.OutputEncoding = Encoding.UTF8;
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, signal =>
{
    // A stop request (kill, service manager): end like Ctrl-C, after the current message is stored and acknowledged.
    signal.Cancel = true;
    cancellation.Cancel();
});

string relay = CliContext.DefaultRelay;
Arguments? arguments = null;
try
{
    arguments = Arguments.Parse(args);
    if (arguments.Has("--version"))
    {
        Console.WriteLine($"offline {ProgramVersion.Informational} (protocol v1)");
        return 0;
    }

    if (arguments.Has("--help") || arguments.Command is "help")
    {
        Console.Write(CommandTable.Help());
        return 0;
    }

    var command = CommandTable.Commands.FirstOrDefault(c => c.Name == arguments.Command);
    if (command.Run is null)
    {
        throw new CliException(ExitCode.Usage, $"Unknown command '{arguments.Command}'. 'offline help' lists them.");
    }

    var context = new CliContext(arguments, cancellation.Token);
    relay = context.Relay;
    await command.Run(context);
    return 0;
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    return 130;
}
catch (Exception e)
{
    var error = ErrorTranslation.From(e, relay);
    await Console.Error.WriteLineAsync($"offline: {error.Message}");
    return (int)error.Code;
}
