using Offline.Cli.CommandLine;
using Offline.Cli.Commands;
using Offline.Client.Contacts;
using Offline.Client.Conversations;
using Offline.Client.Home;
using Offline.Client.Messaging;
using Offline.Client.Outbox;
using Offline.Client.Transport;

namespace Offline.Cli.Handoff;

/// <summary>
/// The running client's half of a handed-over send: under the live connection's gate, compose exactly
/// as the command would (the envelope goes into the encrypted outbox), then flush through the open
/// connection, on its schedule. Never opens a connection: while offline, the message waits in the
/// outbox, and the running client sends it when it reconnects.
/// </summary>
internal sealed class HandoffComposer(CliContext context, ClientHome home, LiveRelay live)
{
    private const string NotConnected = "the running client is not connected to the relay right now (it keeps retrying)";

    /// <summary>Called under the gate after a handed-over text was composed and tried: the running command shows it.</summary>
    public Action<Contact, ChatMessage, bool>? TextShown { get; init; }

    public async Task<HandoffReply> RunAsync(HandoffRequest request, CancellationToken cancellationToken)
    {
        // A photo is re-encoded, a voice note disguised and encoded, before the gate: deliveries go on meanwhile.
        var image = request.Command == HandoffRequest.SendImage ? MediaCommands.PrepareImage(request.Path!) : null;
        var voice = request.Command == HandoffRequest.SendVoice ? SendVoiceCommand.Prepare(request.Path!, request.Effect) : null;

        // A send handed over while the first connection is still being made waits for it (outside the
        // gate, which the connect needs): the message then leaves now instead of at the next flush.
        await live.FirstAttempt.WaitAsync(cancellationToken);
        await live.Gate.WaitAsync(cancellationToken);
        try
        {
            var contact = CliContext.FindContact(home, request.To);
            return request.Command switch
            {
                HandoffRequest.React => await ReactAsync(contact, request.Target!, request.Emoji!),
                HandoffRequest.Delete => await DeleteAsync(contact, request.Target!, request.ForEveryone),
                HandoffRequest.SendImage => Stage(contact, c => home.Messenger.SendImage(c, image!, request.Text, ReplyTo(c, request.Target))),
                HandoffRequest.SendVoice => Stage(contact, c => home.Messenger.SendVoiceNote(c, voice!.OggOpus, Offline.Protocol.Attachments.MediaType.OggOpus, voice.DurationMs, voice.Waveform, ReplyTo(c, request.Target))),
                _ => await SendTextAsync(contact, request.Text!, request.Target),
            };
        }
        finally
        {
            live.Gate.Release();
        }
    }

    private async Task<HandoffReply> SendTextAsync(Contact contact, string text, string? replyTo)
    {
        if (replyTo is not null)
        {
            replyTo = MessageIds.Resolve(home.Messenger.Chat(contact), replyTo, contact.Name).Id;
        }

        var (message, envelope) = home.Messenger.SendText(contact, text, replyTo);
        var (outcome, problem) = await DeliverAsync(envelope);
        TextShown?.Invoke(contact, home.Messenger.Chat(contact).Find(message.Id) ?? message, outcome is { Sent: true });
        return HandoffReply.ForText(contact, envelope, outcome, problem, home.Outbox.Count);
    }

    /// <summary>
    /// Stages the photo or voice note in this client's outbox and answers at once: the live connection's
    /// next flush uploads it (the gate released while chunks move) and sends it, on its own schedule.
    /// </summary>
    private HandoffReply Stage(Contact contact, Func<Contact, ChatMessage> stage)
    {
        var message = stage(contact);
        live.OutboxChanged();
        TextShown?.Invoke(contact, message, false);
        var (what, data) = MediaCommands.DescribeStaged(context, home, contact, message);
        return HandoffReply.ForStaged(what, data);
    }

    private string? ReplyTo(Contact contact, string? reply) =>
        reply is null ? null : MessageIds.Resolve(home.Messenger.Chat(contact), reply, contact.Name).Id;

    private async Task<HandoffReply> ReactAsync(Contact contact, string target, string emoji)
    {
        var message = MessageIds.Resolve(home.Messenger.Chat(contact), target, contact.Name);
        var envelope = home.Messenger.SendReaction(contact, message.Id, emoji);
        var (outcome, problem) = await DeliverAsync(envelope);
        var (what, data) = SendCommands.DescribeReaction(contact, message, emoji);
        return HandoffReply.ForSignal(what, outcome, problem, data);
    }

    private async Task<HandoffReply> DeleteAsync(Contact contact, string target, bool forEveryone)
    {
        var (envelope, what, data) = SendCommands.Delete(home, contact, target, forEveryone);
        if (envelope is null)
        {
            return HandoffReply.ForLocal(what, data);
        }

        var (outcome, problem) = await DeliverAsync(envelope);
        return HandoffReply.ForSignal(what, outcome, problem, data);
    }

    private async Task<(SendOutcome? Outcome, string? Problem)> DeliverAsync(OutboundEnvelope envelope)
    {
        if (live.Current is not { } open)
        {
            return (null, NotConnected);
        }

        try
        {
            return await Outgoing.DeliverAsync(context, home, envelope, open, live.Gate);
        }
        catch (RelayException e) when (e.IsTransient)
        {
            // The connection broke mid-flush: the live loop reconnects and sends what waits in the outbox.
            return (null, e.Message);
        }
    }
}
