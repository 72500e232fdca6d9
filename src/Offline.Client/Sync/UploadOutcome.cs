using Offline.Client.Messaging;
using Offline.Client.Outbox;
using Offline.Client.Transport;

namespace Offline.Client.Sync;

/// <summary>
/// What one staged upload came to in a flush: every chunk stored and the content message composed
/// (<see cref="Envelope"/>, now in the outbox), dropped because its message was deleted (null envelope,
/// no error), or still staged after <see cref="Error"/> (sent again on the next run).
/// </summary>
public sealed record UploadOutcome(PendingUpload Upload, OutboundEnvelope? Envelope, RelayException? Error)
{
    public bool Uploaded => Error is null && Envelope is not null;
}
