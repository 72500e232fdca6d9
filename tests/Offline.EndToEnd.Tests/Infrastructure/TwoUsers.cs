namespace Offline.EndToEnd.Tests.Infrastructure;

/// <summary>Alice and Bob, each with a home in one temp folder, and a real relay; all removed on Dispose.</summary>
internal sealed class TwoUsers : IDisposable
{
    private TwoUsers(TempDirectory folder, RelayProcess relay, string aliceName, string bobName, IReadOnlyDictionary<string, string>? environment)
    {
        Folder = folder;
        Relay = relay;
        Alice = new CliUser(folder.Sub("alice-home"), () => Relay.Url) { Environment = environment ?? new Dictionary<string, string>() };
        Bob = new CliUser(folder.Sub("bob-home"), () => Relay.Url) { Environment = environment ?? new Dictionary<string, string>() };
        AliceName = aliceName;
        BobName = bobName;
    }

    public TempDirectory Folder { get; }

    public RelayProcess Relay { get; }

    public CliUser Alice { get; }

    public CliUser Bob { get; }

    /// <summary>What Bob calls Alice.</summary>
    public string AliceName { get; }

    /// <summary>What Alice calls Bob.</summary>
    public string BobName { get; }

    /// <param name="environment">More environment for both users' commands (e.g. OFFLINE_BULK_SLOT_MS).</param>
    public static async Task<TwoUsers> StartAsync(bool durableRelay, string aliceName = "alice", string bobName = "bob", IReadOnlyDictionary<string, string>? environment = null)
    {
        var folder = new TempDirectory();
        try
        {
            var relay = await RelayProcess.StartAsync(durableRelay ? folder.Sub("relay/relay.db") : null);
            return new TwoUsers(folder, relay, aliceName, bobName, environment);
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    /// <summary>The product page's walk-through up to Bob naming Alice: both IDs, add, first message, receive.</summary>
    public async Task<string> IntroduceAsync(string firstMessage)
    {
        await Alice.GenerateIdAsync();
        await Bob.GenerateIdAsync();
        await Alice.RunOkAsync("add", Bob.Id, "--name", BobName);
        var sent = await Alice.RunOkAsync("send", BobName, firstMessage, "--json");
        var received = await Bob.RunOkAsync("receive", "--json");
        Assert.Equal(firstMessage, (string?)received.EventsOf("message").Single()["text"]);
        await Bob.RunOkAsync("add", Alice.Id, "--name", AliceName);
        return (string)sent.EventsOf("sent").Single()["id"]!;
    }

    public void Dispose()
    {
        Relay.Dispose();
        Folder.Dispose();
    }
}
