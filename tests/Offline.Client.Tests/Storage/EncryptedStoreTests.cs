using System.Text;
using Offline.Client.Storage;

namespace Offline.Client.Tests.Storage;

public class EncryptedStoreTests
{
    private const string Passphrase = "correct horse battery staple";

    [Fact]
    public void PutGet_AcrossReopen_RoundTrips()
    {
        using var home = new TempHome();
        using (var store = EncryptedStore.Create(home.Path, Passphrase))
        {
            store.PutText("contact/bob", "Bob, of1_xyz");
            store.Put("empty", []);
            store.Put("zeros", new byte[70_000]);
        }

        using var reopened = EncryptedStore.Open(home.Path, Passphrase);
        Assert.Equal("Bob, of1_xyz", reopened.GetText("contact/bob"));
        Assert.Empty(reopened.Get("empty")!);
        Assert.Equal(new byte[70_000], reopened.Get("zeros"));
        Assert.Null(reopened.Get("missing"));
        Assert.Equal(["contact/bob", "empty", "zeros"], reopened.Names());
        Assert.Equal(["contact/bob"], reopened.Names("contact/"));
    }

    [Fact]
    public void HomeDirectory_AfterWrites_RevealsNoNameOrValue()
    {
        using var home = new TempHome();
        const string secretName = "contact/Zebediah";
        const string secretText = "meet at the north gate at dawn";
        using (var store = EncryptedStore.Create(home.Path, Passphrase))
        {
            store.PutText(secretName, secretText);
        }

        foreach (var needle in new[] { "Zebediah", "north gate", "contact/", Passphrase })
        {
            foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode })
            {
                var bytes = encoding.GetBytes(needle);
                foreach (var (file, content) in home.Files())
                {
                    Assert.True(content.AsSpan().IndexOf(bytes) < 0, $"'{needle}' found in {file}");
                }

                Assert.DoesNotContain(home.Files(), f => f.File.Contains(needle, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void Open_WrongPassphrase_FailsClearlyAndChangesNothing()
    {
        using var home = new TempHome();
        using (var store = EncryptedStore.Create(home.Path, Passphrase))
        {
            store.PutText("k", "v");
        }

        var before = home.Files().ToDictionary(f => f.File, f => Convert.ToHexString(f.Bytes));
        var ex = Assert.Throws<StoreException>(() => EncryptedStore.Open(home.Path, "wrong"));
        Assert.Equal(StoreError.WrongPassphrase, ex.Error);
        Assert.Contains("Wrong passphrase", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, home.Files().ToDictionary(f => f.File, f => Convert.ToHexString(f.Bytes)));

        using var store2 = EncryptedStore.Open(home.Path, Passphrase);
        Assert.Equal("v", store2.GetText("k"));
    }

    [Fact]
    public void ChangePassphrase_OldStopsNewWorks()
    {
        using var home = new TempHome();
        using (var store = EncryptedStore.Create(home.Path, Passphrase))
        {
            store.PutText("k", "v");
        }

        EncryptedStore.ChangePassphrase(home.Path, Passphrase, "new one");
        Assert.Equal(StoreError.WrongPassphrase, Assert.Throws<StoreException>(() => EncryptedStore.Open(home.Path, Passphrase)).Error);
        using var store2 = EncryptedStore.Open(home.Path, "new one");
        Assert.Equal("v", store2.GetText("k"));
    }

    [Fact]
    public void Records_SwappedOrTampered_AreDetected()
    {
        using var home = new TempHome();
        using var store = EncryptedStore.Create(home.Path, Passphrase);
        store.PutText("a", "first");
        store.PutText("b", "second");
        var files = Directory.GetFiles(Path.Combine(home.Path, "records"));
        Assert.Equal(2, files.Length);

        // Swapping two files must not make "a" read as "b"'s value.
        var first = File.ReadAllBytes(files[0]);
        File.WriteAllBytes(files[0], File.ReadAllBytes(files[1]));
        File.WriteAllBytes(files[1], first);
        Assert.Equal(StoreError.Corrupt, Assert.Throws<StoreException>(() => store.GetText("a")).Error);

        File.WriteAllBytes(files[1], [.. first[..^1], (byte)(first[^1] ^ 1)]);
        Assert.Throws<StoreException>(() => store.Names());
    }

    [Fact]
    public void Create_Twice_Refuses_AndOpenOfEmptyHomeExplains()
    {
        using var home = new TempHome();
        EncryptedStore.Create(home.Path, Passphrase).Dispose();
        Assert.Equal(StoreError.AlreadyInitialized, Assert.Throws<StoreException>(() => EncryptedStore.Create(home.Path, Passphrase)).Error);

        using var empty = new TempHome();
        var ex = Assert.Throws<StoreException>(() => EncryptedStore.Open(empty.Path, Passphrase));
        Assert.Equal(StoreError.NotInitialized, ex.Error);
        Assert.Contains("generate-id", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordSizes_ShortAndLongInSameBucket_LookAlike()
    {
        using var home = new TempHome();
        using var store = EncryptedStore.Create(home.Path, Passphrase);
        store.PutText("short", "ok");
        store.PutText("long", new string('x', 900));
        var sizes = Directory.GetFiles(Path.Combine(home.Path, "records")).Select(f => new FileInfo(f).Length).Distinct();
        Assert.Single(sizes);
    }

    [Fact]
    public void Delete_RemovesRecord()
    {
        using var home = new TempHome();
        using var store = EncryptedStore.Create(home.Path, Passphrase);
        store.PutText("k", "v");
        Assert.True(store.Delete("k"));
        Assert.False(store.Delete("k"));
        Assert.Null(store.Get("k"));
        Assert.Empty(Directory.GetFiles(Path.Combine(home.Path, "records")));
    }
}
