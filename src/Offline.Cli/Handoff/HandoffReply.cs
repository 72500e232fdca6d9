using System.Text.Json;
using System.Text.Json.Nodes;
using Offline.Cli.Errors;
using Offline.Client.Contacts;
using Offline.Client.Messaging;
using Offline.Client.Outbox;

namespace Offline.Cli.Handoff;

/// <summary>
/// The running client's answer: a refusal (exit code and message, as the command would have failed
/// on its own), or the figures of the send, so the sender prints exactly what a normal send prints.
/// A text carries its envelope's shape (<see cref="Address"/>, <see cref="CiphertextLength"/>, …);
/// a reaction or a delete carries the sentence and --json object of <c>Outgoing.ReportSignal</c>.
/// </summary>
internal sealed record HandoffReply
{
    /// <summary>0 when the request was carried out (sent, or queued in the running client's outbox).</summary>
    public int ExitCode { get; init; }

    public string? Error { get; init; }

    public string? Contact { get; init; }

    public bool KeyChanged { get; init; }

    public string? MessageId { get; init; }

    /// <summary>Destination queue, hex (the first 8 characters are printed).</summary>
    public string? Address { get; init; }

    public int CiphertextLength { get; init; }

    public bool FirstContact { get; init; }

    public uint RatchetIndex { get; init; }

    /// <summary>The flush reported on this message (it was tried on the connection), sent or not.</summary>
    public bool Attempted { get; init; }

    public bool Sent { get; init; }

    public int StampBits { get; init; }

    public double StampMilliseconds { get; init; }

    public int JitterMs { get; init; }

    public string? Problem { get; init; }

    /// <summary>Items waiting in the running client's outbox afterwards.</summary>
    public int Outbox { get; init; }

    /// <summary>A reaction's or a delete's sentence; null for a text.</summary>
    public string? Signal { get; init; }

    /// <summary>Done on the device only (a delete for me): nothing to send, the sentence is the whole report.</summary>
    public bool LocalOnly { get; init; }

    /// <summary>A photo or voice note staged in the running client's outbox: it uploads and sends it on its own connection, in its own time.</summary>
    public bool Staged { get; init; }

    public JsonObject? Data { get; init; }

    public static HandoffReply Refused(ExitCode code, string message) => new() { ExitCode = (int)code, Error = message };

    public static HandoffReply ForText(Contact contact, OutboundEnvelope envelope, SendOutcome? outcome, string? problem, int outbox) => new()
    {
        Contact = contact.Name,
        KeyChanged = contact.KeyChanged,
        MessageId = envelope.ContentId,
        Address = Convert.ToHexStringLower(envelope.Address),
        CiphertextLength = envelope.Ciphertext.Length,
        FirstContact = envelope.NeedsStamp,
        RatchetIndex = envelope.RatchetIndex,
        Attempted = outcome is not null,
        Sent = outcome is { Sent: true },
        StampBits = outcome?.StampBits ?? 0,
        StampMilliseconds = outcome?.StampTime.TotalMilliseconds ?? 0,
        JitterMs = outcome?.JitterMs ?? 0,
        Problem = problem,
        Outbox = outbox,
    };

    public static HandoffReply ForSignal(string what, SendOutcome? outcome, string? problem, JsonObject data) => new()
    {
        Signal = what,
        Attempted = outcome is not null,
        Sent = outcome is { Sent: true },
        Problem = problem,
        Data = data,
    };

    public static HandoffReply ForLocal(string what, JsonObject data) => new() { Signal = what, LocalOnly = true, Data = data };

    public static HandoffReply ForStaged(string what, JsonObject data) => new() { Signal = what, Staged = true, Data = data };

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, HandoffWire.Json);

    /// <summary>The reply, or null when the bytes are not one.</summary>
    public static HandoffReply? TryParse(byte[] bytes)
    {
        try
        {
            return JsonSerializer.Deserialize<HandoffReply>(bytes, HandoffWire.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The envelope's shape as the printer needs it (the ciphertext itself stayed with the running client).</summary>
    public OutboundEnvelope Envelope() =>
        new(Convert.FromHexString(Address ?? string.Empty), new byte[CiphertextLength], FirstContact, RatchetIndex, MessageId ?? string.Empty);

    /// <summary>The flush's figures for this message, or null when it was not tried (the running client is offline).</summary>
    public SendOutcome? Outcome(OutboundEnvelope envelope)
    {
        if (!Attempted)
        {
            return null;
        }

        var entry = new OutboxEntry
        {
            Id = string.Empty,
            Address = Address ?? string.Empty,
            Ciphertext = string.Empty,
            NeedsStamp = FirstContact,
            ContactId = string.Empty,
            Kind = Signal is null ? "text" : "signal",
            MessageId = envelope.ContentId,
        };
        return new SendOutcome(entry, Sent, envelope.FrameSize, JitterMs, StampBits, TimeSpan.FromMilliseconds(StampMilliseconds), null);
    }
}
