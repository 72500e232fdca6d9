using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Offline.Protocol;
using Offline.Protocol.Attachments;
using Offline.Protocol.Content;
using Offline.Web.Tests.Browser;

namespace Offline.Web.Tests.Protocol;

/// <summary>
/// The web app's Attachment module against hostile chunks and pointers (the C# reasons, in camelCase), and
/// against the C# library: items each side encrypts under its own fresh random key decrypt on the other.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AttachmentTests(BrowserFixture browser)
{
    [Fact]
    public Task Attachment_TamperedTruncatedSwappedOrMalformed_RejectedWithCSharpReasons() => Expect("Attachments/tampering.js", null, new JsonObject
    {
        ["untouched"] = "none",
        ["flipped"] = "digestMismatch",
        ["flipped_matching_digest"] = "tampered",
        ["flipped_tag"] = "digestMismatch",
        ["swapped"] = "digestMismatch",
        ["swapped_matching_digest"] = "tampered",
        ["foreign_matching_digest"] = "tampered",
        ["dropped_last"] = "missingChunk",
        ["null_chunk"] = "missingChunk",
        ["truncated"] = "wrongChunkSize",
        ["extra"] = "malformed",
        ["wrong_key"] = "tampered",
        ["wrong_length"] = "wrongLength",
        ["cut_short"] = "tampered",
        ["bad_padding"] = "badPadding",
        ["hand_sealed_good_padding"] = "none",
        ["pointer_version"] = "malformed",
        ["pointer_short"] = "malformed",
        ["pointer_long"] = "malformed",
        ["pointer_length_zero"] = "malformed",
        ["pointer_length_over_max"] = "malformed",
        ["pointer_length_max_chunks"] = AttachmentLimits.MaxChunks,
        ["pointer_unknown_type"] = 200,
        ["encrypt_empty"] = "malformed",
        ["encrypt_too_large"] = "tooLarge",
        ["fresh_key"] = true,
        ["distinct_addresses"] = 3,
        ["bad_pointer_caption"] = "still here",
        ["bad_pointer_attachment"] = "malformed",
        ["text_attachment"] = "malformed",
    });

    [Fact]
    public async Task CSharpEncrypts_BrowserDecrypts_AndTheReverse()
    {
        var page = await browser.OpenAppAsync();
        try
        {
            var item = RandomNumberGenerator.GetBytes((2 * AttachmentLimits.ChunkPlaintextSize) + 4321);
            Assert.Equal(AttachmentError.None, AttachmentEncryptor.TryEncrypt(item, MediaType.OggOpus, out var encrypted));
            byte[] waveform = [1, 2, 250];
            var voiceNote = ContentMessage.VoiceNote(new byte[16], 9, encrypted!.Pointer, 3_000, waveform);
            var decrypted = await PageScript.RunAsync(page, "Attachments/decrypt.js", new JsonObject
            {
                ["pointer"] = Convert.ToHexStringLower(encrypted.Pointer.Encode()),
                ["chunks"] = new JsonArray([.. encrypted.Chunks.Select(c => (JsonNode)Convert.ToHexStringLower(c))]),
                ["voice_note"] = Convert.ToHexStringLower(voiceNote.Encode()),
            });
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(item)), (string)decrypted["item_sha256"]!);
            Assert.Equal(encrypted.Addresses.Select(Convert.ToHexStringLower), decrypted["addresses"]!.AsArray().Select(a => (string)a!));
            Assert.Equal(Convert.ToHexStringLower(encrypted.Pointer.Encode()), (string)decrypted["voice_note_pointer"]!);
            Assert.Equal(3_000, (int)decrypted["voice_note_duration_ms"]!);
            Assert.Equal(Convert.ToHexStringLower(waveform), (string)decrypted["voice_note_waveform"]!);

            var fromBrowser = await PageScript.RunAsync(page, "Attachments/encrypt.js", new JsonObject { ["length"] = 50_000 });
            Assert.Equal(AttachmentError.None, AttachmentPointer.TryParse(Hex(fromBrowser["pointer"]), out var pointer));
            Assert.Equal(MediaType.WebmOpus, pointer!.MediaType);
            var chunks = fromBrowser["chunks"]!.AsArray().Select(c => (byte[]?)Hex(c)).ToArray();
            Assert.Equal(AttachmentError.None, AttachmentDecryptor.TryDecrypt(pointer, chunks, out var browserItem));
            Assert.Equal(Hex(fromBrowser["item"]), browserItem);
            var addresses = fromBrowser["addresses"]!.AsArray().Select(Hex).ToArray();
            Assert.All(Enumerable.Range(0, pointer.ChunkCount), i => Assert.Equal(pointer.ChunkAddress(i), addresses[i]));
            Assert.NotEqual(encrypted.Pointer.Key, pointer.Key);

            Assert.Equal(ProtocolError.None, ContentMessage.TryParse(Hex(fromBrowser["image"]), out var image));
            Assert.Equal(ContentKind.Image, image!.Kind);
            Assert.Equal("from the browser", image.Body);
            Assert.Equal((640, 480), image.Dimensions);
            Assert.Equal(AttachmentError.None, image.TryGetAttachment(out var imagePointer));
            Assert.Equal(pointer.Encode(), imagePointer!.Encode());
        }
        finally
        {
            await page.CloseAsync();
        }

        Assert.Empty(browser.ForeignRequests);
    }

    private static byte[] Hex(JsonNode? node) => Convert.FromHexString((string)node!);

    private async Task Expect(string script, JsonNode? inputs, JsonObject expected)
    {
        var page = await browser.OpenAppAsync();
        try
        {
            var actual = await PageScript.RunAsync(page, script, inputs);
            Assert.True(JsonNode.DeepEquals(expected, actual), $"{script}: expected\n{expected.ToJsonString()}\nbut the browser gave\n{actual.ToJsonString()}");
        }
        finally
        {
            await page.CloseAsync();
        }

        Assert.Empty(browser.ForeignRequests);
    }
}
