using System.Text.Json.Nodes;
using Offline.Cli.CommandLine;
using Offline.Cli.Errors;
using Offline.Cli.Output;

namespace Offline.Cli.Commands;

/// <summary>send, reply, react, delete: compose, keep in the outbox, send when the relay answers.</summary>
internal static class SendCommands
{
    public static async Task SendAsync(CliContext context)
    {
        var name = context.Arguments.Positionals.FirstOrDefault() ?? string.Empty;
        var text = context.Arguments.TextFrom(1, "send NAME TEXT");
        await SendTextAsync(context, name, text, replyTo: null);
    }

    public static async Task ReplyAsync(CliContext context)
    {
        var text = context.Arguments.TextFrom(2, "reply NAME MESSAGE-ID TEXT");
        await SendTextAsync(context, context.Arguments.Positionals[0], text, context.Arguments.Positionals[1]);
    }

    public static async Task ReactAsync(CliContext context)
    {
        context.Arguments.Expect(3, "react NAME MESSAGE-ID EMOJI");
        using var home = context.OpenHome();
        var contact = CliContext.FindContact(home, context.Arguments.Positionals[0]);
        var target = MessageIds.Resolve(home.Messenger.Chat(contact), context.Arguments.Positionals[1], contact.Name);
        var emoji = context.Arguments.Positionals[2];
        var envelope = home.Messenger.SendReaction(contact, target.Id, emoji);
        var (outcome, problem) = await Outgoing.DeliverAsync(context, home, envelope);
        Outgoing.ReportSignal(context, $"reacted {emoji} to {Describe.ShortId(target.Id)} \"{Describe.Preview(target.Text)}\"", outcome, problem, new JsonObject
        {
            ["event"] = "reacted",
            ["to"] = contact.Name,
            ["target"] = target.Id,
            ["emoji"] = emoji,
        });
    }

    public static async Task DeleteAsync(CliContext context)
    {
        context.Arguments.Expect(2, "delete NAME MESSAGE-ID [--for-everyone]");
        using var home = context.OpenHome();
        var contact = CliContext.FindContact(home, context.Arguments.Positionals[0]);
        var target = MessageIds.Resolve(home.Messenger.Chat(contact), context.Arguments.Positionals[1], contact.Name);
        var forEveryone = context.Arguments.Has("--for-everyone");
        if (forEveryone && !target.Outgoing)
        {
            throw new CliException(ExitCode.Usage, $"Only messages you sent can be deleted for everyone; 'offline delete {contact.Name} {Describe.ShortId(target.Id)}' deletes it on this device.");
        }

        var envelope = home.Messenger.Delete(contact, target.Id, forEveryone);
        var data = new JsonObject { ["event"] = "deleted", ["contact"] = contact.Name, ["target"] = target.Id, ["for_everyone"] = forEveryone };
        if (envelope is null)
        {
            context.Printer.Report($"deleted {Describe.ShortId(target.Id)} on this device.", data);
            return;
        }

        var (outcome, problem) = await Outgoing.DeliverAsync(context, home, envelope);
        Outgoing.ReportSignal(context, $"deleted {Describe.ShortId(target.Id)} here and asked {contact.Name}'s device to delete it", outcome, problem, data);
    }

    private static async Task SendTextAsync(CliContext context, string name, string text, string? replyTo)
    {
        using var home = context.OpenHome();
        var contact = CliContext.FindContact(home, name);
        if (replyTo is not null)
        {
            replyTo = MessageIds.Resolve(home.Messenger.Chat(contact), replyTo, contact.Name).Id;
        }

        if (contact.KeyChanged)
        {
            context.Printer.Warn($"warning: {contact.Name}'s keys changed and are not verified yet (offline verify {contact.Name}).");
        }

        var (message, envelope) = home.Messenger.SendText(contact, text, replyTo);
        var (outcome, problem) = await Outgoing.DeliverAsync(context, home, envelope);
        Outgoing.ReportText(context, contact, envelope, message.Id, outcome, problem, home.Outbox.Count);
    }
}
