using Offline.Relay.Release;

namespace Offline.Relay.Tests.Release;

public class VerifyReleaseRequestTests
{
    [Fact]
    public void Extract_WithoutTheSwitch_LeavesArgumentsAlone()
    {
        string[] args = ["--urls", "http://127.0.0.1:0", "--release-key", "k.pub"];

        Assert.Null(VerifyReleaseRequest.Extract(args, out var rest));
        Assert.Same(args, rest);
    }

    [Fact]
    public void Extract_SwitchWithManifestAndKey_TakesThemOut()
    {
        var request = VerifyReleaseRequest.Extract(["--store", "memory", "--verify-release", "/opt/offline/offline-release.txt", "--release-key", "k.pub"], out var rest);

        Assert.Equal(new VerifyReleaseRequest("/opt/offline/offline-release.txt", "k.pub", null), request);
        Assert.Equal(["--store", "memory"], rest);
    }

    [Fact]
    public void Extract_SwitchAlone_MeansTheInstalledManifest()
    {
        var request = VerifyReleaseRequest.Extract(["--verify-release", "--release-manifest", "m.txt"], out var rest);

        Assert.Equal(new VerifyReleaseRequest(null, null, null), request);
        Assert.Equal(["--release-manifest", "m.txt"], rest);
    }

    [Fact]
    public void Extract_KeyOptionWithoutValue_IsAUsageProblem()
    {
        var request = VerifyReleaseRequest.Extract(["--verify-release", "--release-key"], out _);

        Assert.NotNull(request!.Problem);
        Assert.Contains("--release-key", request.Problem, StringComparison.Ordinal);
    }
}
