using Offline.Client.Home;
using Offline.Client.Messaging;
using Offline.Client.Outbox;

namespace Offline.Client.Tests.Outbox;

public class OutboxStoreTests
{
    private static OutboundEnvelope Envelope(byte marker, string contentId) =>
        new(Enumerable.Repeat(marker, 32).ToArray(), [marker, 1, 2, 3], NeedsStamp: marker == 1, RatchetIndex: 0, ContentId: contentId);

    [Fact]
    public void Entries_SurviveReopen_InOrder_UntilRemoved()
    {
        using var home = new TempHome();
        string firstId;
        using (var opened = ClientHome.Create(home.Path, "pass", TimeProvider.System))
        {
            firstId = opened.Outbox.Add(Envelope(1, "aa"), "of1_x", "text", "aa").Id;
            opened.Outbox.Add(Envelope(2, "bb"), "of1_x", "reaction", "bb");
        }

        using var reopened = ClientHome.Open(home.Path, "pass", TimeProvider.System);
        var pending = reopened.Outbox.Pending();
        Assert.Equal(["aa", "bb"], pending.Select(e => e.MessageId));
        Assert.True(pending[0].NeedsStamp);
        Assert.Equal(Enumerable.Repeat((byte)1, 32), pending[0].AddressBytes());
        Assert.Equal(new byte[] { 1, 1, 2, 3 }, pending[0].CiphertextBytes());

        reopened.Outbox.Remove(firstId);
        Assert.Equal(["bb"], reopened.Outbox.Pending().Select(e => e.MessageId));
    }

    [Fact]
    public void SendText_IsInTheOutboxBeforeItReturns()
    {
        using var home = new TempHome();
        using var other = new TempHome();
        using var alice = ClientHome.Create(home.Path, "pass", TimeProvider.System);
        using var bob = ClientHome.Create(other.Path, "pass", TimeProvider.System);
        var bundle = bob.Account.Bundle.WithOneTimePrekeys([bob.Account.Bundle.OneTimePrekeys[0]]);
        var (contact, _, _) = alice.Messenger.AddContact("bob", bob.Account.Id, bundle);

        var (message, envelope) = alice.Messenger.SendText(contact, "kept before sending");

        var entry = Assert.Single(alice.Outbox.Pending());
        Assert.Equal(message.Id, entry.MessageId);
        Assert.Equal("text", entry.Kind);
        Assert.Equal(envelope.Ciphertext, entry.CiphertextBytes());
        Assert.Equal(ProtocolErrorNone, bob.Messenger.Receive(entry.AddressBytes(), entry.CiphertextBytes()).Error);
    }

    private static Offline.Protocol.ProtocolError ProtocolErrorNone => Offline.Protocol.ProtocolError.None;
}
