using Offline.Client.Home;
using Offline.Client.Storage;

namespace Offline.Client.Tests.Home;

public class ClientHomeTests
{
    [Fact]
    public void Open_WhileAnotherHolderHasIt_IsRefusedAsInUse()
    {
        using var home = new TempHome();
        using var first = ClientHome.Create(home.Path, "pass", TimeProvider.System);
        var refused = Assert.Throws<StoreException>(() => ClientHome.Open(home.Path, "pass", TimeProvider.System));
        Assert.Equal(StoreError.InUse, refused.Error);
    }

    [Fact]
    public void Open_WrongPassphrase_ThrowsAndReleasesTheLock()
    {
        using var home = new TempHome();
        ClientHome.Create(home.Path, "pass", TimeProvider.System).Dispose();
        Assert.Equal(StoreError.WrongPassphrase, Assert.Throws<StoreException>(() => ClientHome.Open(home.Path, "wrong", TimeProvider.System)).Error);
        using var opened = ClientHome.Open(home.Path, "pass", TimeProvider.System);
        Assert.True(opened.Settings.ReadReceipts);
        Assert.True(opened.Settings.TypingIndicators);
    }

    [Fact]
    public void Open_EmptyDirectory_IsNotInitialized()
    {
        using var home = new TempHome();
        Assert.Equal(StoreError.NotInitialized, Assert.Throws<StoreException>(() => ClientHome.Open(home.Path, "pass", TimeProvider.System)).Error);
    }
}
