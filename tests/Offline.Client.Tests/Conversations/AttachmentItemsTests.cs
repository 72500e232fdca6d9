using System.Security.Cryptography;
using Offline.Client.Conversations;
using Offline.Client.Storage;

namespace Offline.Client.Tests.Conversations;

public class AttachmentItemsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(300_000)]
    [InlineData(AttachmentItems.PartSize)]
    [InlineData((2 * AttachmentItems.PartSize) + 17)]
    public void Put_ThenGet_SameBytesAcrossParts(int length)
    {
        using var home = new TempHome();
        using var store = EncryptedStore.Create(home.Path, "pass");
        var items = new AttachmentItems(store);
        var item = RandomNumberGenerator.GetBytes(length);

        items.Put("m1", item);

        Assert.True(items.Has("m1"));
        Assert.Equal(item, items.Get("m1"));
        Assert.Null(items.Get("m2"));
    }

    [Fact]
    public void Item_IsNotPlaintextOnDisk()
    {
        using var home = new TempHome();
        using var store = EncryptedStore.Create(home.Path, "pass");
        var marker = "attachment-plaintext-marker"u8.ToArray();
        new AttachmentItems(store).Put("m1", [.. marker, .. RandomNumberGenerator.GetBytes(5000)]);

        Assert.All(home.Files(), f => Assert.Equal(-1, f.Bytes.AsSpan().IndexOf(marker)));
    }

    [Fact]
    public void Delete_RemovesEveryPart_AndOrphansOfACrashedPut()
    {
        using var home = new TempHome();
        using var store = EncryptedStore.Create(home.Path, "pass");
        var items = new AttachmentItems(store);
        items.Put("m1", RandomNumberGenerator.GetBytes((2 * AttachmentItems.PartSize) + 1));
        store.Put("item/m1/3", [1, 2, 3]); // a part a crashed Put left behind

        items.Delete("m1");

        Assert.Null(items.Get("m1"));
        Assert.Empty(store.Names("item/"));
    }

    [Fact]
    public void Get_MissingPart_IsNull()
    {
        using var home = new TempHome();
        using var store = EncryptedStore.Create(home.Path, "pass");
        var items = new AttachmentItems(store);
        items.Put("m1", RandomNumberGenerator.GetBytes(AttachmentItems.PartSize + 1));
        store.Delete("item/m1/1");

        Assert.Null(items.Get("m1"));
    }
}
