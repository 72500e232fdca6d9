using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Offline.Protocol.Attachments;
using Offline.Protocol.Content;
using Offline.Protocol.Primitives;
using static Offline.Protocol.Tests.Vectors.VectorFile;

namespace Offline.Protocol.Tests.Vectors;

/// <summary>
/// attachment.json (docs/PROTOCOL.md Part 3): items encrypted under a K drawn from a named
/// <see cref="DeterministicRandom"/> stream. Chunks are 16 KiB, so the file keeps the SHA-256 of each
/// and the one chunk of the smallest item in full.
/// </summary>
public class AttachmentKnownAnswerTests
{
    [Fact]
    public void Attachment_MatchesVector() => Check(
        "attachment.json",
        "Attachments: K = the first 32 bytes of the named stream; an item given in hex or as the first item_length bytes of its stream; chunks (SHA-256 each, the first case's chunk in full), addresses, digest, pointer, and Image / VoiceNote content messages carrying the first case's pointer.",
        () => new JsonObject
        {
            ["cases"] = new JsonArray(
                Case("small", "offline-vector-attachment-small", MediaType.Jpeg, item: Hex([.. Enumerable.Range(0, 100).Select(i => (byte)i)])),
                Case("one_full_chunk", "offline-vector-attachment-full", MediaType.Png, length: AttachmentLimits.ChunkPlaintextSize - 1),
                Case("two_chunks", "offline-vector-attachment-two", MediaType.OggOpus, length: AttachmentLimits.ChunkPlaintextSize),
                Case("three_chunks", "offline-vector-attachment-three", MediaType.WebmOpus, length: 40_000)),
            ["message_id"] = Hex([.. Enumerable.Range(0, 16).Select(i => (byte)i)]),
            ["reply_to"] = Hex([.. Enumerable.Range(16, 16).Select(i => (byte)i)]),
            ["sent_at_ms"] = 1_780_000_000_000,
            ["caption_utf8"] = "the harbour at dawn ☀",
            ["width"] = 1600,
            ["height"] = 1200,
            ["duration_ms"] = 4_250,
            ["waveform"] = Hex([0, 17, 80, 255, 128, 3]),
        },
        inputs =>
        {
            var cases = new JsonArray();
            AttachmentPointer? first = null;
            foreach (var c in inputs["cases"]!.AsArray())
            {
                var (result, pointer) = Compute(c!.AsObject(), full: cases.Count == 0);
                first ??= pointer;
                cases.Add(result);
            }

            var id = Bytes(inputs["message_id"]);
            var reply = Bytes(inputs["reply_to"]);
            var at = (ulong)(long)inputs["sent_at_ms"]!;
            return new JsonObject
            {
                ["cases"] = cases,
                ["image"] = Hex(ContentMessage.Image(id, at, first!, (string)inputs["caption_utf8"]!, (int)inputs["width"]!, (int)inputs["height"]!, reply).Encode()),
                ["image_bare"] = Hex(ContentMessage.Image(id, at, first!).Encode()),
                ["voice_note"] = Hex(ContentMessage.VoiceNote(id, at, first!, (uint)(int)inputs["duration_ms"]!, Bytes(inputs["waveform"]), reply).Encode()),
                ["voice_note_bare"] = Hex(ContentMessage.VoiceNote(id, at, first!, (uint)(int)inputs["duration_ms"]!).Encode()),
            };
        });

    private static JsonObject Case(string name, string keySeed, MediaType type, string? item = null, int length = 0)
    {
        var c = new JsonObject { ["name"] = name, ["key_random_seed_utf8"] = keySeed, ["media_type"] = (int)type };
        if (item is not null)
        {
            c["item"] = item;
        }
        else
        {
            c["item_random_seed_utf8"] = $"{keySeed}-item";
            c["item_length"] = length;
        }

        return c;
    }

    private static (JsonObject Result, AttachmentPointer Pointer) Compute(JsonObject c, bool full)
    {
        var key = new byte[AttachmentPointer.KeySize];
        DeterministicRandom.FromLabel((string)c["key_random_seed_utf8"]!).Fill(key);
        byte[] item;
        if (c["item"] is { } hex)
        {
            item = Bytes(hex);
        }
        else
        {
            item = new byte[(int)c["item_length"]!];
            DeterministicRandom.FromLabel((string)c["item_random_seed_utf8"]!).Fill(item);
        }

        Assert.Equal(AttachmentError.None, AttachmentEncryptor.TryEncrypt(item, (MediaType)(int)c["media_type"]!, key, out var encrypted));
        var pointer = encrypted!.Pointer;
        Assert.Equal(AttachmentError.None, AttachmentDecryptor.TryDecrypt(pointer, [.. encrypted.Chunks], out var decrypted));
        Assert.Equal(item, decrypted);

        var result = new JsonObject
        {
            ["name"] = (string)c["name"]!,
            ["key"] = Hex(key),
            ["item_sha256"] = Hex(SHA256.HashData(item)),
            ["chunk_count"] = pointer.ChunkCount,
            ["pointer"] = Hex(pointer.Encode()),
            ["digest"] = Hex(pointer.Digest),
            ["addresses"] = new JsonArray([.. encrypted.Addresses.Select(a => (JsonNode)Hex(a))]),
            ["chunk_sha256"] = new JsonArray([.. encrypted.Chunks.Select(ch => (JsonNode)Hex(SHA256.HashData(ch)))]),
        };
        if (full)
        {
            result["chunks"] = new JsonArray([.. encrypted.Chunks.Select(ch => (JsonNode)Hex(ch))]);
        }

        return (result, pointer);
    }
}
