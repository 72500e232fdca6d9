using Offline.Client.Transport;

namespace Offline.Client.Outbox;

/// <summary>
/// What happened to one outbox entry in a flush: the real figures the CLI prints (frame bucket,
/// jitter, stamp work), or the relay's refusal / the lost connection, with the entry kept.
/// </summary>
public sealed record SendOutcome(OutboxEntry Entry, bool Sent, int FrameSize, int JitterMs, int StampBits, TimeSpan StampTime, RelayException? Error);
