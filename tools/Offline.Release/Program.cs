using Offline.Release;

// The release tool behind ./release (docs/RELEASE.md): key pairs, signing a release folder, verifying one.
try
{
    var arguments = ToolArguments.Parse(args);
    return arguments.Command switch
    {
        "keygen" => KeyCommands.Keygen(arguments),
        "key-check" => KeyCommands.Check(arguments),
        "sign" => SignCommand.Run(arguments),
        "verify" => VerifyCommand.Run(arguments),
        _ => throw new ToolException(ToolException.Usage, $"Unknown command '{arguments.Command}': use keygen, key-check, sign or verify."),
    };
}
catch (ToolException e)
{
    Console.Error.WriteLine($"release: {e.Message}");
    return e.ExitCode;
}
