namespace Offline.Client.Tests;

/// <summary>A fresh home directory per test, deleted afterwards.</summary>
internal sealed class TempHome : IDisposable
{
    public TempHome()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "offline-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Every byte of every file under the home, for grepping.</summary>
    public IEnumerable<(string File, byte[] Bytes)> Files() =>
        Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories).Select(f => (f, File.ReadAllBytes(f)));

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
