using System.Text;
using Offline.EndToEnd.Tests.Infrastructure;
using Offline.Protocol.Identity;

namespace Offline.EndToEnd.Tests;

/// <summary>After a conversation, no file in either home holds a message text, a contact name or an ID.</summary>
public class HomeDirectoryTests
{
    [Fact]
    public async Task HomeDirectories_AfterConversation_HoldNoTextNameOrId()
    {
        using var users = await TwoUsers.StartAsync(durableRelay: false, aliceName: "alicia", bobName: "roberto");
        string[] texts = ["the eagle lands at midnight", "bring the blue umbrella", "meet under the clock tower"];
        await users.IntroduceAsync(texts[0]);
        await users.Bob.RunOkAsync("send", "alicia", texts[1]);
        await users.Alice.RunOkAsync("receive");
        await users.Alice.RunOkAsync("send", "roberto", texts[2]);
        await users.Bob.RunOkAsync("receive");
        await users.Alice.RunOkAsync("search", "umbrella");

        var needles = texts.Concat(["alicia", "roberto", users.Alice.Id, users.Bob.Id])
            .Select(n => (Label: n, Bytes: Encoding.UTF8.GetBytes(n)))
            .Concat(new[] { users.Alice.Id, users.Bob.Id }.Select(id => (Label: "fingerprint of " + id, Bytes: OfflineId.Parse(id).Fingerprint.ToArray())))
            .ToList();
        var files = 0;
        foreach (var home in new[] { users.Alice.Home, users.Bob.Home })
        {
            foreach (var file in Directory.EnumerateFiles(home, "*", SearchOption.AllDirectories))
            {
                files++;
                var bytes = File.ReadAllBytes(file);
                foreach (var (label, needle) in needles)
                {
                    Assert.True(bytes.AsSpan().IndexOf(needle) < 0, $"'{label}' found in {file}");
                }
            }
        }

        Assert.True(files > 10, $"only {files} files scanned");
    }
}
