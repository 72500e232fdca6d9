using Offline.Web.Tests.Browser;

namespace Offline.Web.Tests.Deploy;

/// <summary>The repository's deploy/ folder (found beside web/, whose path the build records), read as shipped.</summary>
internal static class DeployFiles
{
    public static string Root => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(BrowserFixture.WebAppPath)!, "..", "deploy"));

    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);
}
