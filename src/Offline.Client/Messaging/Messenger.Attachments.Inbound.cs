using Offline.Client.Contacts;
using Offline.Client.Conversations;
using Offline.Protocol.Attachments;
using Offline.Protocol.Content;

namespace Offline.Client.Messaging;

/// <summary>Received images and voice notes: stored at once as Downloading, then Ready with their item or Unavailable with the reason.</summary>
public sealed partial class Messenger
{
    /// <summary>The item was fetched and checked: keep it, mark the message Ready, stop waiting for it.</summary>
    public void CompleteDownload(PendingDownload download, ReadOnlySpan<byte> item)
    {
        ArgumentNullException.ThrowIfNull(download);
        if (Contacts.FindById(download.ContactId) is { } contact && Chat(contact).Find(download.MessageId) is { Deleted: false, Attachment: not null })
        {
            Items.Put(download.MessageId, item);
            Chat(contact).Update(download.MessageId, m => m with { Attachment = m.Attachment! with { State = AttachmentState.Ready, Reason = null } });
        }

        Downloads.Remove(download.MessageId);
    }

    /// <summary>The item cannot be had (<paramref name="reason"/>, words only): the message stays, marked Unavailable.</summary>
    public void FailDownload(PendingDownload download, string reason)
    {
        ArgumentNullException.ThrowIfNull(download);
        if (Contacts.FindById(download.ContactId) is { } contact)
        {
            Chat(contact).Update(download.MessageId, m => m.Attachment is null ? m : m with { Attachment = m.Attachment with { State = AttachmentState.Unavailable, Reason = reason } });
        }

        Downloads.Remove(download.MessageId);
    }

    /// <summary>The pointer of a message waiting for its item, or null when the message is gone (the download is then dropped).</summary>
    public AttachmentPointer? PointerOf(PendingDownload download)
    {
        ArgumentNullException.ThrowIfNull(download);
        var message = Contacts.FindById(download.ContactId) is { } contact ? Chat(contact).Find(download.MessageId) : null;
        if (message is { Deleted: false, Attachment.Reference: { } bytes } && AttachmentPointer.TryParse(bytes, out var pointer) == AttachmentError.None)
        {
            return pointer;
        }

        Downloads.Remove(download.MessageId);
        return null;
    }

    /// <summary>Words for an attachment failure, as the chat shows them.</summary>
    public static string Describe(AttachmentError error) => error switch
    {
        AttachmentError.MissingChunk => "a part is missing on the relay (expired, or never stored)",
        AttachmentError.Malformed => "the message's attachment reference is malformed",
        AttachmentError.TooLarge => "the attachment is larger than allowed",
        AttachmentError.WrongChunkSize => "a part on the relay has the wrong size",
        AttachmentError.DigestMismatch or AttachmentError.Tampered => "a part on the relay was altered",
        AttachmentError.BadPadding or AttachmentError.WrongLength => "the attachment is cut short or padded wrongly",
        _ => $"the attachment could not be opened ({error})",
    };

    /// <summary>
    /// An Image or VoiceNote arrived: (1) note it as waiting for its item; (2) store the message at once
    /// (Downloading), or Unavailable when its pointer is malformed. False for a redelivery of one already here.
    /// </summary>
    private bool ApplyAttachment(Contact contact, ChatLog chat, ContentMessage content)
    {
        var id = Convert.ToHexStringLower(content.MessageId);
        if (chat.Find(id) is not null)
        {
            return false;
        }

        var error = content.TryGetAttachment(out var pointer);
        var image = content.Kind == ContentKind.Image;
        if (error == AttachmentError.None)
        {
            Downloads.Add(contact.Id, id);
        }

        return chat.Append(new ChatMessage
        {
            Id = id,
            Outgoing = false,
            Text = image ? content.Body ?? string.Empty : string.Empty,
            SentAtMs = content.SentAtMs,
            ReplyTo = content.ReplyTo is { } r ? Convert.ToHexStringLower(r) : null,
            Attachment = new ChatAttachment
            {
                Kind = image ? AttachmentKind.Image : AttachmentKind.Voice,
                Reference = pointer?.Encode(),
                MediaType = pointer is null ? (byte)0 : (byte)pointer.MediaType,
                Length = pointer?.Length ?? 0,
                Width = image ? content.Dimensions?.Width : null,
                Height = image ? content.Dimensions?.Height : null,
                DurationMs = image ? null : (int?)content.DurationMs,
                Waveform = image ? null : content.Waveform,
                State = error == AttachmentError.None ? AttachmentState.Downloading : AttachmentState.Unavailable,
                Reason = error == AttachmentError.None ? null : Describe(error),
            },
        });
    }
}
