using Offline.Cli.Errors;
using Offline.Client.Conversations;

namespace Offline.Cli.Commands;

/// <summary>Message ids as people type them: the 8 characters shown, or any unique prefix of 4 or more.</summary>
internal static class MessageIds
{
    private const int MinimumPrefix = 4;

    public static ChatMessage Resolve(ChatLog chat, string given, string contactName)
    {
        var prefix = given.Trim().ToLowerInvariant();
        if (prefix.Length < MinimumPrefix || !prefix.All(Uri.IsHexDigit))
        {
            throw new CliException(ExitCode.Usage, $"'{given}' is not a message id: use the 8 characters shown beside a message (e.g. by 'offline history {contactName}').");
        }

        var matches = chat.Messages.Where(m => m.Id.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new CliException(ExitCode.UnknownMessage, $"No message {given} in the chat with {contactName}. 'offline history {contactName}' shows the ids."),
            _ => throw new CliException(ExitCode.Usage, $"{given} matches {matches.Count} messages; give more characters."),
        };
    }
}
