namespace Offline.Protocol.Statements;

/// <summary>One difference between a manifest and what is installed; <see cref="Path"/> is in release terms (a folder ending in '/' for <see cref="ReleaseProblemKind.NothingListed"/>).</summary>
public sealed record ReleaseProblem(ReleaseProblemKind Kind, string Path);
