using System.Text.Json.Nodes;
using Offline.Cli.CommandLine;
using Offline.Cli.Errors;
using Offline.Client.Contacts;
using Offline.Client.Home;
using Offline.Protocol.Identity;

namespace Offline.Cli.Commands;

/// <summary>
/// add ID [--name NAME]: (1) check the ID's form and checksum, (2) fetch its bundle and check the keys
/// hash to it, (3) start the session, (4) create our inbound queue, (5) show the safety number.
/// A contact who already wrote to us is just named; a known name under a new ID is a key change.
/// </summary>
internal static class AddCommand
{
    private const int MaxNameLength = 40;

    public static async Task RunAsync(CliContext context)
    {
        context.Arguments.Expect(1, "add ID [--name NAME]");
        var text = context.Arguments.Positionals[0];
        if (text.StartsWith(IdentityCommands.LinkPrefix, StringComparison.OrdinalIgnoreCase))
        {
            text = text[IdentityCommands.LinkPrefix.Length..];
        }

        if (!OfflineId.TryParse(text, out var id, out var error))
        {
            throw ErrorTranslation.MalformedId(error);
        }

        var name = (context.Arguments.Value("--name") ?? id!.Text[..12]).Trim();
        if (name.Length is 0 or > MaxNameLength || name.Any(char.IsControl))
        {
            throw new CliException(ExitCode.Usage, $"A contact name is 1–{MaxNameLength} printable characters.");
        }

        using var home = context.OpenHome();
        if (id!.Equals(home.Account.Id))
        {
            throw new CliException(ExitCode.Usage, "That is your own ID.");
        }

        var known = home.Messenger.Contacts.FindById(id.Text);
        if (known is not null)
        {
            Rename(context, home, known, name);
            return;
        }

        await using var session = await context.ConnectAsync(home);
        var bundle = await session.FetchBundleAsync(id, context.Cancellation);
        var sameName = home.Messenger.Contacts.FindByName(name);
        var (contact, number, inbound) = sameName is null
            ? home.Messenger.AddContact(name, id, bundle)
            : home.Messenger.ReplaceContact(sameName, id, bundle);
        if (sameName is not null)
        {
            context.Printer.Alarm($"WARNING: '{name}' now has a DIFFERENT ID and different keys than before. This happens when they reinstalled — or when someone is impersonating them. Verify the safety number with them in person or over another channel: offline verify {name}");
        }

        await session.CreateQueueAsync(inbound, context.Cancellation);
        Report(context, contact, number, sameName is not null, fetched: true);
    }

    private static void Rename(CliContext context, ClientHome home, Contact known, string name)
    {
        var clash = home.Messenger.Contacts.FindByName(name);
        if (clash is not null && clash.Id != known.Id)
        {
            throw new CliException(ExitCode.Usage, $"Another contact is already called '{name}'; choose another --name.");
        }

        var wasRequest = known.IsRequest;
        var contact = home.Messenger.Rename(known, context.Arguments.Value("--name") is null ? known.Name : name);
        context.Printer.Say(wasRequest
            ? $"accepted the contact who wrote to you; named '{contact.Name}' (session already running)"
            : $"already a contact: '{contact.Name}' (session already running)");
        Report(context, contact, home.Messenger.SafetyNumberOf(contact), keyChanged: false, fetched: false);
    }

    private static void Report(CliContext context, Contact contact, SafetyNumber number, bool keyChanged, bool fetched)
    {
        var printer = context.Printer;
        printer.Emit(new JsonObject
        {
            ["event"] = "added",
            ["name"] = contact.Name,
            ["id"] = contact.Id,
            ["safety_number"] = number.Digits,
            ["verified"] = contact.Verified,
            ["key_changed"] = keyChanged,
        });
        if (fetched)
        {
            printer.Say($"fetched {contact.Name}'s identity keys from the relay; they hash to {contact.Id} ✓");
            printer.Say("initialized Double Ratchet session (PQXDH: P-256 + ML-KEM-768)");
        }

        printer.Say($"safety number: {number.Digits}");
        printer.Say($"compare it with {contact.Name} ('offline verify {contact.Name}' shows it as a QR code), then: offline verify {contact.Name} --confirm");
        printer.Say($"send with: offline send {contact.Name} \"hello\"");
    }
}
