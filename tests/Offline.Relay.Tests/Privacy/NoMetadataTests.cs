using System.Text;
using System.Text.RegularExpressions;
using Offline.Relay.Tests.Hosting;

namespace Offline.Relay.Tests.Privacy;

/// <summary>
/// The product page's promise, checked on the real program: after a conversation, neither its
/// output nor its data directory holds a client address, an ID, a queue address or a time.
/// </summary>
public sealed partial class NoMetadataTests : IDisposable
{
    private readonly string dataDirectory = System.IO.Directory.CreateTempSubdirectory("relay-metadata-").FullName;

    public void Dispose() => System.IO.Directory.Delete(dataDirectory, recursive: true);

    [Fact]
    public async Task Conversation_OutputAndDataDirectory_HoldNoAddressIdQueueOrTime()
    {
        var started = DateTimeOffset.UtcNow;
        Conversation conversation;
        string output, listenUrl;
        await using (var relay = await RelayProcess.StartAsync(
            ["--store", $"sqlite:{Path.Combine(dataDirectory, "relay.db")}"],
            new Dictionary<string, string> { ["OFFLINE_RELAY_LIMITS__STAMPDIFFICULTYBITS"] = "12" }))
        {
            conversation = await Conversation.RunAsync(relay.SocketUri, difficulty: 12, messagesEachWay: 20);
            await relay.StopAsync();
            (output, listenUrl) = (relay.Output, relay.ListenUrl);
        }

        var ended = DateTimeOffset.UtcNow;
        AssertOutputClean(output, listenUrl, conversation);
        AssertDataClean(conversation, started, ended);
    }

    private static void AssertOutputClean(string output, string listenUrl, Conversation conversation)
    {
        Assert.Contains("listening on", output, StringComparison.Ordinal);

        // The relay's own listening address is a startup fact; nothing else may name a host.
        var rest = output.Replace(listenUrl, "[listen]", StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", rest, StringComparison.Ordinal);
        Assert.DoesNotContain("localhost", rest, StringComparison.OrdinalIgnoreCase);
        foreach (var port in conversation.Ports)
        {
            Assert.DoesNotMatch($@"\b{port}\b", rest);
        }

        foreach (var id in conversation.Ids)
        {
            Assert.DoesNotContain(id, rest, StringComparison.Ordinal);
        }

        foreach (var bytes in conversation.Addresses.Concat(conversation.Fingerprints))
        {
            foreach (var form in TextForms(bytes))
            {
                Assert.DoesNotContain(form, rest, StringComparison.OrdinalIgnoreCase);
            }
        }

        Assert.DoesNotMatch(TimestampPattern(), rest);
    }

    private void AssertDataClean(Conversation conversation, DateTimeOffset started, DateTimeOffset ended)
    {
        var files = ByteScan.Files(dataDirectory).ToList();
        Assert.NotEmpty(files);
        var (fromSeconds, toSeconds) = (started.ToUnixTimeSeconds() - 5, ended.ToUnixTimeSeconds() + 5);
        var (fromMs, toMs) = (fromSeconds * 1000, toSeconds * 1000);
        foreach (var (path, bytes) in files)
        {
            var name = Path.GetFileName(path);
            foreach (var text in new[] { "127.0.0.1", "localhost" }.Concat(conversation.Ports.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture))))
            {
                Assert.False(ByteScan.Contains(bytes, Encoding.ASCII.GetBytes(text)), $"{name} holds {text}");
                Assert.False(ByteScan.Contains(bytes, Encoding.Unicode.GetBytes(text)), $"{name} holds {text} (UTF-16)");
            }

            Assert.False(ByteScan.Contains(bytes, [127, 0, 0, 1]), $"{name} holds 127.0.0.1 as bytes");
            Assert.False(ByteScan.Has32BitInRange(bytes, fromSeconds, toSeconds), $"{name} holds a unix time in seconds (32-bit)");
            Assert.False(ByteScan.Has64BitInRange(bytes, fromSeconds, toSeconds), $"{name} holds a unix time in seconds (64-bit)");
            Assert.False(ByteScan.Has64BitInRange(bytes, fromMs, toMs), $"{name} holds a unix time in milliseconds");
            Assert.DoesNotMatch(TimestampPattern(), Encoding.Latin1.GetString(bytes));
        }
    }

    private static IEnumerable<string> TextForms(byte[] bytes) =>
    [
        Convert.ToHexString(bytes),
        Convert.ToBase64String(bytes).TrimEnd('='),
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
    ];

    /// <summary>ISO dates, times of day, and the usual log stamps.</summary>
    [GeneratedRegex(@"\b20\d\d-[01]\d-[0-3]\d|\b[0-2]\d:[0-5]\d:[0-5]\d\b|\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d")]
    private static partial Regex TimestampPattern();
}
