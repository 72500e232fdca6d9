using Offline.Client.Storage;
using Offline.Client.Transport;
using Offline.Protocol.Primitives;

namespace Offline.Client.Canary;

/// <summary>
/// The encrypted home's record of canary keys, one per relay address (trust on first use), and of the
/// day the relay's canary was last checked (so receive and chat fetch it at most once a day).
/// </summary>
public sealed class CanaryPins(EncryptedStore store)
{
    private const string PinPrefix = "canary/pin/";
    private const string CheckedPrefix = "canary/checked/";

    public P256PublicKey? Pinned(string relay) =>
        store.Get(PinPrefix + Normalize(relay)) is { } encoded && P256PublicKey.TryParse(encoded, out var key) ? key : null;

    public void Pin(string relay, P256PublicKey key) => store.Put(PinPrefix + Normalize(relay), key.Encoded);

    public bool CheckedOn(string relay, DateOnly today) => store.GetText(CheckedPrefix + Normalize(relay)) == Day(today);

    public void MarkChecked(string relay, DateOnly today) => store.PutText(CheckedPrefix + Normalize(relay), Day(today));

    /// <summary>ws://host:port and ws://host:port/ws are one relay; the pin follows the endpoint, not the spelling.</summary>
    private static string Normalize(string relay) => RelayClient.EndpointFor(relay).AbsoluteUri;

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
