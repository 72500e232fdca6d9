using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;
using Offline.Protocol.Primitives;

namespace Offline.Cli.Handoff;

/// <summary>
/// The handoff socket's bytes and limits (docs/CLI.md, "Sending while a client is online"). One
/// exchange per connection:
/// (1) the running client sends version 0x01 || nonce (32, fresh from the CSPRNG);
/// (2) the sender sends length (uint32) || request (UTF-8 JSON) || HMAC(handoff key, 0x01 || nonce || request);
/// (3) the running client checks the MAC in constant time, acts, and answers
///     length (uint32) || reply (UTF-8 JSON) || HMAC(handoff key, 0x02 || nonce || reply).
/// The handoff key is HKDF(data key, "Offline/Handoff/v1"), so only someone who can unwrap the vault
/// with the passphrase can ask, and the sender knows the answer came from the home's own process.
/// </summary>
internal static class HandoffWire
{
    /// <summary>The socket's file name in the home directory.</summary>
    public const string SocketName = "live.sock";

    public const byte Version = 1;

    public const int NonceSize = 32;

    /// <summary>
    /// Room for the longest text a message can carry (its frame is at most 64 KiB) with its JSON
    /// escaping; and all a stranger can make the running client buffer.
    /// </summary>
    public const int MaxBodyBytes = 128 * 1024;

    /// <summary>Requests handled at once; more connections are closed at once (nothing legitimate needs more).</summary>
    public const int MaxConcurrentExchanges = 4;

    /// <summary>How long the running client waits for a request: longer than the sender's Argon2id unlock on a slow machine.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long the sender waits for the answer: the gate may be busy with a delivery, and the flush keeps the schedule.</summary>
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(120);

    /// <summary>A listening socket answers at once; no answer means there is nobody to hand over to.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    private const byte RequestLabel = 1;
    private const byte ReplyLabel = 2;

    /// <summary>Request and reply JSON: snake_case, and UTF-8 text kept as it is (not \u-escaped, which could triple its size).</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string SocketPath(string home) => Path.Combine(home, SocketName);

    /// <summary>What the request MAC covers: 0x01 || nonce || request.</summary>
    public static byte[] RequestTranscript(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> request) => Transcript(RequestLabel, nonce, request);

    /// <summary>What the reply MAC covers: 0x02 || nonce || reply.</summary>
    public static byte[] ReplyTranscript(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> reply) => Transcript(ReplyLabel, nonce, reply);

    /// <summary>Writes length || body || mac.</summary>
    public static async Task WriteBodyAsync(Stream stream, byte[] body, byte[] mac, CancellationToken cancellationToken)
    {
        var frame = new byte[4 + body.Length + mac.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)body.Length);
        body.CopyTo(frame, 4);
        mac.CopyTo(frame, 4 + body.Length);
        await stream.WriteAsync(frame, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>Reads length || body || mac; null when the length is over <see cref="MaxBodyBytes"/> (nothing more is read).</summary>
    public static async Task<(byte[] Body, byte[] Mac)?> ReadBodyAsync(Stream stream, CancellationToken cancellationToken)
    {
        var length = new byte[4];
        await stream.ReadExactlyAsync(length, cancellationToken);
        var size = BinaryPrimitives.ReadUInt32BigEndian(length);
        if (size > MaxBodyBytes)
        {
            return null;
        }

        var body = new byte[size];
        var mac = new byte[HmacSha256.Size];
        await stream.ReadExactlyAsync(body, cancellationToken);
        await stream.ReadExactlyAsync(mac, cancellationToken);
        return (body, mac);
    }

    private static byte[] Transcript(byte label, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> body)
    {
        var transcript = new byte[1 + nonce.Length + body.Length];
        transcript[0] = label;
        nonce.CopyTo(transcript.AsSpan(1));
        body.CopyTo(transcript.AsSpan(1 + nonce.Length));
        return transcript;
    }
}
