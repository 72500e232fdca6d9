using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Offline.Cli.CommandLine;
using Offline.Cli.Errors;
using Offline.Cli.Output;
using Offline.Client.Conversations;
using Offline.Protocol.Attachments;

namespace Offline.Cli.Commands;

/// <summary>
/// save MESSAGE-ID PATH [--force]: the item of a photo or voice note (received or sent, any chat),
/// exactly as it arrived, written whole or not at all and readable by this user only.
/// </summary>
internal static class SaveCommand
{
    public static Task RunAsync(CliContext context)
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
                throw new CliException(ExitCode.AttachmentUnavailable, $"The {MediaCommands.Noun(attachment)} of {shortId} is still downloading; 'offline receive' fetches it, then save again.");
            case AttachmentState.Unavailable:
                throw new CliException(ExitCode.AttachmentUnavailable, $"The {MediaCommands.Noun(attachment)} of {shortId} is unavailable: {attachment.Reason}. Ask {contact.Name} to send it again.");
        }

        var item = home.Messenger.Items.Get(message.Id)
            ?? throw new CliException(ExitCode.AttachmentUnavailable, $"The {MediaCommands.Noun(attachment)} of {shortId} is not on this device (deleted).");
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
            $"saved the {MediaCommands.Noun(attachment)} of {shortId} from {contact.Name} ({AttachmentText.Size(item.Length)}, {MediaCommands.TypeName(attachment.MediaType)}) to {target}",
            new JsonObject
            {
                ["event"] = "saved",
                ["contact"] = contact.Name,
                ["id"] = message.Id,
                ["kind"] = MediaCommands.KindName(attachment.Kind),
                ["media_type"] = MediaCommands.TypeName(attachment.MediaType),
                ["bytes"] = item.Length,
                ["path"] = Path.GetFullPath(target),
            });
        CryptographicOperations.ZeroMemory(item);
        return Task.CompletedTask;
    }

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
        var temporary = target + ".tmp-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
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
