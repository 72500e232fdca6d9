using System.Security.Cryptography;
using Offline.Client.Attachments;
using Offline.Client.Conversations;
using Offline.Client.Outbox;
using Offline.Client.Transport;
using Offline.Protocol.Attachments;

namespace Offline.Client.Sync;

/// <summary>
/// Attachments over this session: staged uploads go to the relay before the outbox is flushed (the
/// content message is composed only after every chunk is stored), and received attachment messages'
/// items are fetched, checked, kept and then released. The chunks travel per the traffic profile's lane
/// (<see cref="AttachmentTransfer"/>). While a transfer runs, the live client's gate is released
/// (deliveries and typing go on); the store is touched only with it held.
/// </summary>
public sealed partial class RelaySession
{
    private readonly HashSet<string> transfersInFlight = [];

    /// <summary>How bulk connections are opened (Tor: a proxy per connection); the defaults when not set.</summary>
    public AttachmentTransferOptions TransferOptions { get; set; } = new();

    /// <summary>What the last <see cref="UploadStagedAsync"/> (or flush) did with each staged upload it tried.</summary>
    public IReadOnlyList<UploadOutcome> LastUploads { get; private set; } = [];

    /// <summary>Told about every chunk confirmed, up or down (the CLI's progress bar).</summary>
    public IProgress<AttachmentProgress>? TransferProgress { get; set; }

    /// <summary>
    /// Uploads every staged image and voice note, oldest first, and composes each one's content message
    /// into the outbox once all its chunks are stored. A lost connection stops here: what is left stays
    /// staged for the next run (the same chunks to the same addresses, which the relay takes again as Ok).
    /// </summary>
    public async Task<IReadOnlyList<UploadOutcome>> UploadStagedAsync(CancellationToken cancellationToken, SemaphoreSlim? heldGate = null)
    {
        var outcomes = new List<UploadOutcome>();
        foreach (var upload in home.Messenger.Uploads.Pending())
        {
            if (!ClaimTransfer(upload.MessageId))
            {
                continue;
            }

            try
            {
                var outcome = await UploadOneAsync(upload, heldGate, cancellationToken);
                outcomes.Add(outcome);
                if (outcome.Error is { IsTransient: true })
                {
                    break;
                }
            }
            finally
            {
                ReleaseTransfer(upload.MessageId);
            }
        }

        LastUploads = outcomes;
        return outcomes;
    }

    /// <summary>
    /// Fetches the item of every received attachment message still Downloading: (1) get every chunk;
    /// (2) check and decrypt (a missing, altered or cut-short chunk makes it Unavailable, with the
    /// reason); (3) keep the item in the encrypted store and mark it Ready; (4) only then release the
    /// chunks on the relay. A lost connection leaves it Downloading for the next run.
    /// </summary>
    public async Task<IReadOnlyList<DownloadOutcome>> DownloadPendingAsync(CancellationToken cancellationToken, SemaphoreSlim? heldGate = null)
    {
        var outcomes = new List<DownloadOutcome>();
        foreach (var download in home.Messenger.Downloads.All)
        {
            if (!ClaimTransfer(download.MessageId))
            {
                continue;
            }

            try
            {
                var outcome = await DownloadOneAsync(download, heldGate, cancellationToken);
                if (outcome is not null)
                {
                    outcomes.Add(outcome);
                    if (outcome.Error is { IsTransient: true })
                    {
                        break;
                    }
                }
            }
            finally
            {
                ReleaseTransfer(download.MessageId);
            }
        }

        return outcomes;
    }

