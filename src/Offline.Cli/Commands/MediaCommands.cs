using System.Text.Json.Nodes;
using Offline.Cli.CommandLine;
using Offline.Cli.Errors;
using Offline.Cli.Handoff;
using Offline.Cli.Output;
using Offline.Client.Contacts;
using Offline.Client.Conversations;
using Offline.Client.Home;
using Offline.Client.Media;
using Offline.Client.Outbox;
using Offline.Client.Sync;
using Offline.Protocol.Attachments;

namespace Offline.Cli.Commands;

/// <summary>
/// send-image and send-voice (and what save and the handoff share). A photo is re-encoded on this device (no metadata survives), then
/// staged in the encrypted outbox with its encrypted chunks; the chunks go to the relay, and only when
/// every one is stored does the message carrying the key follow. A cut-off send resumes on the next
/// send, receive or chat, and never arrives twice.
/// </summary>
internal static class MediaCommands
{
    private const string SendImageUsage = "send-image NAME PATH [--caption TEXT] [--reply MESSAGE-ID]";

    public static async Task SendImageAsync(CliContext context)
    {
        context.Arguments.Expect(2, SendImageUsage);
        var (name, path) = (context.Arguments.Positionals[0], Path.GetFullPath(context.Arguments.Positionals[1]));
        var caption = context.Arguments.Value("--caption");
        var request = new HandoffRequest(HandoffRequest.SendImage, name, Text: caption, Target: context.Arguments.Value("--reply"), Path: path);
        if (await HandoffClient.TryHandOffAsync(context, request) is { } handedOff)
        {
            SendCommands.ReportHandedOff(context, handedOff);
            return;
        }

        using var home = context.OpenHome();
        var (contact, replyTo) = Recipient(context, home, name, request.Target);
        var message = home.Messenger.SendImage(contact, PrepareImage(path), caption, replyTo);
        await DeliverAsync(context, home, contact, message);
    }

    /// <summary>The file re-encoded as a metadata-free JPEG, or a clear refusal (exit 16).</summary>
    public static SanitizedImage PrepareImage(string path)
    {
        var limits = ImageLimits.Default;
        var error = ImageSanitizer.TrySanitize(ReadFile(path, limits.MaxInputBytes, "picture"), limits, out var image);
        return error == ImageError.None ? image! : throw new CliException(ExitCode.MediaRefused, ImageProblem(error, path, limits) + " Nothing was sent.");
    }

    /// <summary>What a running client answers for a photo or voice note handed to it: staged, its report, and the --json object.</summary>
    public static (string What, JsonObject Data) DescribeStaged(CliContext context, ClientHome home, Contact contact, ChatMessage message)
    {
        var data = Data(context, home, contact, message, sent: false, problem: null);
        return ($"{AttachmentText.Label(message.Attachment!)} {Describe.ShortId(message.Id)} for {contact.Name} kept in the encrypted outbox; the running client uploads and sends it", data);
    }

    /// <summary>Stages nothing more: uploads what is staged (this message among it), flushes the outbox, reports this one.</summary>
    public static async Task DeliverAsync(CliContext context, ClientHome home, Contact contact, ChatMessage message)
    {
        var (session, problem) = await context.TryConnectAsync(home);
        var sent = false;
        if (session is not null)
        {
            await using (session)
            {
                var outcomes = await session.FlushAsync(context.Cancellation);
                var upload = session.LastUploads.FirstOrDefault(u => u.Upload.MessageId == message.Id);
                var send = outcomes.FirstOrDefault(o => o.Entry.MessageId == message.Id);
                sent = send is { Sent: true };
                problem = upload?.Error?.Message ?? send?.Error?.Message ?? (sent ? null : "an earlier item is still waiting");
            }
        }

        Report(context, home, contact, home.Messenger.Chat(contact).Find(message.Id) ?? message, sent, problem);
    }

    /// <summary>The contact and the resolved reply target (<paramref name="reply"/>: an id prefix as typed, or null).</summary>
    public static (Contact Contact, string? ReplyTo) Recipient(CliContext context, ClientHome home, string name, string? reply)
    {
        var contact = CliContext.FindContact(home, name);
        var replyTo = reply is { } given ? MessageIds.Resolve(home.Messenger.Chat(contact), given, contact.Name).Id : null;
        if (contact.KeyChanged)
        {
            context.Printer.Warn($"warning: {contact.Name}'s keys changed and are not verified yet (offline verify {contact.Name}).");
        }

        return (contact, replyTo);
    }

