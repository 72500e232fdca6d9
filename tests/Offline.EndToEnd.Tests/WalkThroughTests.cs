using System.Text.Json.Nodes;
using Offline.EndToEnd.Tests.Infrastructure;

namespace Offline.EndToEnd.Tests;

/// <summary>
/// The product page's terminal session and the rest of a conversation, through the real CLI and a real
/// relay process: every command is a new process (each side restarts), and the relay is killed and
/// restarted on its SQLite store in the middle.
/// </summary>
public class WalkThroughTests
{
    [Fact]
    public async Task ProductPageWalkThrough_BothDirectionsAcrossRestarts_Works()
    {
        using var users = await TwoUsers.StartAsync(durableRelay: true);
        var (alice, bob) = (users.Alice, users.Bob);

        // alice $ offline generate-id / offline add bob_id / offline send bob "…"
        await alice.GenerateIdAsync();
        await bob.GenerateIdAsync();
        Assert.StartsWith("of1_", alice.Id, StringComparison.Ordinal);
        var added = (await alice.RunOkAsync("add", bob.Id, "--name", "bob", "--json")).EventsOf("added").Single();
        var safetyNumber = (string)added["safety_number"]!;
        Assert.Matches("^[0-9]{5}( [0-9]{5}){5}$", safetyNumber);

        var sendText = await alice.RunOkAsync("send", "bob", "signal's down — switching to this");
        Assert.Contains("ratchet step → fresh message key", sendText.Stdout, StringComparison.Ordinal);
        Assert.Contains("padded to 4 KiB bucket", sendText.Stdout, StringComparison.Ordinal);
        Assert.Matches("jitter delay: [0-9]+ ms", sendText.Stdout);
        Assert.Contains("relayed via " + users.Relay.Url, sendText.Stdout, StringComparison.Ordinal);

        // bob $ offline receive: a contact request from Alice's ID, then Bob names her.
        var first = (await bob.RunOkAsync("receive", "--json")).EventsOf("message").Single();
        Assert.Equal("signal's down — switching to this", (string?)first["text"]);
        Assert.Equal(alice.Id, (string?)first["contact_id"]);
        Assert.True((bool)first["request"]!);
        var firstId = (string)first["id"]!;
        var named = (await bob.RunOkAsync("add", alice.Id, "--name", "alice", "--json")).EventsOf("added").Single();
        Assert.Equal(safetyNumber, (string?)named["safety_number"]);

        // The relay dies and comes back on its SQLite file; Bob answers.
        users.Relay.Stop();
        await users.Relay.StartAgainAsync();
        var answer = (await bob.RunOkAsync("send", "alice", "got it — where do we meet?", "--json")).EventsOf("sent").Single();
        Assert.Equal(1024, (int)answer["bucket"]!);
        var answerId = (string)answer["id"]!;

        // Alice gets Bob's read receipt for her first message, and his answer.
        var aliceInbox = await alice.RunOkAsync("receive", "--json");
        Assert.Contains(firstId, aliceInbox.EventsOf("read").SelectMany(e => e["targets"]!.AsArray()).Select(t => (string?)t));
        Assert.Equal("got it — where do we meet?", (string?)aliceInbox.EventsOf("message").Single()["text"]);

        // Reply (by the short id people see), reaction, and chat with typing, in both directions.
        var reply = (await alice.RunOkAsync("reply", "bob", answerId[..8], "at the usual place by the river", "--json")).EventsOf("sent").Single();
        var replyId = (string)reply["id"]!;
        var bobInbox = (await bob.RunOkAsync("receive", "--json")).EventsOf("message").Single();
        Assert.Equal(answerId, (string?)bobInbox["reply_to"]);
        await bob.RunOkAsync("react", "alice", replyId[..8], "👍");
        var chat = await bob.RunWithInputAsync("on my way now\n/quit\n", "chat", "alice", "--json");
        Assert.True(chat.ExitCode == 0, chat.ToString());

        aliceInbox = await alice.RunOkAsync("receive", "--json");
        var reaction = aliceInbox.EventsOf("reaction").Single();
        Assert.Equal(replyId, (string?)reaction["target"]);
        Assert.Equal("👍", (string?)reaction["emoji"]);
        Assert.Contains(aliceInbox.EventsOf("typing"), e => (bool)e["typing"]! && (string?)e["contact"] == "bob");
        Assert.Equal("on my way now", (string?)aliceInbox.EventsOf("message").Single()["text"]);

        // Alice's history: her first message read, her reply carries Bob's reaction.
        var history = (await alice.RunOkAsync("history", "bob", "--json")).EventsOf("message");
        Assert.True((bool)history.Single(m => (string?)m["id"] == firstId)["read"]!);
        Assert.Equal("👍", (string?)history.Single(m => (string?)m["id"] == replyId)["reactions"]!["them"]);

        // Search with highlighting, then delete for everyone: gone on both sides.
        var search = await alice.RunOkAsync("search", "USUAL place");
        Assert.Contains("at the **usual place** by the river", search.Stdout, StringComparison.Ordinal);
        await alice.RunOkAsync("delete", "bob", replyId[..8], "--for-everyone");
        var deleted = (await bob.RunOkAsync("receive", "--json")).EventsOf("delete").Single();
        Assert.Equal(replyId, (string?)deleted["target"]);
        Assert.Empty((await bob.RunOkAsync("search", "usual place", "--json")).EventsOf("match"));
        Assert.True((bool)(await bob.RunOkAsync("history", "alice", "--json")).EventsOf("message").Single(m => (string?)m["id"] == replyId)["deleted"]!);
        Assert.Empty((await alice.RunOkAsync("search", "usual place", "--json")).EventsOf("match"));

        // Nothing is shown twice: a further receive on either side brings no message again.
        Assert.Empty((await bob.RunOkAsync("receive", "--json")).EventsOf("message"));
        Assert.Empty((await alice.RunOkAsync("receive", "--json")).EventsOf("message"));
    }
}
