using System.Diagnostics;
using System.Threading.Channels;
using Offline.Client.Attachments;
using Offline.Client.Messaging;
using Offline.Client.Sync;
using Offline.Client.Traffic;
using Offline.Observer;
using Offline.Protocol.Content;

namespace Offline.Bench.Media;

/// <summary>
/// One bench client online as the product is: the engine's <see cref="LiveConnection"/> (cover, loop
/// queue, lockstep) through its own <see cref="WireRecorder"/>, which also sees the bulk connections
/// (they go to the same relay address). Texts from its partner arrive on <see cref="Texts"/>.
/// </summary>
internal sealed class MediaClient : IAsyncDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly Channel<(string Text, TimeSpan At)> texts = Channel.CreateUnbounded<(string, TimeSpan)>();
    private readonly Task running;
    private readonly TaskCompletionSource connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private MediaClient(BenchPeer peer, int relayPort, TrafficProfile profile, Stopwatch clock)
    {
        Peer = peer;
        Recorder = new WireRecorder(relayPort, clock);
        Live = new LiveConnection(peer.Home, new LiveOptions
        {
            Relay = Recorder.RelayUrl,
            Profile = profile,
            StampBits = 8,
            RotationPeriod = TimeSpan.FromHours(1),
            OnConnected = () => connected.TrySetResult(),
            OnProblem = problem => Console.Error.WriteLine($"media: client {peer.Index}: {problem}"),
        });
        running = Task.Run(() => Live.RunAsync(OnEachAsync, stopping.Token), CancellationToken.None);
    }

    public BenchPeer Peer { get; }

    public WireRecorder Recorder { get; }

    public LiveConnection Live { get; }

    public ChannelReader<(string Text, TimeSpan At)> Texts => texts.Reader;

    public static async Task<MediaClient> StartAsync(BenchPeer peer, int relayPort, TrafficProfile profile, Stopwatch clock)
    {
        var client = new MediaClient(peer, relayPort, profile, clock);
        await client.connected.Task.WaitAsync(TimeSpan.FromSeconds(90));
        return client;
    }

    /// <summary>A transfer on the open connection (bulk options: the product's 250 ms unless OFFLINE_BULK_SLOT_MS says otherwise).</summary>
    public AttachmentTransfer Transfer() =>
        new((Live.Current ?? throw new InvalidOperationException("not connected")).Relay);

    /// <summary>Composes a text to the partner into the outbox and has the live connection send it.</summary>
    public async Task SendTextAsync(string text, CancellationToken cancellationToken)
    {
        await Live.Gate.WaitAsync(cancellationToken);
        try
        {
            Peer.Home.Messenger.SendText(Peer.Home.Messenger.Contacts.FindById(Peer.PartnerId)!, text);
        }
        finally
        {
            Live.Gate.Release();
        }

        Live.OutboxChanged();
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Recorder.DisposeAsync();
        stopping.Dispose();
    }

    private Task OnEachAsync(RelaySession session, InboundResult result)
    {
        if (result.Content is { Kind: ContentKind.Text, Body: { } body } && !RelaySession.IsRedelivery(result))
        {
            texts.Writer.TryWrite((body, Recorder.Now));
        }

        return Task.CompletedTask;
    }
}
