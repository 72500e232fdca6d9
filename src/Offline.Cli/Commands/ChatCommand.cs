using System.Text;
using Offline.Cli.CommandLine;
using Offline.Cli.Handoff;
using Offline.Cli.Output;
using Offline.Client.Contacts;
using Offline.Client.Conversations;
using Offline.Client.Home;
using Offline.Client.Messaging;
using Offline.Client.Sync;

namespace Offline.Cli.Commands;

/// <summary>
/// chat NAME: the history, then live. Incoming messages of this chat appear as they arrive (read
/// receipts sent if on), typing is shown and sent (if on), each line typed is sent; /quit leaves.
/// On a terminal, typing is signalled at the first key of a line; with piped input, per line read.
/// A separate `offline send` meanwhile is handed to this process, and its message shows here as sent.
/// </summary>
internal static class ChatCommand
{
    private const int HistoryLines = 20;
    private static readonly TimeSpan TypingRepeat = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(CliContext context)
    {
        context.Arguments.Expect(1, "chat NAME");
        using var home = context.OpenHome();
        var contact = CliContext.FindContact(home, context.Arguments.Positionals[0]);
        ShowHistory(context, home, contact);

        var live = new LiveRelay(context, home);
        var composer = new HandoffComposer(context, home, live) { TextShown = (to, message, sent) => ShowHandedOff(context, home, contact, to, message, sent) };
        await using var handoff = HandoffServer.Start(context.Relay, context.Printer, home.Store, composer.RunAsync);
        using var leaving = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
        var receiving = live.RunAsync((_, result) => OnDelivery(context, home, live, contact, result), leaving.Token);
        try
        {
            await InputLoopAsync(context, home, live, contact, leaving.Token);
        }
        finally
        {
            await leaving.CancelAsync();
            await receiving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static void ShowHistory(CliContext context, ClientHome home, Contact contact)
    {
        var chat = home.Messenger.Chat(contact);
        var printer = context.Printer;
        printer.Say(printer.Dim($"── chat with {contact.Name} · {(contact.Verified ? "verified ✓" : "unverified: offline verify " + contact.Name)} · /quit to leave ──"));
        foreach (var message in chat.Messages.TakeLast(HistoryLines))
        {
            printer.Say(InboundDisplay.Line(printer, message.Outgoing ? "me" : contact.Name, false, message, chat));
        }
    }

    private static Task OnDelivery(CliContext context, ClientHome home, LiveRelay live, Contact contact, InboundResult result)
    {
        if (result.Contact?.Id == contact.Id || result.Contact is null)
        {
            ReceiveCommand.ShowAndReceipt(context, home, result, live.OutboxChanged);
        }
        else if (!RelaySession.IsRedelivery(result) && result.Content?.Kind is Offline.Protocol.Content.ContentKind.Text or Offline.Protocol.Content.ContentKind.Image or Offline.Protocol.Content.ContentKind.VoiceNote)
        {
            context.Printer.Say(context.Printer.Dim($"(new message from {result.Contact.Name}; 'offline chat {result.Contact.Name}' to read it)"));
        }

        return Task.CompletedTask;
    }

    private static async Task InputLoopAsync(CliContext context, ClientHome home, LiveRelay live, Contact contact, CancellationToken cancellationToken)
    {
        var interactive = !Console.IsInputRedirected;
        while (!cancellationToken.IsCancellationRequested)
        {
            var line = interactive
                ? await Task.Run(() => ReadLineSignallingTyping(context, home, live, contact), cancellationToken).WaitAsync(cancellationToken)
                : await Console.In.ReadLineAsync(cancellationToken);
            if (line is null || line.Trim() == "/quit")
            {
                return;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            await live.FirstAttempt.WaitAsync(cancellationToken);

            if (!interactive)
            {
                await SignalTypingAsync(context, home, live, contact, true);
            }

            await SendLineAsync(context, home, live, contact, line);
        }
    }

    private static async Task SendLineAsync(CliContext context, ClientHome home, LiveRelay live, Contact contact, string line)
    {
        await live.Gate.WaitAsync();
        try
        {
            var (message, _) = home.Messenger.SendText(contact, line);
            var sent = false;
            if (live.Current is { } session)
            {
                var outcomes = await session.FlushAsync(context.Cancellation, live.Gate);
                sent = outcomes.Any(o => o.Sent && o.Entry.MessageId == message.Id);
            }

            ShowSent(context, home, contact, home.Messenger.Chat(contact).Find(message.Id)!, sent);
        }
        finally
        {
            live.Gate.Release();
        }
    }

    private static void ShowSent(CliContext context, ClientHome home, Contact contact, ChatMessage message, bool sent)
    {
        var chat = home.Messenger.Chat(contact);
        context.Printer.Say(InboundDisplay.Line(context.Printer, "me", false, message, chat) + (sent ? string.Empty : context.Printer.Dim("  (waiting in the outbox)")));
        context.Printer.Emit(new System.Text.Json.Nodes.JsonObject { ["event"] = sent ? "sent" : "queued", ["to"] = contact.Name, ["id"] = message.Id, ["text"] = message.Text });
    }

    /// <summary>A text given to `offline send` while this chat runs: in the transcript if it is for this chat, else one line.</summary>
    private static void ShowHandedOff(CliContext context, ClientHome home, Contact chatContact, Contact to, ChatMessage message, bool sent)
    {
        if (to.Id == chatContact.Id)
        {
            ShowSent(context, home, to, message, sent);
        }
        else
        {
            context.Printer.Say(context.Printer.Dim($"(sent to {to.Name} from another terminal: {Describe.Preview(AttachmentText.Preview(message))})"));
        }
    }

    private static async Task SignalTypingAsync(CliContext context, ClientHome home, LiveRelay live, Contact contact, bool typing)
    {
        await live.Gate.WaitAsync();
        try
        {
            if (!home.Settings.TypingIndicators || live.Current is not { } session)
            {
                return; // Typing is a moment's signal: nothing to keep for later when offline.
            }

            home.Messenger.SendTyping(contact, typing);
            await session.FlushAsync(context.Cancellation, live.Gate);

            // A typing signal that did not go now is worthless later: drop it rather than send it late.
            foreach (var stale in home.Outbox.Pending().Where(e => e.Kind == "typing"))
            {
                home.Outbox.Remove(stale.Id);
            }
        }
        finally
        {
            live.Gate.Release();
        }
    }

    /// <summary>A line editor on the terminal: the first key (and every few seconds of typing) signals typing.</summary>
    private static string? ReadLineSignallingTyping(CliContext context, ClientHome home, LiveRelay live, Contact contact)
    {
        var line = new StringBuilder();
        var lastSignal = DateTimeOffset.MinValue;
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Out.WriteLine();
                return line.ToString();
            }

            if (key.Key == ConsoleKey.D && key.Modifiers.HasFlag(ConsoleModifiers.Control))
            {
                return null;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (line.Length > 0)
                {
                    line.Length--;
                    Console.Out.Write("\b \b");
                }

                continue;
            }

            if (char.IsControl(key.KeyChar))
            {
                continue;
            }

            line.Append(key.KeyChar);
            Console.Out.Write(key.KeyChar);
            var now = context.Clock.GetUtcNow();
            if (line[0] != '/' && now - lastSignal > TypingRepeat)
            {
                lastSignal = now;
                SignalTypingAsync(context, home, live, contact, true).GetAwaiter().GetResult();
            }
        }
    }
}
