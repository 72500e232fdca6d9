using System.Text.Json.Nodes;
using Offline.Cli.CommandLine;
using Offline.Cli.Output;
using Offline.Client.Conversations;
using Offline.Client.Home;
using Offline.Client.Messaging;
using Offline.Client.Sync;
using Offline.Protocol;
using Offline.Protocol.Content;

namespace Offline.Cli.Commands;

/// <summary>
/// Shows one processed delivery, once: redeliveries and cover traffic print nothing. Failures say
/// what failed, never any content. Returns the chat message id of a text that was shown (to receipt).
/// </summary>
internal static class InboundDisplay
{
    public static string? Show(CliContext context, ClientHome home, InboundResult result)
    {
        var printer = context.Printer;
        if (RelaySession.IsRedelivery(result) || result.IsCover)
        {
            return null;
        }

        if (result.Error != ProtocolError.None || result.Contact is null || result.Content is null)
        {
            printer.Warn($"a message could not be opened ({result.Error}) and was dropped; if a contact's messages keep failing, re-add them.");
            printer.Emit(new JsonObject { ["event"] = "undecryptable", ["error"] = result.Error.ToString() });
            return null;
        }

        var contact = result.Contact;
        var content = result.Content;
        var chat = home.Messenger.Chat(contact);
        var targets = content.Targets.Select(Convert.ToHexStringLower).ToList();
        JsonObject Data(string kind) => new() { ["event"] = kind, ["contact"] = contact.Name, ["contact_id"] = contact.Id, ["muted"] = contact.Muted };
        JsonObject data;
        switch (content.Kind)
        {
            case ContentKind.Text:
                var id = Convert.ToHexStringLower(content.MessageId);
                var message = chat.Find(id)!;
                data = Data("message");
                data["id"] = id;
                data["short_id"] = Describe.ShortId(id);
                data["text"] = message.Text;
                data["reply_to"] = message.ReplyTo;
                data["sent_at"] = Describe.IsoTime(message.SentAtMs);
                data["request"] = contact.IsRequest;
                printer.Emit(data);
                printer.Say(Line(printer, contact.Name, contact.Muted, message, chat));
                if (contact.IsRequest)
                {
                    printer.Say(printer.Dim($"  ↳ new contact {contact.Id} wrote to you. Name them: offline add {contact.Id} --name NAME"));
                }

                return id;
            case ContentKind.Image or ContentKind.VoiceNote:
                var mediaId = Convert.ToHexStringLower(content.MessageId);
                var media = chat.Find(mediaId)!;
                data = Data("message");
                Fill(data, media);
                data["request"] = contact.IsRequest;
                printer.Emit(data);
                printer.Say(Line(printer, contact.Name, contact.Muted, media, chat));
                return mediaId;
            case ContentKind.Reaction when targets.Count == 1:
                data = Data("reaction");
                data["target"] = targets[0];
                data["emoji"] = content.Body;
                printer.Emit(data);
                printer.Say($"{contact.Name} reacted {content.Body} to {Describe.ShortId(targets[0])} {Quote(chat, targets[0])}");
                return null;
            case ContentKind.ReadReceipt:
                data = Data("read");
                data["targets"] = new JsonArray([.. targets.Select(t => (JsonNode)t)]);
                printer.Emit(data);
                printer.Say($"{contact.Name} read {string.Join(", ", targets.Select(Describe.ShortId))} ✓✓");
                return null;
            case ContentKind.Typing:
                data = Data("typing");
                data["typing"] = content.IsTyping ?? false;
                printer.Emit(data);
                if (!contact.Muted)
                {
                    printer.Say(printer.Dim(content.IsTyping == true ? $"{contact.Name} is typing…" : $"{contact.Name} stopped typing"));
                }

                return null;
            case ContentKind.ChatDelete:
                printer.Emit(Data("chat_deleted"));
                printer.Say($"{contact.Name} deleted your chat for both of you; its history is gone from this device too");
                return null;
            case ContentKind.Delete when targets.Count == 1:
                data = Data("delete");
                data["target"] = targets[0];
                printer.Emit(data);
                printer.Say($"{contact.Name} deleted message {Describe.ShortId(targets[0])} for everyone");
                return null;
            default:
                data = Data("unsupported");
                data["kind"] = (int)content.Kind;
                printer.Emit(data);
                printer.Say($"{contact.Name} sent something this version cannot show yet (kind {(int)content.Kind}); update Offline.");
                return null;
        }
    }

