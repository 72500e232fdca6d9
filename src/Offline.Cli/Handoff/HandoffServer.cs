using System.Net.Sockets;
using System.Security.Cryptography;
using Offline.Cli.Errors;
using Offline.Cli.Output;
using Offline.Client.Storage;
using Offline.Protocol.Primitives;

namespace Offline.Cli.Handoff;

/// <summary>
/// The running client's end of the handoff (docs/CLI.md, "Sending while a client is online"): a Unix
/// socket `live.sock` in the home, mode 0600, that exists only while this process holds the home's
/// lock and is removed when it stops. Each connection is one bounded exchange (<see cref="HandoffWire"/>);
/// whatever a connection sends, it ends only that exchange, never the running client.
/// </summary>
internal sealed class HandoffServer : IAsyncDisposable
{
    private readonly Socket listener;
    private readonly string path;
    private readonly EncryptedStore store;
    private readonly Printer printer;
    private readonly string relay;
    private readonly Func<HandoffRequest, CancellationToken, Task<HandoffReply>> handle;
    private readonly CancellationTokenSource stopping = new();
    private readonly SemaphoreSlim slots = new(HandoffWire.MaxConcurrentExchanges, HandoffWire.MaxConcurrentExchanges);
    private readonly List<Task> exchanges = [];
    private readonly Task accepting;

    private HandoffServer(Socket listener, string path, EncryptedStore store, Printer printer, string relay, Func<HandoffRequest, CancellationToken, Task<HandoffReply>> handle)
    {
        this.listener = listener;
        this.path = path;
        this.store = store;
        this.printer = printer;
        this.relay = relay;
        this.handle = handle;
        accepting = AcceptLoopAsync();
    }

    /// <summary>
    /// Listens on the home's socket; <paramref name="handle"/> runs each authenticated request. The
    /// caller holds the home (its lock): a socket file already there is a crashed owner's, and is
    /// replaced. Returns null, after a warning, when the socket cannot be made (the process then runs
    /// as before, and `offline send` reports the home as in use). Not on Windows, where a file mode cannot
    /// keep other users out.
    /// </summary>
    public static HandoffServer? Start(string relay, Printer printer, EncryptedStore store, Func<HandoffRequest, CancellationToken, Task<HandoffReply>> handle)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var path = HandoffWire.SocketPath(store.Home);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            File.Delete(path);
            socket.Bind(new UnixDomainSocketEndPoint(path));

            // Before listen(): until then every connect is refused, so nobody reaches the socket while its mode is looser.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            socket.Listen(HandoffWire.MaxConcurrentExchanges);
            return new HandoffServer(socket, path, store, printer, relay, handle);
        }
        catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException or ArgumentException or PlatformNotSupportedException)
        {
            socket.Dispose();
            TryDelete(path);
            printer.Warn($"'offline send' cannot hand messages to this process ({path}: {e.Message}); it will report the home as in use.");
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Dispose();
        await accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Task[] running;
        lock (exchanges)
        {
            running = [.. exchanges];
        }

        await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        TryDelete(path);
        stopping.Dispose();
        slots.Dispose();
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The next owner of the lock replaces it.
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (!slots.Wait(0))
            {
                client.Dispose(); // More at once than anyone legitimate needs.
                continue;
            }

            lock (exchanges)
            {
                exchanges.RemoveAll(t => t.IsCompleted);
                exchanges.Add(ExchangeAsync(client));
            }
        }
    }

    private async Task ExchangeAsync(Socket client)
    {
        try
        {
            await using var stream = new NetworkStream(client, ownsSocket: true);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
            deadline.CancelAfter(HandoffWire.RequestTimeout);

            // (1) A fresh nonce: a recorded request cannot be replayed.
            var nonce = RandomNumberGenerator.GetBytes(HandoffWire.NonceSize);
            await stream.WriteAsync((byte[])[HandoffWire.Version, .. nonce], deadline.Token);

            // (2) The request, bounded in size and time.
            var received = await HandoffWire.ReadBodyAsync(stream, deadline.Token);

            // (3) Authenticate, then act; the answer is authenticated too.
            var reply = await AnswerAsync(nonce, received);
            var body = reply.ToBytes();
            var mac = new byte[HmacSha256.Size];
            store.SignHandoff(HandoffWire.ReplyTranscript(nonce, body), mac);
            using var writing = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
            writing.CancelAfter(HandoffWire.RequestTimeout);
            await HandoffWire.WriteBodyAsync(stream, body, mac, writing.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or EndOfStreamException or ObjectDisposedException)
        {
            // The sender went away, stalled or sent too little: only this exchange ends.
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task<HandoffReply> AnswerAsync(byte[] nonce, (byte[] Body, byte[] Mac)? received)
    {
        if (received is not { } request)
        {
            return HandoffReply.Refused(ExitCode.Usage, $"The request is larger than {HandoffWire.MaxBodyBytes / 1024} KiB. Nothing was sent.");
        }

        if (!store.VerifyHandoff(HandoffWire.RequestTranscript(nonce, request.Body), request.Mac))
        {
            printer.Warn("refused a message handed over on " + HandoffWire.SocketName + ": wrong passphrase.");
            return HandoffReply.Refused(ExitCode.Locked, StoreException.Describe(StoreError.WrongPassphrase));
        }

        if (HandoffRequest.TryParse(request.Body) is not { } parsed)
        {
            return HandoffReply.Refused(ExitCode.Usage, "The running client could not read the request (another version of offline?). Nothing was sent.");
        }

        try
        {
            return await handle(parsed, stopping.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The same words and exit code the command would have given on its own (unknown contact, …).
            var error = ErrorTranslation.From(e, relay);
            return HandoffReply.Refused(error.Code, error.Message);
        }
    }
}
