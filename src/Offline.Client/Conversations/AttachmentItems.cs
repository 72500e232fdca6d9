using System.Buffers.Binary;
using System.Security.Cryptography;
using Offline.Client.Storage;

namespace Offline.Client.Conversations;

/// <summary>
/// The decrypted items of attachment messages (the sender's own copy, or what arrived), kept in the
/// encrypted store like every other record — never as plaintext files. One item is a header record
/// `item/ID` (length and part count) and parts `item/ID/N` of at most <see cref="PartSize"/> bytes,
/// because a store record holds at most <see cref="ClientLimits.MaxRecordSize"/>. Parts are written
/// before the header, so a crash in between leaves no item that reads as whole.
/// </summary>
public sealed class AttachmentItems
{
    /// <summary>Below a record's 1 MiB limit with room for the name; whole multiples of the store's 64 KiB padding.</summary>
    public const int PartSize = 960 * 1024;

    private const string Prefix = "item/";
    private readonly EncryptedStore store;

    public AttachmentItems(EncryptedStore store)
    {
        this.store = store;
    }

    public void Put(string messageId, ReadOnlySpan<byte> item)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        Delete(messageId);
        var parts = (item.Length + PartSize - 1) / PartSize;
        for (var i = 0; i < parts; i++)
        {
            var start = i * PartSize;
            store.Put(PartName(messageId, i), item.Slice(start, Math.Min(PartSize, item.Length - start)));
        }

        var header = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, item.Length);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), parts);
        store.Put(Prefix + messageId, header);
    }

    public bool Has(string messageId) => store.Get(Prefix + messageId) is { Length: 8 };

    /// <summary>The item, or null when there is none (never stored, deleted, or a part is gone). A damaged record throws like the store.</summary>
    public byte[]? Get(string messageId)
    {
        if (store.Get(Prefix + messageId) is not { Length: 8 } header)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(header);
        var parts = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        if (length < 0 || parts != (length + PartSize - 1) / PartSize)
        {
            throw new StoreException(StoreError.Corrupt);
        }

        var item = new byte[length];
        for (var i = 0; i < parts; i++)
        {
            var part = store.Get(PartName(messageId, i));
            var expected = Math.Min(PartSize, length - (i * PartSize));
            if (part is null || part.Length != expected)
            {
                CryptographicOperations.ZeroMemory(item);
                return part is null ? null : throw new StoreException(StoreError.Corrupt);
            }

            part.CopyTo(item, i * PartSize);
            CryptographicOperations.ZeroMemory(part);
        }

        return item;
    }

    /// <summary>Header first (the item stops reading as whole), then every part, including those a crash mid-<see cref="Put"/> left behind.</summary>
    public void Delete(string messageId)
    {
        var header = store.Get(Prefix + messageId);
        store.Delete(Prefix + messageId);
        var parts = header is { Length: 8 } ? BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)) : 0;
        for (var i = 0; i < parts; i++)
        {
            store.Delete(PartName(messageId, i));
        }

        for (var i = parts; store.Delete(PartName(messageId, i)); i++)
        {
            // Orphans: parts written before a crash, with no header naming them.
        }
    }

    private static string PartName(string messageId, int index) => $"{Prefix}{messageId}/{index}";
}
