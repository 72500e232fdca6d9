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
/// send-image, send-voice and save. A photo is re-encoded on this device (no metadata survives), then
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

    public static Task SaveAsync(CliContext context)
    {
        context.Arguments.Expect(2, "save MESSAGE-ID PATH [--force]");
        using var home = context.OpenHome();
        var (contact, message) = MessageIds.ResolveAnywhere(home, context.Arguments.Positionals[0]);
        var shortId = Describe.ShortId(message.Id);
        var attachment = message.Attachment
            ?? throw new CliException(ExitCode.AttachmentUnavailable, $"Message {shortId} is text, not a photo or voice note: nothing to save.");
        switch (attachment.State)
        {
            case AttachmentState.Downloading:
                throw new CliException(ExitCode.AttachmentUnavailable, $"The {Noun(attachment)} of {shortId} is still downloading; 'offline receive' fetches it, then save again.");
            case AttachmentState.Unavailable:
                throw new CliException(ExitCode.AttachmentUnavailable, $"The {Noun(attachment)} of {shortId} is unavailable: {attachment.Reason}. Ask {contact.Name} to send it again.");
        }

        var item = home.Messenger.Items.Get(message.Id)
            ?? throw new CliException(ExitCode.AttachmentUnavailable, $"The {Noun(attachment)} of {shortId} is not on this device (deleted).");
        var target = context.Arguments.Positionals[1];
        if (Directory.Exists(target))
        {
            target = Path.Combine(target, shortId + Extension(attachment.MediaType));
        }

        if (File.Exists(target) && !context.Arguments.Has("--force"))
        {
            throw new CliException(ExitCode.Usage, $"{target} exists; add --force to replace it. Nothing was written.");
        }

        WritePrivately(target, item);
        context.Printer.Report(
            $"saved the {Noun(attachment)} of {shortId} from {contact.Name} ({AttachmentText.Size(item.Length)}, {TypeName(attachment.MediaType)}) to {target}",
            new JsonObject
            {
                ["event"] = "saved",
                ["contact"] = contact.Name,
                ["id"] = message.Id,
                ["kind"] = KindName(attachment.Kind),
                ["media_type"] = TypeName(attachment.MediaType),
                ["bytes"] = item.Length,
                ["path"] = Path.GetFullPath(target),
            });
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(item);
        return Task.CompletedTask;
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

    private static string Noun(ChatAttachment attachment) => attachment.Kind == AttachmentKind.Image ? "photo" : "voice note";

    private static string Extension(byte mediaType) => (MediaType)mediaType switch
    {
        MediaType.Jpeg => ".jpg",
        MediaType.Png => ".png",
        MediaType.WebP => ".webp",
        MediaType.OggOpus => ".ogg",
        MediaType.WebmOpus => ".webm",
        _ => ".bin",
    };

    /// <summary>Written whole or not at all (temporary file, then rename), readable by this user only: it is someone's private photo or voice.</summary>
    private static void WritePrivately(string target, byte[] item)
    {
        var temporary = target + ".tmp-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(item);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new CliException(ExitCode.Failure, $"Cannot write {target}: {e.Message}");
        }
    }
}
