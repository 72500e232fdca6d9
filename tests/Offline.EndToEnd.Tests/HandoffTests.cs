using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Offline.EndToEnd.Tests.Infrastructure;
using Offline.Observer;

namespace Offline.EndToEnd.Tests;

/// <summary>
/// docs/TRAFFIC.md rule 8: while `receive --follow` or `chat` runs, a separate `offline send` hands its
/// message to that process, which sends it over its existing connection; the observer sees no new one.
/// Unix only: the handoff is a Unix socket with a file mode (there is none on Windows).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class HandoffTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Send_WhileFollowerRuns_LeavesThroughItsConnectionOnly()
    {
        using var users = await TwoUsers.StartAsync(durableRelay: false);
        await users.IntroduceAsync("hello before going live");
        await using var observer = new WireRecorder(users.Relay.Port);
        var alice = new CliUser(users.Alice.Home, () => observer.RelayUrl) { Passphrase = users.Alice.Passphrase };

        using var follow = alice.Start("receive", "--follow");
        await WaitUntilConnectedAsync(users, follow);
        var socket = Path.Combine(users.Alice.Home, "live.sock");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(socket));
        var connectionsBefore = observer.Connections.Count;
        Assert.Equal(1, connectionsBefore);

        // A send in human mode and one with --json: the same report as a normal send, through the running client.
        var human = await alice.RunOkAsync("send", "bob", "handed over");
        Assert.Contains("# message", human.Stdout, StringComparison.Ordinal);
        Assert.Contains("(sent through the running client)", human.Stdout, StringComparison.Ordinal);
        var json = await alice.RunOkAsync("send", "bob", "handed over too", "--json");
        var sent = json.EventsOf("sent").Single();
        Assert.Equal("bob", (string?)sent["to"]);
        Assert.NotNull((string?)sent["id"]);
        Assert.DoesNotContain("running client", json.Stdout, StringComparison.Ordinal);
        await follow.WaitForLineAsync(l => l.Contains("me → bob", StringComparison.Ordinal) && l.Contains("handed over too", StringComparison.Ordinal), Wait);

        // A wrong passphrase is refused with the usual error and exit code; nothing is sent.
        var intruder = new CliUser(users.Alice.Home, () => observer.RelayUrl) { Passphrase = "not the passphrase" };
        var refused = await intruder.RunAsync("send", "bob", "must not arrive");
        Assert.Equal(4, refused.ExitCode);
        Assert.Contains("Wrong passphrase", refused.Stderr, StringComparison.Ordinal);

        // Hostile bytes on the socket end only their own exchange.
        await SendGarbageAsync(socket);
        Assert.Equal(2, (int)(await RawExchangeAsync(socket, uint.MaxValue, [], []))!["exit_code"]!);
        var forged = await RawExchangeAsync(socket, null, Encoding.UTF8.GetBytes("""{"command":"send","to":"bob","text":"forged"}"""), RandomNumberGenerator.GetBytes(32));
        Assert.Equal(4, (int)forged!["exit_code"]!);
        using (var silent = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await silent.ConnectAsync(new UnixDomainSocketEndPoint(socket));
        }

        // The running client keeps working, and still takes handed-over messages.
        await users.Bob.RunOkAsync("send", "alice", "still there?");
        await follow.WaitForLineAsync(l => l.Contains("still there?", StringComparison.Ordinal), Wait);
        Assert.Contains("(sent through the running client)", (await alice.RunOkAsync("send", "bob", "after the garbage")).Stdout, StringComparison.Ordinal);

        Assert.Equal(connectionsBefore, observer.Connections.Count);
        Assert.Equal(0, await follow.StopAsync());
        Assert.False(File.Exists(socket), "the socket is removed when the running client stops");

        var inbox = (await users.Bob.RunOkAsync("receive", "--json")).EventsOf("message").Select(m => (string?)m["text"]).ToList();
        Assert.Equal(["handed over", "handed over too", "after the garbage"], inbox);
    }

    [Fact]
    public async Task Send_WhileChatRunsOrAfterItCrashed_ShownInChatThenWorksAlone()
    {
        using var users = await TwoUsers.StartAsync(durableRelay: true);
        await users.IntroduceAsync("hello before chatting");
        var socket = Path.Combine(users.Alice.Home, "live.sock");

        // While chat runs, a sent message shows in its transcript as sent, and a reaction goes the same way.
        using (var chat = users.Alice.Start("chat", "bob"))
        {
            await WaitUntilConnectedAsync(users, chat);
            var sent = await users.Alice.RunOkAsync("send", "bob", "from another terminal", "--json");
            var id = (string)sent.EventsOf("sent").Single()["short_id"]!;
            await chat.WaitForLineAsync(l => l.StartsWith("me ", StringComparison.Ordinal) && l.Contains("from another terminal", StringComparison.Ordinal), Wait);
            var reacted = await users.Alice.RunOkAsync("react", "bob", id, "👍");
            Assert.Contains("sent.", reacted.Stdout, StringComparison.Ordinal);
            Assert.Contains("(sent through the running client)", reacted.Stdout, StringComparison.Ordinal);
            Assert.Equal(5, (await users.Alice.RunAsync("send", "nobody", "x")).ExitCode);

            // A delete goes the same way: for everyone (a request to bob's device, on the running connection)
            // and on this device only (nothing to send). Deleting bob's message for everyone is refused as alone.
            var deleted = await users.Alice.RunOkAsync("delete", "bob", id, "--for-everyone");
            Assert.Contains("asked bob's device to delete it; sent.", deleted.Stdout, StringComparison.Ordinal);
            Assert.Contains("(sent through the running client)", deleted.Stdout, StringComparison.Ordinal);
            var forgotten = (string)(await users.Alice.RunOkAsync("send", "bob", "to be forgotten here", "--json")).EventsOf("sent").Single()["short_id"]!;
            var local = await users.Alice.RunOkAsync("delete", "bob", forgotten, "--json");
            Assert.False((bool)local.EventsOf("deleted").Single()["for_everyone"]!);
            Assert.DoesNotContain("\"sent\"", local.Stdout, StringComparison.Ordinal);
            Assert.Equal(10, (await users.Alice.RunAsync("delete", "bob", "ffffffff")).ExitCode);

            // The running client is offline: the message waits in its outbox, reported as queued, and goes when it reconnects.
            users.Relay.Stop();
            var queued = await users.Alice.RunOkAsync("send", "bob", "while the relay is down", "--json");
            Assert.Single(queued.EventsOf("queued"));
            await users.Relay.StartAgainAsync();
            await users.Bob.RunOkAsync("send", "alice", "back again");
            await chat.WaitForLineAsync(l => l.Contains("back again", StringComparison.Ordinal), Wait);

        }

        // Leaving the block killed chat with SIGKILL: its socket file stays behind.
        Assert.True(File.Exists(socket));

        // A stale socket: send connects by itself, as before.
        var alone = await users.Alice.RunOkAsync("send", "bob", "after the crash");
        Assert.Contains("# message", alone.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("running client", alone.Stdout, StringComparison.Ordinal);

        // The next follower replaces the socket and takes sends again.
        using (var follow = users.Alice.Start("receive", "--follow"))
        {
            await WaitUntilConnectedAsync(users, follow);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(socket));
            Assert.Contains("(sent through the running client)", (await users.Alice.RunOkAsync("send", "bob", "through the new follower")).Stdout, StringComparison.Ordinal);
            Assert.Equal(0, await follow.StopAsync());
        }

        var inbox = await users.Bob.RunOkAsync("receive", "--json");
        Assert.Equal(
            ["from another terminal", "to be forgotten here", "while the relay is down", "after the crash", "through the new follower"],
            inbox.EventsOf("message").Select(m => (string?)m["text"]).ToList());
        Assert.Single(inbox.EventsOf("reaction"));
        Assert.Equal(
            (string?)inbox.EventsOf("message")[0]["id"],
            (string?)Assert.Single(inbox.EventsOf("delete"))["target"]);

        // Alice's own history: the message deleted for everyone and the one deleted here are both gone.
        var history = (await users.Alice.RunOkAsync("history", "bob", "--json")).EventsOf("message")
            .Where(m => m["deleted"] is null || !(bool)m["deleted"]!).Select(m => (string?)m["text"]).ToList();
        Assert.DoesNotContain("from another terminal", history);
        Assert.DoesNotContain("to be forgotten here", history);
        Assert.Contains("through the new follower", history);
    }

    /// <summary>Bob writes; once the running command shows it, its connection is up (a send handed over meanwhile waits for the first connection).</summary>
    private static async Task WaitUntilConnectedAsync(TwoUsers users, CliProcess running)
    {
        var marker = "are you online " + Guid.NewGuid().ToString("N")[..6];
        await users.Bob.RunOkAsync("send", "alice", marker);
        await running.WaitForLineAsync(l => l.Contains(marker, StringComparison.Ordinal), Wait);
    }

    private static async Task SendGarbageAsync(string socket)
    {
        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await client.ConnectAsync(new UnixDomainSocketEndPoint(socket));
        await client.SendAsync(RandomNumberGenerator.GetBytes(100));
    }

    /// <summary>One exchange by hand: length (given, or the body's), body, mac; the reply's JSON, or null if none came.</summary>
    private static async Task<JsonObject?> RawExchangeAsync(string socket, uint? length, byte[] body, byte[] mac)
    {
        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await client.ConnectAsync(new UnixDomainSocketEndPoint(socket));
        await using var stream = new NetworkStream(client);
        using var deadline = new CancellationTokenSource(Wait);
        var hello = new byte[33];
        await stream.ReadExactlyAsync(hello, deadline.Token);
        Assert.Equal(1, hello[0]);
        var frame = new byte[4 + body.Length + mac.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, length ?? (uint)body.Length);
        body.CopyTo(frame, 4);
        mac.CopyTo(frame, 4 + body.Length);
        await stream.WriteAsync(frame, deadline.Token);
        var size = new byte[4];
        await stream.ReadExactlyAsync(size, deadline.Token);
        var reply = new byte[BinaryPrimitives.ReadUInt32BigEndian(size)];
        await stream.ReadExactlyAsync(reply, deadline.Token);
        return JsonNode.Parse(reply)?.AsObject();
    }
}
