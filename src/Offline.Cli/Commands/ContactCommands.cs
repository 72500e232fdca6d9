using System.Text.Json.Nodes;
using Offline.Cli.CommandLine;
using Offline.Cli.Output;
using Offline.Client.Contacts;

namespace Offline.Cli.Commands;

/// <summary>contacts, verify, pin/unpin, mute/unmute.</summary>
internal static class ContactCommands
{
    public static Task ListAsync(CliContext context)
    {
        context.Arguments.Expect(0, "contacts");
        using var home = context.OpenHome();
        var contacts = home.Messenger.Contacts.All
            .OrderByDescending(c => c.Pinned)
            .ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (contacts.Count == 0)
        {
            context.Printer.Say("No contacts yet. Add one with: offline add ID --name NAME");
        }

        foreach (var contact in contacts)
        {
            var unread = home.Messenger.Chat(contact).Messages.Count(m => !m.Outgoing && !m.Deleted);
            context.Printer.Emit(ToJson(contact));
            var marks = string.Join(' ', new[]
            {
                contact.Pinned ? "📌 pinned" : null,
                contact.Muted ? "muted" : null,
                contact.IsRequest ? "NEW: wrote to you; name them with 'offline add ID --name NAME'" : null,
            }.Where(m => m is not null));
            context.Printer.Say($"{context.Printer.Bold(contact.Name),-20} {contact.Id}  {Trust(contact)}  {unread} received  {marks}");
        }

        return Task.CompletedTask;
    }

    public static Task VerifyAsync(CliContext context)
    {
        context.Arguments.Expect(1, "verify NAME [--confirm]");
        using var home = context.OpenHome();
        var contact = CliContext.FindContact(home, context.Arguments.Positionals[0]);
        var number = home.Messenger.SafetyNumberOf(contact);
        if (contact.KeyChanged && !context.Arguments.Has("--confirm"))
        {
            context.Printer.Alarm($"WARNING: {contact.Name}'s keys changed since you first added them. Compare this number with them before you trust the chat.");
        }

        if (context.Arguments.Has("--confirm"))
        {
            contact = home.Messenger.MarkVerified(contact);
        }

        context.Printer.Emit(new JsonObject { ["name"] = contact.Name, ["id"] = contact.Id, ["safety_number"] = number.Digits, ["qr"] = number.QrText, ["verified"] = contact.Verified, ["key_changed"] = contact.KeyChanged });
        context.Printer.Say($"safety number with {contact.Name}: {context.Printer.Bold(number.Digits)}");
        context.Printer.Say(TerminalQr.Draw(number.QrText));
        context.Printer.Say(context.Arguments.Has("--confirm")
            ? $"{contact.Name} is now marked verified."
            : contact.Verified
                ? $"{contact.Name} is verified."
                : $"Compare the digits with {contact.Name} (in person or over another channel); if they match: offline verify {contact.Name} --confirm");
        return Task.CompletedTask;
    }

    /// <summary>pin, unpin, mute, unmute: a flag on the chat, kept in the encrypted contact list.</summary>
    public static Task SetFlagAsync(CliContext context, string command)
    {
        context.Arguments.Expect(1, $"{command} NAME");
        using var home = context.OpenHome();
        var contact = CliContext.FindContact(home, context.Arguments.Positionals[0]);
        contact = command switch
        {
            "pin" => contact with { Pinned = true },
            "unpin" => contact with { Pinned = false },
            "mute" => contact with { Muted = true },
            _ => contact with { Muted = false },
        };
        home.Messenger.Contacts.Save(contact);
        context.Printer.Report($"{contact.Name}: {(contact.Pinned ? "pinned" : "not pinned")}, {(contact.Muted ? "muted" : "not muted")}.", ToJson(contact));
        return Task.CompletedTask;
    }

    public static JsonObject ToJson(Contact contact) => new()
    {
        ["name"] = contact.Name,
        ["id"] = contact.Id,
        ["verified"] = contact.Verified,
        ["key_changed"] = contact.KeyChanged,
        ["pinned"] = contact.Pinned,
        ["muted"] = contact.Muted,
        ["request"] = contact.IsRequest,
    };

    private static string Trust(Contact contact) => contact switch
    {
        { KeyChanged: true } => "KEYS CHANGED — verify!",
        { Verified: true } => "verified ✓",
        _ => "unverified",
    };
}
