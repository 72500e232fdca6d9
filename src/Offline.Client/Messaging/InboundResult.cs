using Offline.Client.Contacts;
using Offline.Protocol;
using Offline.Protocol.Content;

namespace Offline.Client.Messaging;

/// <summary>
/// What one delivered envelope turned out to be. <see cref="Error"/> is None when it was decrypted and
/// stored (ack it then); otherwise nothing was changed. <see cref="IsDuplicate"/> for a redelivery.
/// <see cref="NewQueue"/> is a queue to create on the relay (the first message of a new contact).
/// </summary>
public sealed record InboundResult(ProtocolError Error, Contact? Contact = null, ContentMessage? Content = null, bool IsDuplicate = false, QueueRegistration? NewQueue = null)
{
    public bool IsCover => Content?.Kind == ContentKind.Cover;
}