    /// <summary>One chat line: who, short id, time, reply preview, text, reactions and read mark.</summary>
    public static string Line(Printer printer, string who, bool muted, ChatMessage message, ChatLog chat)
    {
        var reply = message.ReplyTo is { } target ? printer.Dim($"↳ {Describe.ShortId(target)} {Quote(chat, target)} ") : string.Empty;
        var text = message.Deleted ? printer.Dim("(deleted)") : AttachmentText.Body(message);
        var reactions = message.Reactions.Count == 0 ? string.Empty : "  [" + string.Join(' ', message.Reactions.Select(r => $"{r.Value} {r.Key}")) + "]";
        var read = message.Outgoing ? (message.Read ? "  ✓✓ read" : "  ✓") : string.Empty;
        var mute = muted ? printer.Dim("(muted) ") : string.Empty;
        return $"{mute}{printer.Bold(who)} {printer.Dim($"· {Describe.ShortId(message.Id)} · {Describe.Time(message.SentAtMs)}")}  {reply}{text}{reactions}{read}";
    }

    /// <summary>An attachment download ended: one line saying it is ready to save, or why it is unavailable.</summary>
    public static void ShowDownloaded(CliContext context, DownloadOutcome outcome)
    {
        var (contact, message) = (outcome.Contact, outcome.Message);
        if (message.Attachment is not { } attachment)
        {
            return;
        }

        var data = new JsonObject { ["event"] = "attachment", ["contact"] = contact.Name, ["contact_id"] = contact.Id, ["muted"] = contact.Muted };
        Fill(data, message);
        context.Printer.Emit(data);
        var shortId = Describe.ShortId(message.Id);
        context.Printer.Say(attachment.State == AttachmentState.Ready
            ? $"{contact.Name} · {shortId}  {AttachmentText.Label(attachment)} received; 'offline save {shortId} PATH' writes it out"
            : $"{contact.Name} · {shortId}  {AttachmentText.Label(attachment)} unavailable: {attachment.Reason}");
    }

    /// <summary>The --json fields of a chat message, its attachment included (never the pointer: it holds the key).</summary>
    public static void Fill(JsonObject data, ChatMessage message)
    {
        data["id"] = message.Id;
        data["short_id"] = Describe.ShortId(message.Id);
        data["kind"] = message.Attachment is { } a ? Commands.MediaCommands.KindName(a.Kind) : "text";
        data["text"] = message.Text;
        data["reply_to"] = message.ReplyTo;
        data["sent_at"] = Describe.IsoTime(message.SentAtMs);
        data["attachment"] = message.Attachment is { } attachment ? Attachment(attachment) : null;
    }

    private static JsonObject Attachment(ChatAttachment attachment) => new()
    {
        ["media_type"] = Commands.MediaCommands.TypeName(attachment.MediaType),
        ["bytes"] = attachment.Length,
        ["width"] = attachment.Width,
        ["height"] = attachment.Height,
        ["duration_ms"] = attachment.DurationMs,
        ["waveform"] = attachment.Waveform is { } levels ? new JsonArray([.. levels.Select(l => (JsonNode)(int)l)]) : null,
        ["state"] = attachment.State.ToString().ToLowerInvariant(),
        ["reason"] = attachment.Reason,
    };

    private static string Quote(ChatLog chat, string id) =>
        chat.Find(id) is { Deleted: false } m ? $"\"{Describe.Preview(AttachmentText.Preview(m), 24)}\"" : string.Empty;
}
