using System.Reflection;

namespace Offline.Cli.CommandLine;

/// <summary>The version this program was built as: Directory.Build.props' Version plus "+COMMIT" the SDK adds from git.</summary>
internal static class ProgramVersion
{
    public static string Informational { get; } =
        typeof(ProgramVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
