namespace Offline.Relay.Store;

internal enum StoreKind
{
    Memory,
    Sqlite,
}
