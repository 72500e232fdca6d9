using System.Text.Json.Nodes;
using Offline.Cli.CommandLine;
using Offline.Cli.Errors;
using Offline.Cli.Handoff;
using Offline.Cli.Output;
using Offline.Client.Contacts;
using Offline.Client.Home;
using Offline.Client.Messaging;
using Offline.Client.Conversations;

namespace Offline.Cli.Commands;

/// <summary>
/// send, reply, react, delete: compose, keep in the outbox, send when the relay answers. While a
/// client runs on the home (receive --follow, chat), they hand the request to it instead, and it sends on its own connection (docs/TRAFFIC.md, rule 8; <see cref="HandoffClient"/>).
/// </summary>
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
        var emoji = context.Arguments.Positionals[2];
        if (await HandoffClient.TryHandOffAsync(context, new HandoffRequest(HandoffRequest.React, context.Arguments.Positionals[0], Target: context.Arguments.Positionals[1], Emoji: emoji)) is { } handedOff)
        {
            ReportHandedOff(context, handedOff);
            return;
        }

        using var home = context.OpenHome();
        var contact = CliContext.FindContact(home, context.Arguments.Positionals[0]);
        var target = MessageIds.Resolve(home.Messenger.Chat(contact), context.Arguments.Positionals[1], contact.Name);
        var envelope = home.Messenger.SendReaction(contact, target.Id, emoji);
        var (outcome, problem) = await Outgoing.DeliverAsync(context, home, envelope);
        var (what, data) = DescribeReaction(contact, target, emoji);
        Outgoing.ReportSignal(context, what, outcome, problem, data);
    }

    /// <summary>What react prints: the sentence and the --json object (before "sent"/"problem" are added).</summary>
    public static (string What, JsonObject Data) DescribeReaction(Contact contact, ChatMessage target, string emoji) =>
        ($"reacted {emoji} to {Describe.ShortId(target.Id)} \"{Describe.Preview(AttachmentText.Preview(target))}\"", new JsonObject
        {
            ["event"] = "reacted",
            ["to"] = contact.Name,
            ["target"] = target.Id,
            ["emoji"] = emoji,
        });

    public static async Task DeleteAsync(CliContext context)
    {
        context.Arguments.Expect(2, "delete NAME MESSAGE-ID [--for-everyone]");
        var (name, target, forEveryone) = (context.Arguments.Positionals[0], context.Arguments.Positionals[1], context.Arguments.Has("--for-everyone"));
        if (await HandoffClient.TryHandOffAsync(context, new HandoffRequest(HandoffRequest.Delete, name, Target: target, ForEveryone: forEveryone)) is { } handedOff)
        {
            ReportHandedOff(context, handedOff);
            return;
        }

        using var home = context.OpenHome();
        var (envelope, what, data) = Delete(home, CliContext.FindContact(home, name), target, forEveryone);
        if (envelope is null)
        {
            context.Printer.Report(what, data);
            return;
        }

        var (outcome, problem) = await Outgoing.DeliverAsync(context, home, envelope);
        Outgoing.ReportSignal(context, what, outcome, problem, data);
    }

    /// <summary>
    /// Deletes a message here (and, for everyone, composes the request to the contact's device): the envelope
    /// to send (null when the delete is for this device only), the sentence and the --json object.
    /// </summary>
    public static (OutboundEnvelope? Envelope, string What, JsonObject Data) Delete(ClientHome home, Contact contact, string messageId, bool forEveryone)
    {
        var target = MessageIds.Resolve(home.Messenger.Chat(contact), messageId, contact.Name);
        if (forEveryone && !target.Outgoing)
        {
            throw new CliException(ExitCode.Usage, $"Only messages you sent can be deleted for everyone; 'offline delete {contact.Name} {Describe.ShortId(target.Id)}' deletes it on this device.");
        }

        var envelope = home.Messenger.Delete(contact, target.Id, forEveryone);
        var data = new JsonObject { ["event"] = "deleted", ["contact"] = contact.Name, ["target"] = target.Id, ["for_everyone"] = forEveryone };
        return envelope is null
            ? (null, $"deleted {Describe.ShortId(target.Id)} on this device.", data)
            : (envelope, $"deleted {Describe.ShortId(target.Id)} here and asked {contact.Name}'s device to delete it", data);
    }

    private static async Task SendTextAsync(CliContext context, string name, string text, string? replyTo)
    {
        if (await HandoffClient.TryHandOffAsync(context, new HandoffRequest(HandoffRequest.Send, name, text, replyTo)) is { } handedOff)
        {
            ReportHandedOff(context, handedOff);
            return;
        }

        using var home = context.OpenHome();
        var contact = CliContext.FindContact(home, name);
        if (replyTo is not null)
        {
            replyTo = MessageIds.Resolve(home.Messenger.Chat(contact), replyTo, contact.Name).Id;
        }

        if (contact.KeyChanged)
        {
            WarnKeyChanged(context, contact.Name);
        }

        var (message, envelope) = home.Messenger.SendText(contact, text, replyTo);
        var (outcome, problem) = await Outgoing.DeliverAsync(context, home, envelope);
        Outgoing.ReportText(context, contact, envelope, message.Id, outcome, problem, home.Outbox.Count, CliContext.TrafficFor(home));
    }

    private static void WarnKeyChanged(CliContext context, string name) =>
        context.Printer.Warn($"warning: {name}'s keys changed and are not verified yet (offline verify {name}).");

    /// <summary>What the command would have printed had it sent by itself, and where it went.</summary>
    public static void ReportHandedOff(CliContext context, HandoffReply reply)
    {
        if (reply.ExitCode != (int)ExitCode.Ok)
        {
            throw new CliException((ExitCode)reply.ExitCode, reply.Error ?? "The running client refused the request. Nothing was sent.");
        }

        if (reply.LocalOnly || reply.Staged)
        {
            context.Printer.Report(reply.Signal!, reply.Data ?? []);
            context.Printer.Say(context.Printer.Dim(reply.Staged ? "(handed to the running client, which uploads and sends it on its connection)" : "(done by the running client)"));
            return;
        }

        var envelope = reply.Envelope();
        var outcome = reply.Outcome(envelope);
        if (reply.Signal is { } what)
        {
            Outgoing.ReportSignal(context, what, outcome, reply.Problem, reply.Data ?? []);
        }
        else
        {
            if (reply.KeyChanged)
            {
                WarnKeyChanged(context, reply.Contact!);
            }

            var contact = new Contact { Name = reply.Contact!, Id = string.Empty, IdentityKeys = string.Empty, InboundSecret = string.Empty };
            Outgoing.ReportText(context, contact, envelope, envelope.ContentId, outcome, reply.Problem, reply.Outbox);
        }

        context.Printer.Say(context.Printer.Dim(reply.Sent ? "(sent through the running client)" : "(handed to the running client, which sends it when it reaches the relay)"));
    }
}
