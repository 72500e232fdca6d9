using Offline.EndToEnd.Tests.Infrastructure;

namespace Offline.EndToEnd.Tests;

/// <summary>Contacts over time: a name that comes back under new keys, verification, pin and mute, both adding at once.</summary>
public class ContactTests
{
    [Fact]
    public async Task Add_KnownNameWithDifferentId_WarnsLoudlyAndMarksUnverified_PinAndMuteKept()
    {
        using var users = await TwoUsers.StartAsync(durableRelay: false);
        var alice = users.Alice;
        await users.IntroduceAsync("hello before the reinstall");
        await alice.RunOkAsync("verify", "bob", "--confirm");
        Assert.True((bool)(await alice.RunOkAsync("contacts", "--json")).Events.Single()["verified"]!);

        // "Bob" reinstalls: a new home, a new identity, the same name in Alice's contacts.
        var reinstalled = new CliUser(users.Folder.Sub("bob-new-home"), () => users.Relay.Url);
        await reinstalled.GenerateIdAsync();
        var added = await alice.RunOkAsync("add", reinstalled.Id, "--name", "bob", "--json");
        Assert.Contains("DIFFERENT ID", added.Stderr, StringComparison.Ordinal);
        Assert.True((bool)added.EventsOf("added").Single()["key_changed"]!);

        var contact = (await alice.RunOkAsync("contacts", "--json")).Events.Single();
        Assert.Equal(reinstalled.Id, (string?)contact["id"]);
        Assert.False((bool)contact["verified"]!);
        Assert.True((bool)contact["key_changed"]!);
        Assert.Contains("KEYS CHANGED", (await alice.RunOkAsync("contacts")).Stdout, StringComparison.Ordinal);
        Assert.Contains("keys changed", (await alice.RunOkAsync("send", "bob", "is this really you?")).Stderr, StringComparison.Ordinal);
        Assert.Contains("hello before the reinstall", (await alice.RunOkAsync("history", "bob")).Stdout, StringComparison.Ordinal);

        Assert.Contains("KEYS CHANGED", string.Join('\n', (await alice.RunOkAsync("verify", "bob")).Stderr.Split('\n')).ToUpperInvariant(), StringComparison.Ordinal);
        await alice.RunOkAsync("verify", "bob", "--confirm");
        contact = (await alice.RunOkAsync("contacts", "--json")).Events.Single();
        Assert.True((bool)contact["verified"]!);
        Assert.False((bool)contact["key_changed"]!);
        Assert.Equal("is this really you?", (string?)(await reinstalled.RunOkAsync("receive", "--json")).EventsOf("message").Single()["text"]);

        // Pin and mute are kept with the contact; pinned chats are listed first.
        var carol = new CliUser(users.Folder.Sub("carol-home"), () => users.Relay.Url);
        await carol.GenerateIdAsync();
        await alice.RunOkAsync("add", carol.Id, "--name", "carol");
        await alice.RunOkAsync("pin", "carol");
        await alice.RunOkAsync("mute", "bob");
        var listed = (await alice.RunOkAsync("contacts", "--json")).Events;
        Assert.Equal(["carol", "bob"], listed.Select(c => (string?)c["name"]));
        Assert.True((bool)listed[0]["pinned"]!);
        Assert.True((bool)listed[1]["muted"]!);
        await alice.RunOkAsync("unpin", "carol");
        await alice.RunOkAsync("unmute", "bob");
        listed = (await alice.RunOkAsync("contacts", "--json")).Events;
        Assert.Equal(["bob", "carol"], listed.Select(c => (string?)c["name"]));
        Assert.All(listed, c => Assert.False((bool)c["pinned"]! || (bool)c["muted"]!));
    }

    [Fact]
    public async Task BothAddEachOtherAndWriteFirst_ConversationConverges()
    {
        using var users = await TwoUsers.StartAsync(durableRelay: false);
        var (alice, bob) = (users.Alice, users.Bob);
        await alice.GenerateIdAsync();
        await bob.GenerateIdAsync();
        await alice.RunOkAsync("add", bob.Id, "--name", "bob");
        await bob.RunOkAsync("add", alice.Id, "--name", "alice");
        await alice.RunOkAsync("send", "bob", "alice writes first");
        await bob.RunOkAsync("send", "alice", "bob writes first too");

        Assert.Equal("alice writes first", (string?)(await bob.RunOkAsync("receive", "--json")).EventsOf("message").Single()["text"]);
        Assert.Equal("bob writes first too", (string?)(await alice.RunOkAsync("receive", "--json")).EventsOf("message").Single()["text"]);
        await alice.RunOkAsync("send", "bob", "now on one session");
        Assert.Equal("now on one session", (string?)(await bob.RunOkAsync("receive", "--json")).EventsOf("message").Single()["text"]);
        await bob.RunOkAsync("send", "alice", "agreed");
        Assert.Equal("agreed", (string?)(await alice.RunOkAsync("receive", "--json")).EventsOf("message").Single()["text"]);
    }
}
