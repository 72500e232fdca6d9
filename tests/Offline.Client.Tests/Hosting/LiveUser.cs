using System.Collections.Concurrent;
using Offline.Client.Contacts;
using Offline.Client.Home;
using Offline.Client.Messaging;
using Offline.Client.Sync;
using Offline.Client.Traffic;
using Offline.Observer;
using Offline.Protocol.Content;

namespace Offline.Client.Tests.Hosting;

/// <summary>
/// One user online the way receive --follow and chat are: a home in a temporary directory and a
/// <see cref="LiveConnection"/> to the relay through its own <see cref="WireRecorder"/> (the observer),
/// collecting every inbound result handed to the user interface.
/// </summary>
internal sealed class LiveUser : IAsyncDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private readonly TempHome directory = new();
    private readonly CancellationTokenSource stopping = new();
    private Task running = Task.CompletedTask;

    private LiveUser(int relayPort, TrafficProfile profile, TimeSpan rotation, string name)
    {
        Name = name;
        Recorder = new WireRecorder(relayPort);
        Home = ClientHome.Create(directory.Path, "pass", TimeProvider.System);
        Live = new LiveConnection(Home, new LiveOptions
        {
            Relay = Recorder.RelayUrl,
            Profile = profile,
            StampBits = 8,
            RotationPeriod = rotation,
            OnProblem = Problems.Enqueue,
        });
    }

    public string Name { get; }

    public WireRecorder Recorder { get; }

    public ClientHome Home { get; }

    public LiveConnection Live { get; }

    /// <summary>Every result the connection handed to the user interface, in order.</summary>
    public ConcurrentQueue<InboundResult> Received { get; } = new();

    public ConcurrentQueue<string> Problems { get; } = new();

    /// <summary>Text bodies received, in order.</summary>
    public IReadOnlyList<string> Texts => [.. Received.Where(r => r.Content?.Kind == ContentKind.Text && !RelaySession.IsRedelivery(r)).Select(r => r.Content!.Body!)];

    public static async Task<LiveUser> StartAsync(int relayPort, TrafficProfile profile, string name, TimeSpan? rotation = null)
    {
        var user = new LiveUser(relayPort, profile, rotation ?? ClientLimits.RotationPeriod, name);
        user.running = user.Live.RunAsync(
            (_, result) =>
            {
                user.Received.Enqueue(result);
                return Task.CompletedTask;
            },
            user.stopping.Token);
        await user.WaitConnectedAsync();
        return user;
    }

    public Task WaitConnectedAsync() => Eventually.TrueAsync(() => Live.Current is not null || running.IsCompleted, Wait, $"{Name} connects");

    /// <summary>Runs <paramref name="action"/> under the gate on the open session (waits for one).</summary>
    public async Task<T> WithSessionAsync<T>(Func<RelaySession, Task<T>> action)
    {
        while (true)
        {
            await WaitConnectedAsync();
            Assert.False(running.IsFaulted, running.Exception?.ToString());
            await Live.Gate.WaitAsync();
            try
            {
                if (Live.Current is { } session)
                {
                    return await action(session);
                }
            }
            finally
            {
                Live.Gate.Release();
            }
        }
    }

    /// <summary>First contact: fetch the other's bundle, add them, create and subscribe our inbound queue for them.</summary>
    public Task<Contact> AddAsync(LiveUser other) => WithSessionAsync(async session =>
    {
        var bundle = await session.FetchBundleAsync(other.Home.Account.Id, CancellationToken.None);
        var (contact, _, inbound) = Home.Messenger.AddContact(other.Name, other.Home.Account.Id, bundle);
        await session.CreateQueueAsync(inbound, CancellationToken.None);
        await session.SubscribeAllAsync(CancellationToken.None);
        return contact;
    });

    public Contact ContactFor(LiveUser other) =>
        Home.Messenger.Contacts.FindById(other.Home.Account.Id.Text) ?? throw new InvalidOperationException($"{Name} does not know {other.Name}");

    /// <summary>Composes into the outbox under the gate and tells the connection, as the CLI does.</summary>
    public async Task ComposeAsync(Action<Messenger, Contact> compose, LiveUser to)
    {
        await Live.Gate.WaitAsync();
        try
        {
            compose(Home.Messenger, ContactFor(to));
        }
        finally
        {
            Live.Gate.Release();
        }

        Live.OutboxChanged();
    }

    public Task SendTextAsync(LiveUser to, string text) => ComposeAsync((m, c) => m.SendText(c, text), to);

    public async Task<bool> OutboxEmptyAsync()
    {
        await Live.Gate.WaitAsync();
        try
        {
            return !Home.Outbox.Pending().Any();
        }
        finally
        {
            Live.Gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Home.Dispose();
        await Recorder.DisposeAsync();
        stopping.Dispose();
        directory.Dispose();
    }
}