    /// <summary>The file's bytes, at most <paramref name="maxBytes"/>, or a clear refusal (exit 16).</summary>
    public static byte[] ReadFile(string path, int maxBytes, string what)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new CliException(ExitCode.MediaRefused, $"No file {path}. Nothing was sent.");
            }

            if (info.Length > maxBytes)
            {
                throw new CliException(ExitCode.MediaRefused, $"{path} is {AttachmentText.Size((int)Math.Min(info.Length, int.MaxValue))}; a {what} file is read up to {AttachmentText.Size(maxBytes)}. Nothing was sent.");
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCode.MediaRefused, $"Cannot read {path}: {e.Message} Nothing was sent.");
        }
    }

    public static string KindName(AttachmentKind kind) => kind == AttachmentKind.Image ? "image" : "voice";

    public static string TypeName(byte mediaType) => (MediaType)mediaType switch
    {
        MediaType.Jpeg => "jpeg",
        MediaType.Png => "png",
        MediaType.WebP => "webp",
        MediaType.OggOpus => "ogg-opus",
        MediaType.WebmOpus => "webm-opus",
        _ => $"unknown-{mediaType}",
    };

    /// <summary>One send's account: what left the device, how, and whether it is on its way.</summary>
    private static void Report(CliContext context, ClientHome home, Contact contact, ChatMessage message, bool sent, string? problem)
    {
        var printer = context.Printer;
        var attachment = message.Attachment!;
        var chunks = AttachmentLimits.ChunkCountFor(attachment.Length);
        printer.Emit(Data(context, home, contact, message, sent, problem));
        printer.Say(attachment.Kind == AttachmentKind.Image
            ? $"{AttachmentText.Label(attachment)} re-encoded on this device: no EXIF, GPS or other metadata left"
            : $"{AttachmentText.Label(attachment)} {TypeName(attachment.MediaType)}, {AttachmentText.Size(attachment.Length)}");
        printer.Say($"encrypted under a fresh key into {chunks} part{(chunks == 1 ? string.Empty : "s")} of 16 KiB, stored on the relay for one fetch");
        if (!sent)
        {
            printer.Say(printer.Dim($"not sent yet: {problem}"));
            printer.Say($"kept in the encrypted outbox: the {Noun(attachment)} is uploaded and sent when the relay is reachable");
            printer.Say("(any 'offline send', 'receive' or 'chat' retries; it is never sent twice).");
            return;
        }

        printer.Say($"relayed via {context.Relay}");
        printer.Say(printer.Dim("  ↳ server sees: fixed-size encrypted parts under unrelated addresses, then one opaque message"));
        printer.Say(printer.Dim("  ↳ server does not see: who sent them, to whom, what they are, their exact size"));
        printer.Say($"# {Noun(attachment)} {Describe.ShortId(message.Id)} handed to the relay.");
    }

    /// <summary>The --json object of a photo or voice note sent ("sent") or waiting ("queued").</summary>
    private static JsonObject Data(CliContext context, ClientHome home, Contact contact, ChatMessage message, bool sent, string? problem)
    {
        var attachment = message.Attachment!;
        return new JsonObject
        {
            ["event"] = sent ? "sent" : "queued",
            ["kind"] = KindName(attachment.Kind),
            ["to"] = contact.Name,
            ["id"] = message.Id,
            ["short_id"] = Describe.ShortId(message.Id),
            ["media_type"] = TypeName(attachment.MediaType),
            ["bytes"] = attachment.Length,
            ["width"] = attachment.Width,
            ["height"] = attachment.Height,
            ["duration_ms"] = attachment.DurationMs,
            ["caption"] = message.Text.Length > 0 ? message.Text : null,
            ["reply_to"] = message.ReplyTo,
            ["chunks"] = AttachmentLimits.ChunkCountFor(attachment.Length),
            ["relay"] = context.Relay,
            ["outbox"] = home.Outbox.Count + home.Messenger.Uploads.Count,
            ["problem"] = sent ? null : problem,
        };
    }

    private static string ImageProblem(ImageError error, string path, ImageLimits limits) => error switch
    {
        ImageError.NotAnImage => $"{path} is not a picture this can read (JPEG, PNG, WebP, GIF or BMP), or it is damaged or cut short.",
        ImageError.FileTooLarge => $"{path} is larger than {AttachmentText.Size(limits.MaxInputBytes)}, the most a picture file may be.",
        ImageError.TooManyPixels => $"{path} has more than {limits.MaxSourcePixels / 1_000_000} million pixels, the most a picture may have.",
        ImageError.CannotCompress => $"{path} does not fit in {AttachmentText.Size(limits.MaxOutputBytes)} even at {limits.MinLongSide} pixels.",
        _ => $"{path} cannot be sent ({error}).",
    };

    public static string Noun(ChatAttachment attachment) => attachment.Kind == AttachmentKind.Image ? "photo" : "voice note";

}