    private async Task<UploadOutcome> UploadOneAsync(PendingUpload upload, SemaphoreSlim? heldGate, CancellationToken cancellationToken)
    {
        var contact = home.Messenger.Contacts.FindById(upload.ContactId);
        if (contact is null || home.Messenger.Chat(contact).Find(upload.MessageId) is not { Deleted: false })
        {
            return new UploadOutcome(upload, home.Messenger.ComposeUploaded(upload), null);
        }

        if (home.Messenger.StagedAttachment(upload) is not { } item || home.Messenger.Uploads.Find(upload.MessageId) is not { } current)
        {
            return new UploadOutcome(upload, null, null);
        }

        // (1) put the chunks not confirmed yet; (2) keep what was confirmed, whatever happened; (3) all stored: compose.
        var done = new HashSet<int>(current.Done);
        var progress = Progress(upload.MessageId, upload: true);
        try
        {
            await WithoutGateAsync(heldGate, () => Transfer().UploadAsync(item, current.Fetches, done, progress, cancellationToken));
        }
        catch (RelayException e)
        {
            return new UploadOutcome(current, null, e);
        }
        finally
        {
            lock (done)
            {
                home.Messenger.RecordUploaded(upload.MessageId, [.. done]);
            }
        }

        return new UploadOutcome(current, home.Messenger.ComposeUploaded(home.Messenger.Uploads.Find(upload.MessageId) ?? current), null);
    }

    private async Task<DownloadOutcome?> DownloadOneAsync(PendingDownload download, SemaphoreSlim? heldGate, CancellationToken cancellationToken)
    {
        if (home.Messenger.PointerOf(download) is not { } pointer || home.Messenger.Contacts.FindById(download.ContactId) is not { } contact)
        {
            return null;
        }

        IReadOnlyList<byte[]?> chunks;
        var progress = Progress(download.MessageId, upload: false);
        try
        {
            chunks = await WithoutGateAsync(heldGate, () => Transfer().DownloadAsync(pointer, progress, cancellationToken));
        }
        catch (RelayException e)
        {
            return new DownloadOutcome(contact, home.Messenger.Chat(contact).Find(download.MessageId)!, e);
        }

        var error = AttachmentDecryptor.TryDecrypt(pointer, chunks, out var item);
        if (error == AttachmentError.None)
        {
            home.Messenger.CompleteDownload(download, item);
            CryptographicOperations.ZeroMemory(item);
        }
        else
        {
            home.Messenger.FailDownload(download, Messaging.Messenger.Describe(error));
        }

        // Stored (or never to be had): this recipient is done with the chunks. Best effort: unreleased chunks expire on the relay.
        try
        {
            await WithoutGateAsync(heldGate, () => Transfer().ReleaseAsync(pointer, cancellationToken));
        }
        catch (RelayException)
        {
            // The item is safe here; the relay drops the chunks after its TTL.
        }

        return new DownloadOutcome(contact, home.Messenger.Chat(contact).Find(download.MessageId)!, null);
    }

    private AttachmentTransfer Transfer() => new(Relay, TransferOptions);

    private Reporter? Progress(string messageId, bool upload) =>
        TransferProgress is { } report ? new Reporter(p => report.Report(new AttachmentProgress(messageId, upload, p.DoneChunks, p.TotalChunks))) : null;

    private static async Task WithoutGateAsync(SemaphoreSlim? heldGate, Func<Task> work) =>
        await WithoutGateAsync(heldGate, async () =>
        {
            await work();
            return true;
        });

    /// <summary>Runs <paramref name="work"/> with the live client's gate released (when held), taking it back before returning.</summary>
    private static async Task<T> WithoutGateAsync<T>(SemaphoreSlim? heldGate, Func<Task<T>> work)
    {
        heldGate?.Release();
        try
        {
            return await work();
        }
        finally
        {
            if (heldGate is not null)
            {
                await heldGate.WaitAsync(CancellationToken.None);
            }
        }
    }

    private bool ClaimTransfer(string messageId)
    {
        lock (transfersInFlight)
        {
            return transfersInFlight.Add(messageId);
        }
    }

    private void ReleaseTransfer(string messageId)
    {
        lock (transfersInFlight)
        {
            transfersInFlight.Remove(messageId);
        }
    }

    /// <summary>Reports on the caller's thread, in order (Progress&lt;T&gt; would post to the thread pool and may reorder).</summary>
    private sealed class Reporter(Action<TransferProgress> report) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => report(value);
    }
}
