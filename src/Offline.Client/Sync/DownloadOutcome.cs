using Offline.Client.Contacts;
using Offline.Client.Conversations;
using Offline.Client.Transport;

namespace Offline.Client.Sync;

/// <summary>
/// What one pending download came to: the message as stored afterwards (Ready, or Unavailable with its
/// reason), or still Downloading after <see cref="Error"/> (a lost connection; tried again on the next run).
/// </summary>
public sealed record DownloadOutcome(Contact Contact, ChatMessage Message, RelayException? Error);
