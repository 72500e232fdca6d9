using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Offline.Client.Transport;
using Offline.Protocol.Wire;

namespace Offline.Client.Outbox;

/// <summary>
/// Sends what waits in the outbox, oldest first: (1) wait a random jitter delay (on a classic connection;
/// a paced one jitters every cell), (2) mint a stamp for a
/// first contact, (3) send, (4) remove the entry only after the relay's Ok. A refused entry stays (the
/// recipient's queue may not exist yet); a lost connection stops the flush and everything left stays.
/// </summary>
public sealed partial class OutboxSender
{
    private readonly OutboxStore outbox;
    private readonly int stampBits;
    private readonly TimeProvider clock;
    private readonly HashSet<string> inFlight = [];

    public OutboxSender(OutboxStore outbox, int stampBits, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stampBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(stampBits, ClientLimits.MaxStampBits);
        this.outbox = outbox;
        this.stampBits = stampBits;
        this.clock = clock;
    }

    /// <param name="heldGate">
    /// The home's gate when the caller holds it (a live client). On a paced connection the answers take
    /// slots to come back, so the gate is released while they are awaited — typing, deliveries and other
    /// sends go on meanwhile — and taken again before the outbox is touched and before returning.
    /// </param>
    public async Task<IReadOnlyList<SendOutcome>> FlushAsync(RelayClient relay, CancellationToken cancellationToken, SemaphoreSlim? heldGate = null)
    {
        ArgumentNullException.ThrowIfNull(relay);
        if (relay.Profile.Paced)
        {
            return await FlushPacedAsync(relay, heldGate, cancellationToken);
        }

        var outcomes = new List<SendOutcome>();
        foreach (var entry in outbox.Pending())
        {
            var outcome = await SendOneAsync(relay, entry, cancellationToken);
            outcomes.Add(outcome);
            if (outcome.Sent)
            {
                outbox.Remove(entry.Id);
            }
            else if (outcome.Error!.IsTransient)
            {
                break;
            }
        }

        return outcomes;
    }

    /// <summary>
    /// Every Send is queued into the stream at once (in order, before the first answer), then the answers
    /// are taken in order: a burst costs the cells it fills, not a round trip per message. Entries already
    /// in flight from an earlier flush (its answers still coming) are not sent twice.
    /// </summary>
    private async Task<IReadOnlyList<SendOutcome>> FlushPacedAsync(RelayClient relay, SemaphoreSlim? heldGate, CancellationToken cancellationToken)
    {
        var claimed = outbox.Pending().Where(Claim).ToList();
        var answered = new List<SendOutcome>();
        try
        {
            var sending = claimed.Select(entry => SendOneAsync(relay, entry, cancellationToken)).ToList();
            heldGate?.Release();
            try
            {
                foreach (var answer in sending)
                {
                    answered.Add(await answer);
                }
            }
            finally
            {
                if (heldGate is not null)
                {
                    await heldGate.WaitAsync(CancellationToken.None);
                }
            }

            foreach (var outcome in answered.Where(o => o.Sent))
            {
                outbox.Remove(outcome.Entry.Id);
            }

            return answered;
        }
        finally
        {
            lock (inFlight)
            {
                inFlight.ExceptWith(claimed.Select(e => e.Id));
            }
        }
    }

    private bool Claim(OutboxEntry entry)
    {
        lock (inFlight)
        {
            return inFlight.Add(entry.Id);
        }
    }

    private async Task<SendOutcome> SendOneAsync(RelayClient relay, OutboxEntry entry, CancellationToken cancellationToken)
    {
        var address = entry.AddressBytes();
        var ciphertext = entry.CiphertextBytes();
        var frameSize = RelayFrameCodec.FrameSizeFor(SendRequest.Overhead + ciphertext.Length);

        // Anti-timing: a random delay before each real send, so send time does not mirror typing time.
        // On a paced connection the slot's jitter is that delay (docs/TRAFFIC.md, rule 2): no second one.
        var paced = relay.Profile.Paced;
        var jitter = 0;
        if (!paced)
        {
            jitter = RandomNumberGenerator.GetInt32(ClientLimits.JitterMinMs, ClientLimits.JitterMaxMs + 1);
            await Task.Delay(TimeSpan.FromMilliseconds(jitter), clock, cancellationToken);
        }

        var bits = entry.NeedsStamp ? stampBits : 0;
        for (var attempt = 0; ; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            var nonce = entry.NeedsStamp ? ProofOfWorkStamp.Mint(address, ciphertext, bits) : 0UL;
            var stampTime = Stopwatch.GetElapsedTime(started);
            try
            {
                var slotJitter = await relay.SendInScheduleAsync(address, ciphertext, nonce, cancellationToken);
                return new SendOutcome(entry, true, frameSize, slotJitter ?? jitter, bits, stampTime, null);
            }
            catch (RelayException e) when (attempt == 0 && e.Code == RelayErrorCode.StampInvalid && RequiredBits(e.Message) is { } required && required > bits && required <= ClientLimits.MaxStampBits)
            {
                // The relay asks more work than we assumed: it says how much; mint once more.
                bits = required;
            }
            catch (RelayException e)
            {
                return new SendOutcome(entry, false, frameSize, jitter, bits, stampTime, e);
            }
        }
    }

    private static int? RequiredBits(string message) =>
        BitsPattern().Match(message) is { Success: true } match ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"stamp of (\d{1,2}) bits")]
    private static partial Regex BitsPattern();
}
