using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Offline.Client.Conversations;
using Offline.Client.Home;
using Offline.Client.Media.Voice;
using Offline.Client.Tests.Media;
using Offline.Client.Transport;
using Offline.EndToEnd.Tests.Infrastructure;
using Offline.Observer;
using Offline.Protocol.Attachments;
using SkiaSharp;

namespace Offline.EndToEnd.Tests;

/// <summary>
/// Photos and voice notes between two real `offline` processes through the real relay: the bytes
/// saved on one side are the sender's own copy; metadata never leaves the device; a broken or missing
/// chunk shows as unavailable without hurting the chat; a send killed midway resumes once; and the
/// relay holds no chunk after the recipient has stored the item.
/// </summary>
public class MediaTests
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ImageAndVoice_BothWays_SavedBytesAreTheSendersAndChunksAreGone()
    {
        using var users = await StartAsync();
        await users.IntroduceAsync("hello before the photos");
        var (alice, bob) = (users.Alice, users.Bob);
        var photo = users.Folder.Sub("camera.jpg");
        await File.WriteAllBytesAsync(photo, CameraJpeg());

        // Alice → Bob: a photo with a caption.
        var sent = await alice.RunOkAsync("send-image", "bob", photo, "--caption", "the view from here", "--json");
        var image = sent.EventsOf("sent").Single();
        Assert.Equal(("image", "jpeg", 640, 480), ((string?)image["kind"], (string?)image["media_type"], (int)image["width"]!, (int)image["height"]!));
        Assert.Equal(string.Empty, sent.Stderr); // no progress bar when stderr is not a terminal
        var imageId = (string)image["id"]!;

        var received = await bob.RunOkAsync("receive", "--json");
        var message = received.EventsOf("message").Single();
        Assert.Equal(("image", "the view from here", "downloading"), ((string?)message["kind"], (string?)message["text"], (string?)message["attachment"]!["state"]));
        Assert.Equal("ready", (string?)received.EventsOf("attachment").Single()["attachment"]!["state"]);
        Assert.Equal(string.Empty, received.Stderr);
        Assert.DoesNotContain((await bob.RunOkAsync("receive", "--json")).Events, e => (string?)e["event"] is "message" or "attachment"); // once, not fetched again

        var bobsCopy = users.Folder.Sub("bob-saved.jpg");
        var aliceCopy = users.Folder.Sub("alice-own.jpg");
        await bob.RunOkAsync("save", imageId[..8], bobsCopy);
        await alice.RunOkAsync("save", imageId[..8], aliceCopy);
        var saved = await File.ReadAllBytesAsync(bobsCopy);
        Assert.Equal(await File.ReadAllBytesAsync(aliceCopy), saved);
        Assert.Equal((int)image["bytes"]!, saved.Length);
        AssertOnlyPixels(saved);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(bobsCopy));
        Assert.Equal(2, (await bob.RunAsync("save", imageId[..8], bobsCopy)).ExitCode); // not replaced without --force
        await bob.RunOkAsync("save", imageId[..8], bobsCopy, "--force");
        await AssertChunksGoneAsync(users, alice, "bob", imageId);

        // Bob → Alice: a voice note, disguised, replying to the photo.
        var tone = users.Folder.Sub("tone.wav");
        await File.WriteAllBytesAsync(tone, WavWriter.Write(Tone(1.5)));
        var voice = (await bob.RunOkAsync("send-voice", "alice", tone, "--effect", "deep", "--reply", imageId[..8], "--json")).EventsOf("sent").Single();
        Assert.Equal(("voice", "ogg-opus", imageId), ((string?)voice["kind"], (string?)voice["media_type"], (string?)voice["reply_to"]));
        var voiceId = (string)voice["id"]!;
        var arrived = (await alice.ReceiveUntilAsync(r => r.EventsOf("attachment").Count == 1)).EventsOf("message").Single();
        Assert.Equal(("voice", imageId), ((string?)arrived["kind"], (string?)arrived["reply_to"]));
        Assert.InRange((int)arrived["attachment"]!["duration_ms"]!, 1400, 1600);
        Assert.NotEmpty(arrived["attachment"]!["waveform"]!.AsArray());

        var alicesNote = users.Folder.Sub("voice-notes");
        Directory.CreateDirectory(alicesNote);
        await alice.RunOkAsync("save", voiceId, alicesNote);
        await bob.RunOkAsync("save", voiceId, users.Folder.Sub("bob-own.ogg"));
        var note = await File.ReadAllBytesAsync(Path.Combine(alicesNote, voiceId[..8] + ".ogg"));
        Assert.Equal(await File.ReadAllBytesAsync(users.Folder.Sub("bob-own.ogg")), note);
        Assert.Equal("OggS"u8.ToArray(), note[..4]);
        await AssertChunksGoneAsync(users, bob, "alice", voiceId);

        // Reactions and replies on media work like on text; history lists both kinds with their state.
        await alice.RunOkAsync("react", "bob", voiceId[..8], "👍");
        await alice.RunOkAsync("reply", "bob", voiceId[..8], "deep indeed");
        var reply = (await bob.ReceiveUntilAsync(r => r.EventsOf("message").Count == 1)).EventsOf("message").Single();
        Assert.Equal(voiceId, (string?)reply["reply_to"]);
        var history = await bob.RunOkAsync("history", "alice");
        Assert.Contains("[photo 640×480, ", history.Stdout, StringComparison.Ordinal);
        Assert.Contains("] the view from here", history.Stdout, StringComparison.Ordinal);
        Assert.Contains("[voice 0:02] ", history.Stdout, StringComparison.Ordinal);
        Assert.Contains("[👍 them]", history.Stdout, StringComparison.Ordinal);
        var listed = (await bob.RunOkAsync("history", "alice", "--json")).EventsOf("message");
        Assert.Equal("ready", (string?)listed.Single(m => (string?)m["id"] == voiceId)["attachment"]!["state"]);
    }

    [Fact]
    public async Task ChunkMissingOrAltered_OnTheRelay_UnavailableAndTheNextTextArrives()
    {
        using var users = await StartAsync();
        await users.IntroduceAsync("hello");
        var (alice, bob) = (users.Alice, users.Bob);
        var photo = users.Folder.Sub("photo.jpg");
        await File.WriteAllBytesAsync(photo, CameraJpeg());
        var missing = (string)(await alice.RunOkAsync("send-image", "bob", photo, "--json")).EventsOf("sent").Single()["id"]!;
        var altered = (string)(await alice.RunOkAsync("send-image", "bob", photo, "--caption", "second", "--json")).EventsOf("sent").Single()["id"]!;

        await using (var relay = await RelayClient.ConnectAsync(users.Relay.Url, TimeSpan.FromSeconds(15), CancellationToken.None))
        {
            var first = PointerOf(alice, "bob", missing);
            await relay.ReleaseChunkAsync(first.ChunkAddress(0), CancellationToken.None); // fetch count 1: gone
            var second = PointerOf(alice, "bob", altered);
            await relay.ReleaseChunkAsync(second.ChunkAddress(0), CancellationToken.None);
            await relay.PutChunkAsync(second.ChunkAddress(0), 1, RandomNumberGenerator.GetBytes(AttachmentLimits.ChunkCiphertextSize), CancellationToken.None);
        }

        await alice.RunOkAsync("send", "bob", "did the photos come?");
        var received = await bob.ReceiveUntilAsync(r => r.EventsOf("message").Count == 3);
        var states = received.EventsOf("attachment").ToDictionary(e => (string)e["id"]!, e => e["attachment"]!);
        Assert.Equal("unavailable", (string?)states[missing]["state"]);
        Assert.Contains("missing", (string?)states[missing]["reason"], StringComparison.Ordinal);
        Assert.Equal("unavailable", (string?)states[altered]["state"]);
        Assert.Contains("altered", (string?)states[altered]["reason"], StringComparison.Ordinal);
        Assert.Equal("did the photos come?", (string?)received.EventsOf("message")[^1]["text"]);

        var refused = await bob.RunAsync("save", missing[..8], users.Folder.Sub("never.jpg"));
        Assert.Equal(17, refused.ExitCode);
        Assert.Contains("unavailable", refused.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(users.Folder.Sub("never.jpg")));
        var history = await bob.RunOkAsync("history", "alice");
        Assert.Contains("(unavailable: a part on the relay was altered)", history.Stdout, StringComparison.Ordinal);
        await bob.RunOkAsync("send", "alice", "no, but the chat still works");
        Assert.Single((await alice.ReceiveUntilAsync(r => r.EventsOf("message").Count == 1)).EventsOf("message"));
    }

    [Fact]
    public async Task SendImage_KilledMidUpload_ResumesOnTheNextRunAndArrivesOnce()
    {
        using var users = await StartAsync(bulkSlotMs: 150);
        await users.IntroduceAsync("hello");
        await using var observer = new WireRecorder(users.Relay.Port);
        var alice = new CliUser(users.Alice.Home, () => observer.RelayUrl) { Passphrase = users.Alice.Passphrase, Environment = new Dictionary<string, string> { ["OFFLINE_BULK_SLOT_MS"] = "150" } };
        var photo = users.Folder.Sub("noise.png");
        await File.WriteAllBytesAsync(photo, NoisePng(900, 700)); // noise compresses badly: close to 300 KB, ~19 parts

        var sending = alice.Start("send-image", "bob", photo, "--caption", "interrupted");
        try
        {
            await WaitUntilAsync(() => BulkCellsUp(observer) >= 3, TimeSpan.FromSeconds(60), "the upload never started");
        }
        finally
        {
            sending.Dispose(); // killed outright mid-upload, like a crash
        }

        Assert.True(BulkCellsUp(observer) < 19, "the upload finished before the kill: the test proves nothing");

        var staged = await alice.RunOkAsync("history", "bob", "--json");
        var id = (string)staged.EventsOf("message").Single(m => (string?)m["text"] == "interrupted")["id"]!;
        Assert.Equal("uploading", (string?)staged.EventsOf("message").Single(m => (string?)m["id"] == id)["attachment"]!["state"]);
        Assert.Empty((await users.Bob.RunOkAsync("receive", "--json")).EventsOf("message"));

        var resumed = await alice.RunOkAsync("receive", "--json");
        Assert.Equal(id, (string?)resumed.EventsOf("outbox_sent").Single()["id"]);
        await alice.RunOkAsync("receive", "--json"); // nothing left to send twice

        var received = await users.Bob.ReceiveUntilAsync(r => r.EventsOf("attachment").Count == 1);
        Assert.Equal(id, (string?)received.EventsOf("message").Single()["id"]);
        Assert.Equal("ready", (string?)received.EventsOf("attachment").Single()["attachment"]!["state"]);
        Assert.Empty((await users.Bob.RunOkAsync("receive", "--json")).EventsOf("message"));
        await users.Bob.RunOkAsync("save", id[..8], users.Folder.Sub("bob.jpg"));
        await alice.RunOkAsync("save", id[..8], users.Folder.Sub("alice.jpg"));
        Assert.Equal(await File.ReadAllBytesAsync(users.Folder.Sub("alice.jpg")), await File.ReadAllBytesAsync(users.Folder.Sub("bob.jpg")));
        Assert.Single((await users.Bob.RunOkAsync("history", "alice", "--json")).EventsOf("message"), m => (string?)m["kind"] == "image");
    }

    [Fact]
    public async Task Receive_KilledMidDownload_MessageKeptAsDownloading_NextRunFetchesIt()
    {
        using var users = await StartAsync(bulkSlotMs: 150);
        await users.IntroduceAsync("hello");
        var photo = users.Folder.Sub("noise.png");
        await File.WriteAllBytesAsync(photo, NoisePng(900, 700));
        var id = (string)(await users.Alice.RunOkAsync("send-image", "bob", photo, "--caption", "cut off", "--json")).EventsOf("sent").Single()["id"]!;
        await using var observer = new WireRecorder(users.Relay.Port);
        var bob = new CliUser(users.Bob.Home, () => observer.RelayUrl) { Passphrase = users.Bob.Passphrase, Environment = new Dictionary<string, string> { ["OFFLINE_BULK_SLOT_MS"] = "150" } };

        var receiving = bob.Start("receive");
        try
        {
            await WaitUntilAsync(() => BulkCells(observer, WireDirection.Down) >= 3, TimeSpan.FromSeconds(60), "the download never started");
        }
        finally
        {
            receiving.Dispose(); // killed outright mid-download
        }

        Assert.True(BulkCells(observer, WireDirection.Down) < 19, "the download finished before the kill: the test proves nothing");
        var kept = (await bob.RunOkAsync("history", "alice", "--json")).EventsOf("message").Single(m => (string?)m["id"] == id);
        Assert.Equal(("cut off", "downloading"), ((string?)kept["text"], (string?)kept["attachment"]!["state"]));
        Assert.Equal(17, (await bob.RunAsync("save", id[..8], users.Folder.Sub("early.jpg"))).ExitCode);

        var resumed = await bob.RunOkAsync("receive", "--json");
        Assert.Empty(resumed.EventsOf("message")); // the message was stored before the fetch: not shown again, however the relay redelivers it
        Assert.Equal("ready", (string?)resumed.EventsOf("attachment").Single()["attachment"]!["state"]);
        await bob.RunOkAsync("save", id[..8], users.Folder.Sub("bob.jpg"));
        await users.Alice.RunOkAsync("save", id[..8], users.Folder.Sub("alice.jpg"));
        Assert.Equal(await File.ReadAllBytesAsync(users.Folder.Sub("alice.jpg")), await File.ReadAllBytesAsync(users.Folder.Sub("bob.jpg")));
        await AssertChunksGoneAsync(users, users.Alice, "bob", id);
    }

    [Theory]
    [InlineData("off")]
    [InlineData("strict")]
    [InlineData("light")]
    public async Task SmallPhoto_OnEveryLane_ArrivesWholeAndChunksGo(string profile)
    {
        using var users = await TwoUsers.StartAsync(durableRelay: false, environment: new Dictionary<string, string> { ["OFFLINE_TRAFFIC"] = profile, ["OFFLINE_BULK_SLOT_MS"] = "40" });
        await users.IntroduceAsync("hello on " + profile);
        var photo = users.Folder.Sub("small.jpg");
        using (var bitmap = TestPictures.Quadrants(200, 150))
        {
            await File.WriteAllBytesAsync(photo, TestPictures.CameraJpeg(bitmap, orientation: 6));
        }

        var sent = (await users.Alice.RunOkAsync("send-image", "bob", photo, "--caption", profile, "--json")).EventsOf("sent").Single();
        Assert.Equal((150, 200), ((int)sent["width"]!, (int)sent["height"]!)); // orientation 6: turned upright
        var id = (string)sent["id"]!;
        var received = await users.Bob.ReceiveUntilAsync(r => r.EventsOf("attachment").Count == 1);
        Assert.Equal("ready", (string?)received.EventsOf("attachment").Single()["attachment"]!["state"]);

        await users.Bob.RunOkAsync("save", id[..8], users.Folder.Sub("bob.jpg"));
        await users.Alice.RunOkAsync("save", id[..8], users.Folder.Sub("alice.jpg"));
        Assert.Equal(await File.ReadAllBytesAsync(users.Folder.Sub("alice.jpg")), await File.ReadAllBytesAsync(users.Folder.Sub("bob.jpg")));
        await AssertChunksGoneAsync(users, users.Alice, "bob", id);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ReceiveFollow_PhotoAndVoiceArrive_ShownThenFetched()
    {
        using var users = await StartAsync();
        await users.IntroduceAsync("hello");
        var photo = users.Folder.Sub("photo.jpg");
        await File.WriteAllBytesAsync(photo, CameraJpeg());
        var tone = users.Folder.Sub("tone.wav");
        await File.WriteAllBytesAsync(tone, WavWriter.Write(Tone(1.0)));
        using var follow = users.Bob.Start("receive", "--follow");
        var marker = "online? " + Guid.NewGuid().ToString("N")[..6];
        await users.Alice.RunOkAsync("send", "bob", marker);
        await follow.WaitForLineAsync(l => l.Contains(marker, StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        var image = (string)(await users.Alice.RunOkAsync("send-image", "bob", photo, "--caption", "live", "--json")).EventsOf("sent").Single()["id"]!;
        var voice = (string)(await users.Alice.RunOkAsync("send-voice", "bob", tone, "--effect", "robot", "--json")).EventsOf("sent").Single()["id"]!;

        await follow.WaitForLineAsync(l => l.Contains(image[..8], StringComparison.Ordinal) && l.Contains("(downloading)", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        await follow.WaitForLineAsync(l => l.Contains(image[..8], StringComparison.Ordinal) && l.Contains("received; 'offline save", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        await follow.WaitForLineAsync(l => l.Contains(voice[..8], StringComparison.Ordinal) && l.Contains("received; 'offline save", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        await users.Alice.RunOkAsync("send", "bob", "after the media");
        await follow.WaitForLineAsync(l => l.Contains("after the media", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        Assert.Equal(0, await follow.StopAsync());
        Assert.DoesNotContain("stderr:", follow.Output, StringComparison.Ordinal);

        await users.Bob.RunOkAsync("save", voice[..8], users.Folder.Sub("bob.ogg"));
        await users.Alice.RunOkAsync("save", voice[..8], users.Folder.Sub("alice.ogg"));
        Assert.Equal(await File.ReadAllBytesAsync(users.Folder.Sub("alice.ogg")), await File.ReadAllBytesAsync(users.Folder.Sub("bob.ogg")));
        await AssertChunksGoneAsync(users, users.Alice, "bob", image);
    }

    [Fact]
    public async Task BadFiles_ClearErrorsAndNothingStored()
    {
        using var users = await StartAsync();
        await users.IntroduceAsync("hello");
        var text = users.Folder.Sub("notes.txt");
        await File.WriteAllTextAsync(text, "not a picture at all");

        var notImage = await users.Alice.RunAsync("send-image", "bob", text);
        Assert.Equal(16, notImage.ExitCode);
        Assert.Contains("is not a picture", notImage.Stderr, StringComparison.Ordinal);
        var absent = await users.Alice.RunAsync("send-image", "bob", users.Folder.Sub("nowhere.jpg"));
        Assert.Equal(16, absent.ExitCode);
        Assert.Contains("No file", absent.Stderr, StringComparison.Ordinal);
        var notAudio = await users.Alice.RunAsync("send-voice", "bob", text);
        Assert.Equal(16, notAudio.ExitCode);
        Assert.Contains("is not a sound file", notAudio.Stderr, StringComparison.Ordinal);
        var silent = users.Folder.Sub("silence.wav");
        await File.WriteAllBytesAsync(silent, WavWriter.Write(new float[48_000]));
        Assert.Equal(16, (await users.Alice.RunAsync("send-voice", "bob", silent)).ExitCode);
        Assert.Equal(2, (await users.Alice.RunAsync("send-voice", "bob", silent, "--effect", "chipmunk")).ExitCode);
        Assert.Equal(5, (await users.Alice.RunAsync("send-image", "nobody", text)).ExitCode);
        Assert.Equal(17, (await users.Alice.RunAsync("save", (await FirstIdAsync(users.Alice)).Substring(0, 8), users.Folder.Sub("x"))).ExitCode); // a text message

        Assert.Single((await users.Alice.RunOkAsync("history", "bob", "--json")).EventsOf("message"));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task SendImageAndVoice_WhileFollowerRuns_HandedToItAndSentOnce()
    {
        using var users = await StartAsync();
        await users.IntroduceAsync("hello");
        var photo = users.Folder.Sub("photo.jpg");
        await File.WriteAllBytesAsync(photo, CameraJpeg());
        var tone = users.Folder.Sub("tone.wav");
        await File.WriteAllBytesAsync(tone, WavWriter.Write(Tone(1.0)));
        var text = users.Folder.Sub("notes.txt");
        await File.WriteAllTextAsync(text, "not a picture");
        using var follow = users.Alice.Start("receive", "--follow");
        var marker = "online? " + Guid.NewGuid().ToString("N")[..6];
        await users.Bob.RunOkAsync("send", "alice", marker);
        await follow.WaitForLineAsync(l => l.Contains(marker, StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        var human = await users.Alice.RunOkAsync("send-image", "bob", photo, "--caption", "handed over");
        Assert.Contains("(handed to the running client, which uploads and sends it on its connection)", human.Stdout, StringComparison.Ordinal);
        var voice = (await users.Alice.RunOkAsync("send-voice", "bob", tone, "--effect", "high", "--json")).EventsOf("queued").Single();
        Assert.Equal("voice", (string?)voice["kind"]);
        var refused = await users.Alice.RunAsync("send-image", "bob", text);
        Assert.Equal(16, refused.ExitCode);
        Assert.Contains("is not a picture", refused.Stderr, StringComparison.Ordinal);
        await follow.WaitForLineAsync(l => l.Contains("me → bob", StringComparison.Ordinal) && l.Contains("handed over", StringComparison.Ordinal) && l.Contains("send-image", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        var received = await users.Bob.ReceiveUntilAsync(r => r.EventsOf("attachment").Count == 2);
        Assert.All(received.EventsOf("attachment"), e => Assert.Equal("ready", (string?)e["attachment"]!["state"]));
        Assert.Equal(["handed over", string.Empty], received.EventsOf("message").Select(m => (string?)m["text"]));
        Assert.Equal(0, await follow.StopAsync());

        var id = (string)received.EventsOf("message")[0]["id"]!;
        await users.Bob.RunOkAsync("save", id[..8], users.Folder.Sub("bob.jpg"));
        await users.Alice.RunOkAsync("save", id[..8], users.Folder.Sub("alice.jpg"));
        Assert.Equal(await File.ReadAllBytesAsync(users.Folder.Sub("alice.jpg")), await File.ReadAllBytesAsync(users.Folder.Sub("bob.jpg")));
        Assert.Empty((await users.Bob.RunOkAsync("receive", "--json")).EventsOf("message"));
    }

    /// <summary>Two users on a fresh relay, the bulk connection on a fast slot (the default profile's shape, faster).</summary>
    private static Task<TwoUsers> StartAsync(int bulkSlotMs = 40) =>
        TwoUsers.StartAsync(durableRelay: false, environment: new Dictionary<string, string> { ["OFFLINE_BULK_SLOT_MS"] = bulkSlotMs.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    private static async Task<string> FirstIdAsync(CliUser user) =>
        (string)(await user.RunOkAsync("history", "bob", "--json")).EventsOf("message")[0]["id"]!;

    /// <summary>The pointer of a message, read from the user's encrypted home between commands (the test knows the passphrase).</summary>
    private static AttachmentPointer PointerOf(CliUser user, string contactName, string messageId)
    {
        using var home = ClientHome.Open(user.Home, user.Passphrase, TimeProvider.System);
        var contact = home.Messenger.Contacts.FindByName(contactName)!;
        var reference = home.Messenger.Chat(contact).Find(messageId)!.Attachment!.Reference!;
        Assert.Equal(AttachmentError.None, AttachmentPointer.TryParse(reference, out var pointer));
        return pointer!;
    }

    /// <summary>Every chunk of the item is gone from the relay (GetChunk: ChunkNotFound), asked by a raw client that knows the addresses.</summary>
    private static async Task AssertChunksGoneAsync(TwoUsers users, CliUser sender, string contactName, string messageId)
    {
        var pointer = PointerOf(sender, contactName, messageId);
        await using var relay = await RelayClient.ConnectAsync(users.Relay.Url, TimeSpan.FromSeconds(15), CancellationToken.None);
        for (var i = 0; i < pointer.ChunkCount; i++)
        {
            Assert.Null(await relay.GetChunkAsync(pointer.ChunkAddress(i), CancellationToken.None));
        }
    }

    /// <summary>Parsed, not grepped: before the scan only tables and frame headers; no APPn segment (not even JFIF), no comment.</summary>
    private static void AssertOnlyPixels(byte[] jpeg)
    {
        var kinds = TestPictures.JpegSegmentsBeforeScan(jpeg).Select(s => s.Kind).ToList();
        Assert.DoesNotContain(kinds, k => k is >= 0xE0 and <= 0xEF or 0xFE);
    }

    /// <summary>A 640 × 480 JPEG as a phone writes it: EXIF with orientation and GPS, XMP, ICC and a comment (checked to be there).</summary>
    private static byte[] CameraJpeg()
    {
        using var bitmap = TestPictures.Quadrants(640, 480);
        var jpeg = TestPictures.CameraJpeg(bitmap, orientation: 1);
        var exif = TestPictures.JpegSegmentsBeforeScan(jpeg).Single(s => s.Kind == 0xE1 && s.Body.AsSpan().StartsWith("Exif\0\0"u8));
        Assert.True(exif.Body.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(TestPictures.GpsMarker)) > 0);
        return jpeg;
    }

    private static byte[] NoisePng(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        var pixels = RandomNumberGenerator.GetBytes(width * height * 4);
        for (var i = 3; i < pixels.Length; i += 4)
        {
            pixels[i] = 255;
        }

        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        return TestPictures.Encode(bitmap, SKEncodedImageFormat.Png);
    }

    /// <summary>A voiced tone: 220 Hz and two harmonics, at 48 kHz.</summary>
    private static float[] Tone(double seconds)
    {
        var samples = new float[(int)(48_000 * seconds)];
        for (var i = 0; i < samples.Length; i++)
        {
            var t = i / 48_000.0;
            samples[i] = (float)((0.4 * Math.Sin(2 * Math.PI * 220 * t)) + (0.2 * Math.Sin(2 * Math.PI * 440 * t)) + (0.1 * Math.Sin(2 * Math.PI * 660 * t)));
        }

        return samples;
    }

    /// <summary>16 KiB cells sent up: the bulk connection's PutChunks (and the padding after them).</summary>
    private static int BulkCellsUp(WireRecorder observer) => BulkCells(observer, WireDirection.Up);

    /// <summary>16 KiB cells one way: a bulk connection's (main connections' cells are 1 KiB).</summary>
    private static int BulkCells(WireRecorder observer, WireDirection direction) =>
        observer.Connections.Sum(c => c.DataFrames.Count(f => f.Direction == direction && f.PayloadLength >= 16_384));

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < timeout, what);
            await Task.Delay(20);
        }
    }
}
