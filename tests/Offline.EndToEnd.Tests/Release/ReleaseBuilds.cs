using Offline.EndToEnd.Tests.Infrastructure;

namespace Offline.EndToEnd.Tests.Release;

/// <summary>
/// Two releases of this repository's HEAD commit, each built by <c>./release</c> in its own fresh clone
/// (different folders, one after the other), signed with one throwaway key made by <c>./release keygen</c>.
/// Built once for every test in the "release builds" collection: the double build is most of their time.
/// </summary>
public sealed class ReleaseBuilds : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(8);
    private readonly TempDirectory temp = new();

    public string Root => temp.Path;

    public string Commit { get; private set; } = string.Empty;

    public long CommitTime { get; private set; }

    /// <summary>The throwaway key's public half, as a file (what --release-key takes).</summary>
    public string PublicKeyFile => temp.Sub("keys/release.pub");

    public string SecretKeyFile => temp.Sub("keys/release.secret");

    /// <summary>dist folders of the two builds; each holds offline-VERSION/ and offline-VERSION.tar.gz.</summary>
    public string DistA => temp.Sub("dist-a");

    public string DistB => temp.Sub("dist-b");

    public string CloneA => temp.Sub("clone-a");

    public string Name { get; private set; } = string.Empty;

    public string ReleaseA => Path.Combine(DistA, Name);

    public async Task InitializeAsync()
    {
        var repository = RepositoryRoot();
        Commit = (await Git(repository, "rev-parse", "HEAD")).Stdout.Trim();
        CommitTime = long.Parse((await Git(repository, "log", "-1", "--format=%ct", "HEAD")).Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        foreach (var clone in new[] { CloneA, temp.Sub("clone-b") })
        {
            await Git(Root, "clone", "-q", repository, clone);
            await Git(clone, "-c", "advice.detachedHead=false", "checkout", "-q", "--detach", Commit);
        }

        Directory.CreateDirectory(temp.Sub("keys"));
        var keygen = await ProgramRun.RunOkAsync(Path.Combine(CloneA, "release"), ["keygen", "--out", SecretKeyFile], BuildTimeout);
        await File.WriteAllTextAsync(PublicKeyFile, keygen.Stdout);

        await ProgramRun.RunOkAsync(Path.Combine(CloneA, "release"), ["--out", DistA, "--key", SecretKeyFile], BuildTimeout);
        await ProgramRun.RunOkAsync(Path.Combine(temp.Sub("clone-b"), "release"), ["--out", DistB, "--key", SecretKeyFile], BuildTimeout);
        Name = Path.GetFileName(Directory.GetDirectories(DistA).Single());
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => temp.Dispose();

    /// <summary>A copy of release A to change: tamper tests never touch the original.</summary>
    public string CopyOfReleaseA(string into)
    {
        var copy = Path.Combine(into, Name);
        foreach (var file in Directory.EnumerateFiles(ReleaseA, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(ReleaseA, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }

    private static Task<CliResult> Git(string directory, params string[] args) =>
        ProgramRun.RunOkAsync("git", ["-C", directory, .. args], TimeSpan.FromMinutes(2));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Offline.slnx")) && File.Exists(Path.Combine(dir.FullName, "release")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("the repository root (Offline.slnx and ./release) above the test assembly");
    }
}
