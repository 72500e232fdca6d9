using System.Text.Json.Nodes;
using Offline.Cli.CommandLine;
using Offline.Cli.Output;
using Offline.Client.Contacts;
using Offline.Client.Home;
using Offline.Client.Messaging;
using Offline.Client.Outbox;
using Offline.Client.Sync;
using Offline.Client.Traffic;
using Offline.Protocol.Wire;

namespace Offline.Cli.Commands;

/// <summary>
/// Everything that leaves the device goes this way: (1) into the encrypted outbox, (2) connect (or use
/// the open connection) and flush the outbox, oldest first, (3) tell the user what happened to this one.
/// </summary>
internal static class Outgoing
{
    /// <summary>The envelope is already in the outbox (the messenger put it there when it sealed it).</summary>
    public static async Task<(SendOutcome? Outcome, string? Problem)> DeliverAsync(CliContext context, ClientHome home, OutboundEnvelope envelope, RelaySession? open = null, SemaphoreSlim? heldGate = null)
    {
        var (session, problem) = open is null ? await context.TryConnectAsync(home) : (open, null);
        if (session is null)
        {
            return (null, problem);
        }

        try
        {
            var outcomes = await session.FlushAsync(context.Cancellation, heldGate);
            var outcome = outcomes.FirstOrDefault(o => o.Entry.MessageId == envelope.ContentId);
            return (outcome, outcome?.Error?.Message ?? (outcome is null ? "an earlier message is still waiting" : null));
        }
        finally
        {
            if (open is null)
            {
                await session.DisposeAsync();
            }
        }
    }

    /// <summary>The product page's account of one send, with the real figures.</summary>
    public static void ReportText(CliContext context, Contact contact, OutboundEnvelope envelope, string messageId, SendOutcome? outcome, string? problem, int waiting, TrafficProfile? traffic = null)
    {
        var printer = context.Printer;
        var sent = outcome is { Sent: true };
        printer.Emit(new JsonObject
        {
            ["event"] = sent ? "sent" : "queued",
            ["to"] = contact.Name,
            ["id"] = messageId,
            ["short_id"] = Describe.ShortId(messageId),
            ["bucket"] = envelope.FrameSize,
            ["ratchet_index"] = envelope.RatchetIndex,
            ["first_contact"] = envelope.NeedsStamp,
            ["stamp_bits"] = outcome?.StampBits,
            ["jitter_ms"] = outcome?.JitterMs,
            ["relay"] = context.Relay,
            ["outbox"] = waiting,
            ["problem"] = sent ? null : problem,
        });

        printer.Say(envelope.RatchetIndex == 0
            ? "ratchet step → fresh message key (new sending chain: fresh DH ratchet key)"
            : $"ratchet step → fresh message key (#{envelope.RatchetIndex} in this chain)");
        printer.Say($"padded to {Describe.Bucket(envelope.FrameSize)} bucket");
        printer.Say("encrypted with AES-256-GCM · sealed sender envelope");
        if (traffic is { Paced: true })
        {
            // On a paced connection the frame is split into the schedule's cells: the wire shows cells, not this bucket.
            var streamBytes = CellWire.StreamFrameHeaderSize + SendRequest.Overhead + envelope.Ciphertext.Length;
            var cells = (streamBytes + CellWire.Capacity(traffic.CellSize) - 1) / CellWire.Capacity(traffic.CellSize);
            printer.Say($"on the wire: {cells} of the '{traffic.Name}' schedule's {Describe.Bucket(traffic.CellSize)} cells, in slots that carry cover when you are silent");
        }
        if (!sent)
        {
            printer.Say(printer.Dim($"relay not reached: {problem}"));
            printer.Say($"stored in the encrypted outbox ({waiting} waiting): it will be sent when the relay is reachable");
            printer.Say("(any 'offline send', 'receive' or 'chat' retries).");
            return;
        }

        if (envelope.NeedsStamp)
        {
            printer.Say($"first contact: proof-of-work stamp, {outcome!.StampBits} bits in {outcome.StampTime.TotalMilliseconds:0} ms");
        }

        printer.Say($"jitter delay: {outcome!.JitterMs} ms");
        printer.Say($"relayed via {context.Relay}");
        printer.Say(printer.Dim($"  ↳ server sees: \"→ queue {Convert.ToHexStringLower(envelope.Address)[..8]}… · opaque {Describe.Bucket(envelope.FrameSize)} blob\""));
        printer.Say(printer.Dim("  ↳ server does not see: who sent it, its contents, its length"));
        printer.Say($"# message {Describe.ShortId(messageId)} handed to the relay. message key destroyed.");
    }

    /// <summary>One line for signals (reactions, deletes): sent, or waiting in the outbox.</summary>
    public static void ReportSignal(CliContext context, string what, SendOutcome? outcome, string? problem, JsonObject data)
    {
        var sent = outcome is { Sent: true };
        data["sent"] = sent;
        if (!sent)
        {
            data["problem"] = problem;
        }

        context.Printer.Report(sent ? $"{what}; sent." : $"{what}; waiting in the encrypted outbox until the relay is reachable ({problem}).", data);
    }
}
