using Offline.Cli.Errors;
using Offline.Client.Contacts;
using Offline.Client.Conversations;
using Offline.Client.Home;

namespace Offline.Cli.Commands;

/// <summary>Message ids as people type them: the 8 characters shown, or any unique prefix of 4 or more.</summary>
internal static class MessageIds
{
    private const int MinimumPrefix = 4;

    public static ChatMessage Resolve(ChatLog chat, string given, string contactName)
    {
        var prefix = Prefix(given, $"offline history {contactName}");
        var matches = chat.Messages.Where(m => m.Id.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new CliException(ExitCode.UnknownMessage, $"No message {given} in the chat with {contactName}. 'offline history {contactName}' shows the ids."),
            _ => throw new CliException(ExitCode.Usage, $"{given} matches {matches.Count} messages; give more characters."),
        };
    }

    /// <summary>A message id given without a chat (offline save): looked up in every chat.</summary>
    public static (Contact Contact, ChatMessage Message) ResolveAnywhere(ClientHome home, string given)
    {
        var prefix = Prefix(given, "offline history NAME");
        var matches = home.Messenger.Contacts.All
            .SelectMany(c => home.Messenger.Chat(c).Messages.Where(m => m.Id.StartsWith(prefix, StringComparison.Ordinal)).Select(m => (c, m)))
            .ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new CliException(ExitCode.UnknownMessage, $"No message {given} in any chat. 'offline history NAME' shows the ids."),
            _ => throw new CliException(ExitCode.Usage, $"{given} matches {matches.Count} messages; give more characters."),
        };
    }

    private static string Prefix(string given, string hint)
    {
        var prefix = given.Trim().ToLowerInvariant();
        return prefix.Length < MinimumPrefix || !prefix.All(Uri.IsHexDigit)
            ? throw new CliException(ExitCode.Usage, $"'{given}' is not a message id: use the 8 characters shown beside a message (e.g. by '{hint}').")
            : prefix;
    }
}
