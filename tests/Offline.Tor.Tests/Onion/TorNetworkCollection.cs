namespace Offline.Tor.Tests.Onion;

/// <summary>Every test that needs the private Tor network shares one (and runs one at a time).</summary>
[CollectionDefinition(Name)]
public sealed class TorNetworkCollection : ICollectionFixture<TorNetworkFixture>
{
    public const string Name = "private Tor network";
}
