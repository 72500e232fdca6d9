using Offline.Cli.CommandLine;

namespace Offline.Cli.Commands;

/// <summary>Every command, its one-line usage and what runs it. `offline help` prints this table.</summary>
internal static class CommandTable
{
    public static readonly (string Name, string Usage, Func<CliContext, Task> Run)[] Commands =
    [
        ("generate-id", "generate-id                      create the encrypted home and your identity; prints your ID", IdentityCommands.GenerateIdAsync),
        ("id", "id                               your ID, share link and QR code", IdentityCommands.ShowIdAsync),
        ("add", "add ID [--name NAME]             fetch their keys, check them against the ID, start the session", AddCommand.RunAsync),
        ("contacts", "contacts                         list contacts (pinned first)", ContactCommands.ListAsync),
        ("send", "send NAME TEXT                   send a message (waits in the outbox if the relay is down)", SendCommands.SendAsync),
        ("send-image", "send-image NAME PATH [--caption TEXT] [--reply ID]   re-encode a photo here (no metadata) and send it", MediaCommands.SendImageAsync),
        ("send-voice", "send-voice NAME PATH [--effect normal|deep|high|robot] [--reply ID]   a WAV or Ogg/Opus recording as a voice note", SendVoiceCommand.RunAsync),
        ("save", "save MESSAGE-ID PATH [--force]   write a received photo (.jpg) or voice note (.ogg/.webm) to a file", SaveCommand.RunAsync),
        ("receive", "receive [--follow]               fetch, decrypt and show new messages (--follow: keep waiting)", ReceiveCommand.RunAsync),
        ("chat", "chat NAME                        interactive chat: history, live messages, typing, receipts", ChatCommand.RunAsync),
        ("history", "history NAME [--limit N]         the chat's messages with their ids", HistoryCommands.HistoryAsync),
        ("verify", "verify NAME [--confirm]          safety number and its QR; --confirm marks verified", ContactCommands.VerifyAsync),
        ("reply", "reply NAME MESSAGE-ID TEXT       reply to a message", SendCommands.ReplyAsync),
        ("react", "react NAME MESSAGE-ID EMOJI      react to a message", SendCommands.ReactAsync),
        ("search", "search TEXT [--chat NAME]        full-text search, matches highlighted", HistoryCommands.SearchAsync),
        ("delete", "delete NAME MESSAGE-ID [--for-everyone]   delete here (and on their device)", SendCommands.DeleteAsync),
        ("pin", "pin NAME | unpin NAME            pinned chats come first", c => ContactCommands.SetFlagAsync(c, "pin")),
        ("unpin", string.Empty, c => ContactCommands.SetFlagAsync(c, "unpin")),
        ("mute", "mute NAME | unmute NAME          muted chats show no typing", c => ContactCommands.SetFlagAsync(c, "mute")),
        ("unmute", string.Empty, c => ContactCommands.SetFlagAsync(c, "unmute")),
        ("settings", "settings [read-receipts on|off] [typing on|off]", SettingsCommand.RunAsync),
        ("verify-release", "verify-release [MANIFEST] [--release-key PUB]   check this installation against the signed release manifest", ReleaseCommand.VerifyAsync),
        ("canary", "canary [--trust-new-key]         the relay's warrant canary: verify, show, warn (exit 15)", CanaryCommand.RunAsync),
    ];

    public static string Help() =>
        "offline — anonymous end-to-end encrypted messenger (docs/CLI.md)\n\n" +
        "usage: offline [--home DIR] [--relay ws://HOST:PORT] [--tor[=HOST:PORT]] [--json] COMMAND ...\n\n" +
        string.Join('\n', Commands.Where(c => c.Usage.Length > 0).Select(c => "  " + c.Usage)) +
        "\n\nenvironment: OFFLINE_HOME (default ~/.offline), OFFLINE_RELAY (default ws://127.0.0.1:8080),\n" +
        "             OFFLINE_PASSPHRASE (unlock without a prompt), OFFLINE_STAMP_BITS (first-contact work, default 20),\n" +
        "             OFFLINE_TOR (tor's SOCKS address, or 1 for 127.0.0.1:9050)\n";
}
