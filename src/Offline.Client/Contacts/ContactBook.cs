using System.Text.Json;
using Offline.Client.Storage;

namespace Offline.Client.Contacts;

/// <summary>The contact list, one encrypted record. Names are unique, case-insensitively.</summary>
public sealed class ContactBook
{
    private const string Record = "contacts";
    private readonly EncryptedStore store;
    private readonly List<Contact> contacts;

    private ContactBook(EncryptedStore store, List<Contact> contacts)
    {
        this.store = store;
        this.contacts = contacts;
    }

    public IReadOnlyList<Contact> All => contacts;

    public static ContactBook Load(EncryptedStore store)
    {
        var json = store.Get(Record);
        return new ContactBook(store, json is null ? [] : JsonSerializer.Deserialize<List<Contact>>(json) ?? []);
    }

    public Contact? FindByName(string name) =>
        contacts.Find(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    public Contact? FindById(string id) => contacts.Find(c => c.Id == id);

    /// <summary>Adds or replaces the contact with the same ID, and saves.</summary>
    public void Save(Contact contact)
    {
        var clash = FindByName(contact.Name);
        if (clash is not null && clash.Id != contact.Id)
        {
            throw new ArgumentException($"Another contact is already called '{contact.Name}'; choose another name.", nameof(contact));
        }

        contacts.RemoveAll(c => c.Id == contact.Id);
        contacts.Add(contact);
        store.Put(Record, JsonSerializer.SerializeToUtf8Bytes(contacts));
    }

    public bool Remove(string id)
    {
        var removed = contacts.RemoveAll(c => c.Id == id) > 0;
        store.Put(Record, JsonSerializer.SerializeToUtf8Bytes(contacts));
        return removed;
    }
}
