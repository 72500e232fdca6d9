using System.Globalization;
using System.Text.Json.Nodes;
using Offline.Cli.CommandLine;
using Offline.Cli.Errors;
using Offline.Cli.Output;
using Offline.Client.Contacts;
using Offline.Client.Conversations;

namespace Offline.Cli.Commands;

/// <summary>history and search: reading the local chats (no relay needed).</summary>
internal static class HistoryCommands
{
    public static Task HistoryAsync(CliContext context)
    {
        context.Arguments.Expect(1, "history NAME [--limit N]");
        var limit = int.TryParse(context.Arguments.Value("--limit") ?? "50", NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new CliException(ExitCode.Usage, "--limit takes a positive number.");
        using var home = context.OpenHome();
        var contact = CliContext.FindContact(home, context.Arguments.Positionals[0]);
        var chat = home.Messenger.Chat(contact);
        foreach (var message in chat.Messages.TakeLast(limit))
        {
            context.Printer.Emit(ToJson(contact, message));
            context.Printer.Say(InboundDisplay.Line(context.Printer, message.Outgoing ? "me" : contact.Name, false, message, chat));
        }

        if (chat.Messages.Count == 0)
        {
            context.Printer.Say($"no messages with {contact.Name} yet.");
        }

        return Task.CompletedTask;
    }

    public static Task SearchAsync(CliContext context)
    {
        var text = context.Arguments.TextFrom(0, "search TEXT [--chat NAME]");
        using var home = context.OpenHome();
        var contacts = context.Arguments.Value("--chat") is { } name
            ? [CliContext.FindContact(home, name)]
            : home.Messenger.Contacts.All.ToList();
        var found = 0;
        foreach (var contact in contacts)
        {
            var chat = home.Messenger.Chat(contact);
            foreach (var message in chat.Search(text))
            {
                found++;
                var data = ToJson(contact, message);
                data["event"] = "match";
                context.Printer.Emit(data);
                context.Printer.Say($"{context.Printer.Bold(contact.Name)} {context.Printer.Dim($"· {Describe.ShortId(message.Id)} · {(message.Outgoing ? "me" : contact.Name)} · {Describe.Time(message.SentAtMs)}")}  {context.Printer.Highlight(message.Text, text)}");
            }
        }

        context.Printer.Say(found == 0 ? $"nothing matches \"{text}\"." : $"{found} match{(found == 1 ? string.Empty : "es")}.");
        return Task.CompletedTask;
    }

    private static JsonObject ToJson(Contact contact, ChatMessage message)
    {
        var data = new JsonObject { ["event"] = "message", ["contact"] = contact.Name };
        InboundDisplay.Fill(data, message);
        data["outgoing"] = message.Outgoing;
        data["read"] = message.Read;
        data["deleted"] = message.Deleted;
        data["reactions"] = new JsonObject([.. message.Reactions.Select(r => KeyValuePair.Create(r.Key, (JsonNode?)r.Value))]);
        return data;
    }
}
