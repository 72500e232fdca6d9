using System.Text.Json.Nodes;

namespace Offline.EndToEnd.Tests.Infrastructure;

/// <summary>One finished `offline` process: exit code, output, and its --json lines parsed.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public IReadOnlyList<JsonObject> Events =>
        [.. Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line => JsonNode.Parse(line)!.AsObject())];

    public IReadOnlyList<JsonObject> EventsOf(string kind) =>
        [.. Events.Where(e => (string?)e["event"] == kind)];

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
