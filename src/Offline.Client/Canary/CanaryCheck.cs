using Offline.Client.Transport;
using Offline.Protocol.Statements;

namespace Offline.Client.Canary;

/// <summary>
/// Fetches a relay's warrant canary over an open connection (an ordinary request, so it works on classic
/// and paced connections and through Tor, and tells the relay nothing it does not already see) and
/// judges it. Steps: (1) fetch; (2) parse and verify under the key it names; (3) compare that key with
/// the pin for this relay, pinning it on first sight; (4) judge freshness on today's UTC date.
/// </summary>
public static class CanaryCheck
{
    /// <param name="pins">The home's pins, or null without a home (then nothing is pinned).</param>
    /// <param name="trustNewKey">Replace a differing pin with the canary's key (the user checked it out of band).</param>
    public static async Task<CanaryResult> RunAsync(RelayClient relay, string relayAddress, CanaryPins? pins, DateOnly today, bool trustNewKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relay);

        // 1. Fetch. A relay that predates the op closes the connection on it (unknown frame op).
        byte[]? bytes;
        try
        {
            bytes = await relay.FetchCanaryAsync(cancellationToken);
        }
        catch (RelayException e) when (e.Failure == RelayFailure.ConnectionLost && e.InnerException is null && e.Message.StartsWith("The relay closed the connection", StringComparison.Ordinal))
        {
            return new CanaryResult(CanaryStatus.RelayTooOld, null, CanaryPinState.NotPinned, null);
        }

        return Judge(bytes, relayAddress, pins, today, trustNewKey);
    }

    /// <summary>Steps 2–4 on the bytes the relay served (null: it has none).</summary>
    public static CanaryResult Judge(byte[]? bytes, string relayAddress, CanaryPins? pins, DateOnly today, bool trustNewKey)
    {
        if (bytes is null)
        {
            return new CanaryResult(CanaryStatus.Missing, null, CanaryPinState.NotPinned, null);
        }

        // 2. Parse and verify.
        var error = WarrantCanary.TryParse(bytes, out var canary);
        if (error != StatementError.None)
        {
            var status = error switch
            {
                StatementError.BadSignature => CanaryStatus.BadSignature,
                StatementError.UnknownVersion => CanaryStatus.UnknownVersion,
                _ => CanaryStatus.Malformed,
            };
            return new CanaryResult(status, null, CanaryPinState.NotPinned, null);
        }

        // 3. The pin: a different key is never taken silently.
        var pin = CanaryPinState.NotPinned;
        string? pinnedFingerprint = null;
        if (pins is not null)
        {
            var pinned = pins.Pinned(relayAddress);
            pinnedFingerprint = pinned is null ? null : StatementKey.Fingerprint(pinned);
            if (pinned is null)
            {
                pins.Pin(relayAddress, canary!.Key);
                pin = CanaryPinState.PinnedNow;
            }
            else if (pinned.Equals(canary!.Key))
            {
                pin = CanaryPinState.Matches;
            }
            else if (trustNewKey)
            {
                pins.Pin(relayAddress, canary.Key);
                pin = CanaryPinState.Replaced;
            }
            else
            {
                return new CanaryResult(CanaryStatus.KeyChanged, canary, CanaryPinState.Changed, pinnedFingerprint);
            }
        }

        // 4. Freshness.
        var freshness = canary!.FreshnessOn(today) switch
        {
            CanaryFreshness.Fresh => CanaryStatus.Fresh,
            CanaryFreshness.Expired => CanaryStatus.Expired,
            _ => CanaryStatus.FromTheFuture,
        };
        return new CanaryResult(freshness, canary, pin, pinnedFingerprint);
    }

    /// <summary>Today's date in UTC, the day canaries are dated in.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
