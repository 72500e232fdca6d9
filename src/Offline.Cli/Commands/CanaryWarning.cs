using Offline.Cli.CommandLine;
using Offline.Client.Canary;
using Offline.Client.Home;
using Offline.Client.Sync;
using Offline.Client.Transport;

namespace Offline.Cli.Commands;

/// <summary>
/// What each non-fresh canary means and what to do about it, in words; and the once-a-day check that
/// receive and chat make on their own connection (one FetchCanary per day per relay per home).
/// </summary>
internal static class CanaryWarning
{
    public static string Status(CanaryStatus status) => status switch
    {
        CanaryStatus.Fresh => "fresh",
        CanaryStatus.Missing => "missing",
        CanaryStatus.Malformed => "malformed",
        CanaryStatus.UnknownVersion => "unknown-version",
        CanaryStatus.BadSignature => "bad-signature",
        CanaryStatus.Expired => "expired",
        CanaryStatus.FromTheFuture => "from-the-future",
        CanaryStatus.KeyChanged => "key-changed",
        _ => "relay-too-old",
    };

    /// <summary>The warning for a non-fresh result, or null when it is fresh.</summary>
    public static string? For(CanaryResult result, string relay) => result.Status switch
    {
        CanaryStatus.Fresh => null,
        CanaryStatus.Missing => $"the relay {relay} publishes no warrant canary. If it used to, the operator may have withdrawn it: treat its statement as withdrawn and ask the operator why.",
        CanaryStatus.Malformed => $"the warrant canary of {relay} is not a valid canary; it says nothing. Tell the operator; treat its statement as withdrawn until it is fixed.",
        CanaryStatus.UnknownVersion => $"the warrant canary of {relay} is of a newer version than this client knows; update offline to read it.",
        CanaryStatus.BadSignature => $"the warrant canary of {relay} is badly signed: someone other than the key it names wrote or changed it. Do not trust its statement; tell the operator.",
        CanaryStatus.Expired => $"the warrant canary of {relay} expired on {Day(result.Canary!.ExpiresOn)}: the operator has not renewed the canary; treat its statement as withdrawn.",
        CanaryStatus.FromTheFuture => $"the warrant canary of {relay} is dated {Day(result.Canary!.Issued)}, later than today here: check this computer's clock (date -u); if it is right, the operator's is wrong.",
        CanaryStatus.KeyChanged => $"the warrant canary of {relay} is signed by a different operator key ({result.Fingerprint}) than the one pinned on first sight ({result.PinnedFingerprint}). The relay may have a new operator, or someone replaced the canary. Check the new fingerprint with the operator by another channel; if it is theirs, run 'offline canary --trust-new-key'.",
        _ => $"the relay {relay} does not publish canaries (older version); ask the operator to upgrade.",
    };

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// receive and chat: check the canary over <paramref name="session"/> unless it was checked today, and
    /// warn once on stderr when it is not fresh. Never fails the command: a lost connection leaves the check due.
    /// Call it after the command's own work: a relay too old for the op closes the connection on it.
    /// </summary>
    public static async Task CheckDailyAsync(CliContext context, ClientHome home, RelaySession session)
    {
        var today = CanaryCheck.Today(home.Clock);
        var pins = new CanaryPins(home.Store);
        if (pins.CheckedOn(context.Relay, today))
        {
            return;
        }

        try
        {
            var everPublished = pins.Pinned(context.Relay) is not null;
            var result = await CanaryCheck.RunAsync(session.Relay, context.Relay, pins, today, trustNewKey: false, context.Cancellation);
            pins.MarkChecked(context.Relay, today);

            // A relay that never published a canary is not news every day ('offline canary' still says so);
            // one that did and now has none, or that cannot say, is.
            var quiet = result.Status is CanaryStatus.Missing or CanaryStatus.RelayTooOld && !everPublished;
            if (!quiet && For(result, context.Relay) is { } warning)
            {
                context.Printer.Warn($"offline: warning: {warning} ('offline canary' shows it.)");
            }
        }
        catch (RelayException)
        {
            // Not checked; due again on the next connection.
        }
    }
}
