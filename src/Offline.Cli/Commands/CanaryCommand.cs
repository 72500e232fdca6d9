using System.Text.Json.Nodes;
using Offline.Cli.CommandLine;
using Offline.Cli.Errors;
using Offline.Client.Canary;
using Offline.Client.Home;
using Offline.Client.Transport;

namespace Offline.Cli.Commands;

/// <summary>
/// canary [--trust-new-key]: fetches the relay's warrant canary, verifies it, pins its key on first sight
/// (in the home, when there is one) and shows it. Any status but fresh is a warning: exit 15.
/// </summary>
internal static class CanaryCommand
{
    public static async Task RunAsync(CliContext context)
    {
        context.Arguments.Expect(0, "canary [--trust-new-key]");
        var trustNewKey = context.Arguments.Has("--trust-new-key");
        CanaryResult result;
        if (ClientHome.Exists(context.HomePath))
        {
            using var home = context.OpenHome();
            await using var session = await context.ConnectAsync(home);
            var today = CanaryCheck.Today(home.Clock);
            var pins = new CanaryPins(home.Store);
            result = await CanaryCheck.RunAsync(session.Relay, context.Relay, pins, today, trustNewKey, context.Cancellation);
            pins.MarkChecked(context.Relay, today);
        }
        else
        {
            if (trustNewKey)
            {
                throw new CliException(ExitCode.Usage, $"--trust-new-key changes the key pinned in the home, and there is no home at {context.HomePath} (--home or OFFLINE_HOME).");
            }

            await using var relay = await context.ConnectWithoutHomeAsync();
            result = await CanaryCheck.RunAsync(relay, context.Relay, null, CanaryCheck.Today(context.Clock), false, context.Cancellation);
        }

        Show(context, result);
        if (CanaryWarning.For(result, context.Relay) is { } warning)
        {
            throw new CliException(ExitCode.CanaryWarning, "warning: " + warning);
        }
    }

    private static void Show(CliContext context, CanaryResult result)
    {
        var canary = result.Canary;
        var pin = result.Pin switch
        {
            CanaryPinState.PinnedNow => "pinned now for this relay (first sight)",
            CanaryPinState.Matches => "matches the key pinned for this relay",
            CanaryPinState.Replaced => "accepted: now the key pinned for this relay",
            CanaryPinState.Changed => $"NOT the pinned key ({result.PinnedFingerprint}); the pin was kept",
            _ => "not pinned (no home: nothing to compare with next time)",
        };
        context.Printer.Emit(new JsonObject
        {
            ["event"] = "canary",
            ["relay"] = context.Relay,
            ["status"] = CanaryWarning.Status(result.Status),
            ["issued"] = canary is null ? null : CanaryWarning.Day(canary.Issued),
            ["valid_until"] = canary is null ? null : CanaryWarning.Day(canary.ExpiresOn.AddDays(-1)),
            ["period_days"] = canary?.PeriodDays,
            ["fingerprint"] = result.Fingerprint,
            ["pin"] = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(result.Pin.ToString()),
            ["pinned_fingerprint"] = result.PinnedFingerprint,
            ["statement"] = canary?.Statement,
        });
        context.Printer.Say($"warrant canary of {context.Relay}: {CanaryWarning.Status(result.Status)}");
        if (canary is null)
        {
            return;
        }

        context.Printer.Say($"issued       {CanaryWarning.Day(canary.Issued)}");
        context.Printer.Say($"valid until  {CanaryWarning.Day(canary.ExpiresOn.AddDays(-1))} ({canary.PeriodDays} days)");
        context.Printer.Say($"operator key {result.Fingerprint}  {pin}");
        context.Printer.Say("statement");
        foreach (var line in canary.Statement.Split('\n'))
        {
            context.Printer.Say("  " + line);
        }
    }
}
