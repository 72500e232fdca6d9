using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Offline.Client.Storage;
using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;

namespace Offline.Client.Account;

/// <summary>
/// Keeps the relay stocked with one-time prekeys (docs/PROTOCOL.md §3, "Keeping one-time prekeys stocked").
/// Given the ids the relay still holds, it notes which local prekeys were handed out (and when) and draws
/// new ones when the relay runs low. A handed-out prekey's private key is kept until a handshake uses it,
/// however late: deleting an unused one protects no message and would lose a slow first message. Only
/// the cap (<see cref="MaxHeld"/>, reached when someone drains the stock) deletes the longest handed-out. Its own record holds the next id (ids only grow) and the handed-out days; the private keys
/// are the prekey set's.
/// </summary>
internal sealed class PrekeyStock
{
    /// <summary>What a top-up fills the relay to.</summary>
    public const int Target = 50;

    /// <summary>Fewer held than this on the relay and the client tops up.</summary>
    public const int LowWater = 20;

    /// <summary>At most this many private one-time prekeys are kept; beyond it the longest handed-out go first.</summary>
    public const int MaxHeld = 400;

    private const string Record = "prekeys/stock";

    private readonly EncryptedStore store;
    private readonly PersistentPrekeyStore prekeys;
    private readonly Dictionary<uint, uint> handedOut;
    private uint nextId;
    private uint checkedDay;
    private int heldAtCheck;

    private PrekeyStock(EncryptedStore store, PersistentPrekeyStore prekeys, uint nextId, Dictionary<uint, uint> handedOut, uint checkedDay, int heldAtCheck)
    {
        this.store = store;
        this.prekeys = prekeys;
        this.nextId = nextId;
        this.handedOut = handedOut;
        this.checkedDay = checkedDay;
        this.heldAtCheck = heldAtCheck;
    }

    /// <summary>The id the next new prekey gets.</summary>
    public uint NextId => nextId;

    /// <summary>Local prekeys known to be handed out, with the day that was first seen.</summary>
    public IReadOnlyDictionary<uint, uint> HandedOut => handedOut;

    public static PrekeyStock Load(EncryptedStore store, PersistentPrekeyStore prekeys)
    {
        var text = store.GetText(Record);
        if (text is null)
        {
            // Never topped up: the first unused id is past every id the first bundle published and every id held.
            var highest = prekeys.Bundle.OneTimePrekeys.Select(p => p.Id).Concat(prekeys.OneTimePrekeyIds).DefaultIfEmpty(0u).Max();
            return new PrekeyStock(store, prekeys, highest + 1, [], 0, -1);
        }

        var node = JsonNode.Parse(text) ?? throw new StoreException(StoreError.Corrupt);
        var days = new Dictionary<uint, uint>();
        foreach (var (id, day) in node["handedOut"]?.AsObject() ?? [])
        {
            days[uint.Parse(id, CultureInfo.InvariantCulture)] = day!.GetValue<uint>();
        }

        return new PrekeyStock(store, prekeys, node["next"]!.GetValue<uint>(), days, node["checkedDay"]!.GetValue<uint>(), node["heldAtCheck"]!.GetValue<int>());
    }

    /// <summary>
    /// Whether to ask the relay now: once a day, and whenever a handshake has used a prekey since the last
    /// look (a new contact wrote, so the stock fell). Fetches that no message followed show at the daily look.
    /// </summary>
    public bool IsDue(uint today) => checkedDay != today || prekeys.OneTimePrekeyIds.Count != heldAtCheck;

    /// <summary>
    /// Brings the local state in line with <paramref name="relayHolds"/> (the ids the relay holds, from a
    /// TopUpPrekeys answer) on day <paramref name="today"/>. Returns the new prekeys to top up with, already
    /// saved (their private keys first), or none when the relay holds enough.
    /// </summary>
    public IReadOnlyList<OneTimePrekey> Reconcile(IReadOnlyList<uint> relayHolds, uint today, IdentityKeyPair identity, IRandomSource random)
    {
        var onRelay = relayHolds.ToHashSet();
        var local = prekeys.OneTimePrekeyIds.ToHashSet();

        // Handed out: held here, gone from the relay. Forget the days of prekeys a handshake has used since.
        foreach (var id in local.Where(id => !onRelay.Contains(id)))
        {
            handedOut.TryAdd(id, today);
        }

        foreach (var id in handedOut.Keys.Where(id => onRelay.Contains(id) || !local.Contains(id)).ToList())
        {
            handedOut.Remove(id);
        }

        var usable = local.Count(onRelay.Contains);
        var fresh = usable < LowWater ? Target - usable : 0;

        // Over the cap (leaving room for the fresh ones): the longest handed-out go first.
        var over = Math.Max(0, local.Count + fresh - MaxHeld);
        var forget = handedOut.OrderBy(h => h.Value).ThenBy(h => h.Key).Take(over).Select(h => h.Key).ToList();

        foreach (var id in forget)
        {
            handedOut.Remove(id);
        }

        prekeys.ForgetOneTimePrekeys(forget);
        checkedDay = today;
        heldAtCheck = local.Count - forget.Count + fresh;
        if (fresh == 0)
        {
            Save();
            return [];
        }

        // The next id is saved before the keys: a crash in between skips ids, never reuses one.
        var first = nextId;
        nextId += (uint)fresh;
        Save();
        return prekeys.AddOneTimePrekeys(identity, random, first, fresh);
    }

    private void Save()
    {
        var days = new JsonObject();
        foreach (var (id, day) in handedOut.OrderBy(h => h.Key))
        {
            days[id.ToString(CultureInfo.InvariantCulture)] = day;
        }

        store.PutText(Record, new JsonObject { ["next"] = nextId, ["checkedDay"] = checkedDay, ["heldAtCheck"] = heldAtCheck, ["handedOut"] = days }.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
    }
}
