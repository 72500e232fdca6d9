namespace Offline.EndToEnd.Tests.Release;

/// <summary>Every test that needs a real release shares one pair of builds.</summary>
[CollectionDefinition(Name)]
public sealed class ReleaseBuildsCollection : ICollectionFixture<ReleaseBuilds>
{
    public const string Name = "release builds";
}
