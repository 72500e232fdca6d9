using System.Text.Json.Nodes;
using Offline.Cli.CommandLine;
using Offline.Cli.Errors;
using Offline.Client.Settings;

namespace Offline.Cli.Commands;

/// <summary>settings [read-receipts on|off] [typing on|off]: shows, or changes then shows.</summary>
internal static class SettingsCommand
{
    private const string Usage = "settings [read-receipts on|off] [typing on|off]";

    public static Task RunAsync(CliContext context)
    {
        var args = context.Arguments.Positionals;
        if (args.Count % 2 != 0)
        {
            throw new CliException(ExitCode.Usage, "Usage: offline " + Usage);
        }

        using var home = context.OpenHome();
        var settings = home.Settings;
        for (var i = 0; i < args.Count; i += 2)
        {
            var on = args[i + 1] switch
            {
                "on" => true,
                "off" => false,
                _ => throw new CliException(ExitCode.Usage, $"'{args[i + 1]}': use on or off. Usage: offline {Usage}"),
            };
            settings = args[i] switch
            {
                "read-receipts" => settings with { ReadReceipts = on },
                "typing" => settings with { TypingIndicators = on },
                _ => throw new CliException(ExitCode.Usage, $"Unknown setting '{args[i]}'. Usage: offline {Usage}"),
            };
        }

        if (args.Count > 0)
        {
            home.Settings = settings;
        }

        Show(context, settings);
        return Task.CompletedTask;
    }

    private static void Show(CliContext context, ClientSettings settings)
    {
        context.Printer.Emit(new JsonObject { ["read_receipts"] = settings.ReadReceipts, ["typing"] = settings.TypingIndicators });
        context.Printer.Say($"read-receipts  {(settings.ReadReceipts ? "on" : "off")}   (tell contacts when you have seen their messages)");
        context.Printer.Say($"typing         {(settings.TypingIndicators ? "on" : "off")}   (tell contacts while you type in 'offline chat')");
    }
}
