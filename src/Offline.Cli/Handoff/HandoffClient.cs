using System.Net.Sockets;
using System.Security.Cryptography;
using Offline.Cli.CommandLine;
using Offline.Cli.Errors;
using Offline.Client.Storage;
using Offline.Protocol.Primitives;

namespace Offline.Cli.Handoff;

/// <summary>
/// The sending command's end of the handoff: when a client runs on the home (its socket answers), the
/// request goes to it instead of opening the home and a connection of our own (docs/TRAFFIC.md, rule 8).
/// </summary>
internal static class HandoffClient
{
    /// <summary>
    /// The running client's authenticated reply, or null when nobody listens on the home's socket (no
    /// client runs, or a crashed one left its socket file): the caller then works as before. A wrong
    /// passphrase throws the store's usual error before anything is asked.
    /// </summary>
    public static async Task<HandoffReply?> TryHandOffAsync(CliContext context, HandoffRequest request)
    {
        var path = HandoffWire.SocketPath(context.HomePath);
        if (!File.Exists(path) || !EncryptedStore.Exists(context.HomePath))
        {
            return null;
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        if (!await TryConnectAsync(context, socket, path))
        {
            return null;
        }

        // Read-only: the vault unwraps without the lock, which the running client holds.
        var key = EncryptedStore.DeriveHandoffKey(context.HomePath, Passphrase.Read(context.HomePath, confirm: false));
        try
        {
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
            deadline.CancelAfter(HandoffWire.ReplyTimeout);
            var hello = new byte[1 + HandoffWire.NonceSize];
            try
            {
                await stream.ReadExactlyAsync(hello, deadline.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or EndOfStreamException)
            {
                return null; // The running client is ending (or refused a crowd): nothing was asked yet.
            }

            if (hello[0] != HandoffWire.Version)
            {
                throw new CliException(ExitCode.Failure, $"The process running on {context.HomePath} is another version of offline; stop it (or use it to send) and try again. Nothing was sent.");
            }

            return await ExchangeAsync(context, stream, key, hello.AsMemory(1), request, deadline.Token);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static async Task<bool> TryConnectAsync(CliContext context, Socket socket, string path)
    {
        using var connecting = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
        connecting.CancelAfter(HandoffWire.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), connecting.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or ArgumentException or PlatformNotSupportedException
            || (e is OperationCanceledException && !context.Cancellation.IsCancellationRequested))
        {
            return false; // A stale socket file (its process died) refuses at once; the next owner of the lock removes it.
        }
    }

    private static async Task<HandoffReply> ExchangeAsync(CliContext context, NetworkStream stream, byte[] key, ReadOnlyMemory<byte> nonce, HandoffRequest request, CancellationToken cancellationToken)
    {
        var body = request.ToBytes();
        var mac = new byte[HmacSha256.Size];
        HmacSha256.Compute(key, HandoffWire.RequestTranscript(nonce.Span, body), mac);

        // From here the running client may have stored the message: never fall back to a connection of our own.
        (byte[] Body, byte[] Mac)? received;
        try
        {
            await HandoffWire.WriteBodyAsync(stream, body, mac, cancellationToken);
            received = await HandoffWire.ReadBodyAsync(stream, cancellationToken);
        }
        catch (Exception e) when (e is IOException or SocketException or EndOfStreamException
            || (e is OperationCanceledException && !context.Cancellation.IsCancellationRequested))
        {
            throw new CliException(ExitCode.Failure, $"The client running on {context.HomePath} took the request but did not answer. If it was stored, it waits in that client's outbox ('offline history {request.To}' shows it once the client stops).");
        }

        var expected = new byte[HmacSha256.Size];
        if (received is { } reply)
        {
            HmacSha256.Compute(key, HandoffWire.ReplyTranscript(nonce.Span, reply.Body), expected);
        }

        if (received is not { } answer || !CryptographicOperations.FixedTimeEquals(expected, answer.Mac) || HandoffReply.TryParse(answer.Body) is not { } parsed)
        {
            throw new CliException(ExitCode.Failure, $"The answer on {HandoffWire.SocketPath(context.HomePath)} did not come from this home's client; what happened to the request is unknown.");
        }

        return parsed;
    }
}
