using System.Security.Cryptography;
using Offline.Client.Contacts;
using Offline.Client.Conversations;
using Offline.Client.Media;
using Offline.Client.Outbox;
using Offline.Protocol.Attachments;
using Offline.Protocol.Content;

namespace Offline.Client.Messaging;

public sealed partial class Messenger
{
    /// <summary>Staged items as encrypted in this process, by message id: their chunks are re-put exactly (a resumed upload skips the done ones).</summary>
    private readonly Dictionary<string, EncryptedAttachment> staged = [];

    /// <summary>Decrypted items of attachment messages (own copies and received ones), in the encrypted store.</summary>
    public AttachmentItems Items => new(store);

    /// <summary>Images and voice notes whose chunks are not all on the relay yet.</summary>
    public UploadStore Uploads => new(store);

    /// <summary>Received attachment messages whose items are not fetched yet.</summary>
    public PendingDownloads Downloads => new(store);

    /// <summary>
    /// Stages a sanitized photo: (1) encrypt it under a fresh key; (2) keep the sender's own copy;
    /// (3) store the pointer and the encrypted chunks as a pending upload; (4) show it in the chat as
    /// uploading. The content message is composed only once every chunk is on the relay
    /// (<see cref="ComposeUploaded"/>, called by the relay session), so a crash anywhere resumes and never duplicates.
    /// </summary>
    public ChatMessage SendImage(Contact contact, SanitizedImage image, string? caption, string? replyTo = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Stage(contact, AttachmentKind.Image, image.Jpeg, MediaType.Jpeg, caption, replyTo, image.Width, image.Height, null, null);
    }

    /// <summary>Stages a voice note (Ogg/Opus or WebM/Opus bytes, its length and waveform) like <see cref="SendImage"/>.</summary>
    public ChatMessage SendVoiceNote(Contact contact, ReadOnlySpan<byte> audio, MediaType type, int durationMs, byte[]? waveform, string? replyTo = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(durationMs);
        if (waveform is { Length: > AttachmentLimits.MaxWaveformLevels })
        {
            throw new ArgumentException($"A waveform has at most {AttachmentLimits.MaxWaveformLevels} levels.", nameof(waveform));
        }

        return Stage(contact, AttachmentKind.Voice, audio, type, null, replyTo, null, null, durationMs, waveform is { Length: > 0 } ? waveform : null);
    }

    /// <summary>
    /// Every chunk of <paramref name="upload"/> is on the relay: compose its content message (into the
    /// outbox, under the staged message id), drop the staged chunks, and mark the chat message Ready.
    /// Returns null, and drops the upload, when the contact or the message is gone (deleted meanwhile).
    /// </summary>
    public OutboundEnvelope? ComposeUploaded(PendingUpload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var contact = Contacts.FindById(upload.ContactId);
        var chat = contact is null ? null : Chat(contact);
        if (contact is null || chat!.Find(upload.MessageId) is not { Deleted: false } || AttachmentPointer.TryParse(upload.Reference, out var pointer) != AttachmentError.None)
        {
            Uploads.Remove(upload.MessageId);
            return null;
        }

        var id = Convert.FromHexString(upload.MessageId);
        var replyTo = upload.ReplyTo is null ? default : Convert.FromHexString(upload.ReplyTo);
        var content = upload.Kind == AttachmentKind.Image
            ? ContentMessage.Image(id, upload.SentAtMs, pointer!, upload.Caption, upload.Width, upload.Height, replyTo)
            : ContentMessage.VoiceNote(id, upload.SentAtMs, pointer!, (uint)(upload.DurationMs ?? 0), upload.Waveform, replyTo);

        // Into the outbox first, then the staged chunks go: a crash between composes again under the
        // same id, which the contact's device shows once (its chat is deduplicated by message id).
        var envelope = Compose(contact, content);
        Uploads.Remove(upload.MessageId);
        staged.Remove(upload.MessageId);
        chat.Update(upload.MessageId, m => m with { Attachment = m.Attachment! with { State = AttachmentState.Ready } });
        return envelope;
    }

    /// <summary>
    /// The encrypted item of a staged upload. While this process runs, the chunks as encrypted when it
    /// was staged; after a restart, the same chunks made again from the own copy under the pointer's key
    /// (<see cref="AttachmentEncryptor.TryRebuild"/>), so the upload resumes with its done set and the
    /// relay never sees the item twice. Null when the own copy is gone or is not the item the pointer
    /// describes (the message was deleted, or the store was damaged): the upload is dropped.
    /// </summary>
    public EncryptedAttachment? StagedAttachment(PendingUpload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (staged.TryGetValue(upload.MessageId, out var known) && known.Pointer.Encode().AsSpan().SequenceEqual(upload.Reference))
        {
            return known;
        }

        var item = Items.Get(upload.MessageId);
        try
        {
            if (item is null || Contacts.FindById(upload.ContactId) is null || AttachmentPointer.TryParse(upload.Reference, out var pointer) != AttachmentError.None
                || AttachmentEncryptor.TryRebuild(item, pointer!, out var rebuilt) != AttachmentError.None)
            {
                Uploads.Remove(upload.MessageId);
                return null;
            }

            staged[upload.MessageId] = rebuilt!;
            return rebuilt;
        }
        finally
        {
            if (item is not null)
            {
                CryptographicOperations.ZeroMemory(item);
            }
        }
    }

    /// <summary>Keeps the chunks the relay confirmed, so a later run puts only the rest.</summary>
    public void RecordUploaded(string messageId, IReadOnlyCollection<int> done)
    {
        if (Uploads.Find(messageId) is { } upload && done.Count > upload.Done.Count)
        {
            Uploads.Save(upload with { Done = [.. done.Order()] });
        }
    }

    private ChatMessage Stage(Contact contact, AttachmentKind kind, ReadOnlySpan<byte> item, MediaType type, string? caption, string? replyTo, int? width, int? height, int? durationMs, byte[]? waveform)
    {
        ArgumentNullException.ThrowIfNull(contact);
        var error = AttachmentEncryptor.TryEncrypt(item, type, out var encrypted);
        if (error != AttachmentError.None)
        {
            throw new ArgumentException(error == AttachmentError.TooLarge ? $"An attachment is at most {AttachmentLimits.MaxItemSize} bytes." : "An attachment is not empty.", nameof(item));
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(ContentMessage.IdSize));
        var sentAt = NowMs();
        var pointer = encrypted!.Pointer.Encode();

        // (2) own copy, (3) pending upload, (4) the chat: each stored before the next step needs it.
        Items.Put(id, item);
        staged[id] = encrypted;
        Uploads.Save(
            new PendingUpload
            {
                MessageId = id,
                ContactId = contact.Id,
                Kind = kind,
                Reference = pointer,
                ChunkCount = encrypted.Chunks.Count,
                SentAtMs = sentAt,
                Caption = string.IsNullOrEmpty(caption) ? null : caption,
                Width = width,
                Height = height,
                DurationMs = durationMs,
                Waveform = waveform,
                ReplyTo = replyTo,
            });
        var message = new ChatMessage
        {
            Id = id,
            Outgoing = true,
            Text = caption ?? string.Empty,
            SentAtMs = sentAt,
            ReplyTo = replyTo,
            Attachment = new ChatAttachment
            {
                Kind = kind,
                Reference = pointer,
                MediaType = (byte)type,
                Length = item.Length,
                Width = width,
                Height = height,
                DurationMs = durationMs,
                Waveform = waveform,
                State = AttachmentState.Uploading,
            },
        };
        Chat(contact).Append(message);
        return message;
    }
}
