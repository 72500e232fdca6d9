using System.Security.Cryptography;

namespace Offline.Relay.Tests.Hosting;

/// <summary>The relay program's command line, run as a real process.</summary>
public sealed class ProgramTests
{
    [Fact]
    public async Task AppHash_PrintsSha256OfTheFileServed()
    {
        var file = Path.Combine(Path.GetTempPath(), $"relay-app-{Guid.NewGuid():N}.html");
        await File.WriteAllTextAsync(file, "<!doctype html><p>app</p>\n");
        try
        {
            var (exit, stdout, _) = await RelayProcess.RunToExitAsync("--app-hash", "--Relay:App:Path", file);

            Assert.Equal(0, exit);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file))), stdout.Trim());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Store_Redis_RefusedAsNotInThisBuild()
    {
        var (exit, _, stderr) = await RelayProcess.RunToExitAsync("--urls", "http://127.0.0.1:0", "--store", "redis:127.0.0.1:6379");

        Assert.Equal(2, exit);
        Assert.Contains("not available in this build yet", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MaxFrameBytes", "1000")]
    [InlineData("PacedBacklogBytes", "0")]
    public async Task Limit_OutOfRange_StopsStartupNamingIt(string name, string value)
    {
        var (exit, _, stderr) = await RelayProcess.RunToExitAsync("--urls", "http://127.0.0.1:0", $"--Relay:Limits:{name}", value);

        Assert.Equal(2, exit);
        Assert.Contains($"Relay:Limits:{name}", stderr, StringComparison.Ordinal);
    }
}
