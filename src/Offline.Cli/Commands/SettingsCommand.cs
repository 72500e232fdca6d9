using System.Text.Json.Nodes;
using Offline.Cli.CommandLine;
using Offline.Cli.Errors;
using System.Globalization;
using Offline.Client.Settings;
using Offline.Client.Traffic;

namespace Offline.Cli.Commands;

/// <summary>settings [read-receipts on|off] [typing on|off] [traffic PROFILE]: shows, or changes then shows.</summary>
internal static class SettingsCommand
{
    private const string Usage = "settings [read-receipts on|off] [typing on|off] [traffic strict|standard|light|off]";

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
            if (args[i] == "traffic")
            {
                var profile = TrafficProfile.Find(args[i + 1])
                    ?? throw new CliException(ExitCode.Usage, $"'{args[i + 1]}' is not a traffic profile: use strict, standard, light or off. Usage: offline {Usage}");
                settings = settings with { Traffic = profile.Name };
                continue;
            }

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
        var traffic = TrafficProfile.Find(settings.Traffic) ?? TrafficProfile.Default;
        context.Printer.Emit(new JsonObject
        {
            ["read_receipts"] = settings.ReadReceipts,
            ["typing"] = settings.TypingIndicators,
            ["traffic"] = traffic.Name,
            ["traffic_bytes_per_day"] = traffic.BytesPerDay,
            ["traffic_slot_ms"] = (long)traffic.SlotPeriod.TotalMilliseconds,
        });
        context.Printer.Say($"read-receipts  {(settings.ReadReceipts ? "on" : "off")}   (tell contacts when you have seen their messages)");
        context.Printer.Say($"typing         {(settings.TypingIndicators ? "on" : "off")}   (tell contacts while you type in 'offline chat')");
        context.Printer.Say($"traffic        {traffic.Name,-8} ({Describe(traffic)})");
    }

    /// <summary>The cost and latency the user buys with a profile (docs/TRAFFIC.md, "Profiles").</summary>
    private static string Describe(TrafficProfile profile)
    {
        if (!profile.Paced)
        {
            return "no cover: an observer sees when you talk; costs only what you send";
        }

        var mib = profile.BytesPerDay / (1024.0 * 1024.0);
        var seconds = profile.SlotPeriod.TotalSeconds;
        return string.Create(CultureInfo.InvariantCulture, $"one {profile.CellSize / 1024} KiB cell every {seconds:0.#} s each way; {mib:0.##} MiB per day online; messages arrive in about {4 * seconds:0.#}–{5 * seconds:0.#} s");
    }
}
