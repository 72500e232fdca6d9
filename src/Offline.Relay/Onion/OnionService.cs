using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Offline.Relay.Onion;

/// <summary>
/// Runs the system tor as a child process once Kestrel is listening (the target port is only
/// known then, e.g. with <c>--urls http://127.0.0.1:0</c>), waits for the onion address, prints
/// it, and stops tor when the relay stops. If tor dies on its own the relay stops too: an
/// operator who asked for an onion service should not silently get none.
/// </summary>
internal sealed class OnionService(OnionOptions options, IServer server, IHostApplicationLifetime lifetime) : IHostedLifecycleService, IAsyncDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const string HostnameFile = "hostname";

    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(10);

    private Process? tor;
    private volatile bool stopping;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        // 1. Folders tor insists be private (0700): its state and the service keys.
        CreatePrivateFolders();

        // 2. The torrc, generated on every start from the relay's actual listen address.
        var torrc = Path.Combine(options.DataDirectory, OnionTorrc.FileName);
        await File.WriteAllTextAsync(torrc, OnionTorrc.Build(options, Target(), Environment.ProcessId), cancellationToken);

        // 3. The hostname file is derived from the keys; removing it means the one we wait for is written by this tor.
        File.Delete(Path.Combine(options.DataDirectory, OnionTorrc.ServiceFolder, HostnameFile));
        var log = new TorLogTail(Path.Combine(options.DataDirectory, OnionTorrc.TorFolder, OnionTorrc.LogFile));

        // 4. tor itself.
        var console = StartTor(torrc);

        // 5. The hostname file appears once tor has loaded or created the service keys (no network needed for that).
        var address = await WaitForHostnameAsync(() => $"{console.Text} | log: {log.Read()}", cancellationToken);
        tor!.Exited += (_, _) => OnTorExited();
        if (tor.HasExited)
        {
            OnTorExited();
        }

        Console.WriteLine($"onion: http://{address}/app");
    }

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        stopping = true;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => StopTorAsync();

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await StopTorAsync();
        tor?.Dispose();
    }

    private void CreatePrivateFolders()
    {
        foreach (var folder in new[] { options.DataDirectory, Path.Combine(options.DataDirectory, OnionTorrc.TorFolder), Path.Combine(options.DataDirectory, OnionTorrc.ServiceFolder) })
        {
            if (OperatingSystem.IsWindows())
            {
                System.IO.Directory.CreateDirectory(folder);
            }
            else
            {
                System.IO.Directory.CreateDirectory(folder, OwnerOnly);
                File.SetUnixFileMode(folder, OwnerOnly);
            }
        }
    }

    /// <summary>Starts tor on <paramref name="torrc"/>; its console output is kept only to explain a failed start.</summary>
    private TorConsole StartTor(string torrc)
    {
        var info = new ProcessStartInfo(options.TorPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-f");
        info.ArgumentList.Add(torrc);
        info.ArgumentList.Add("--hush");
        var console = new TorConsole();
        try
        {
            tor = new Process { StartInfo = info, EnableRaisingEvents = true };
            tor.OutputDataReceived += (_, e) => console.Add(e.Data);
            tor.ErrorDataReceived += (_, e) => console.Add(e.Data);
            tor.Start();
            tor.BeginOutputReadLine();
            tor.BeginErrorReadLine();
            return console;
        }
        catch (Win32Exception e)
        {
            throw new OnionException($"cannot start tor ({options.TorPath}): {e.Message}; install the tor package or set Relay:Onion:TorPath");
        }
    }

    /// <summary>The address tor forwards port 80 to: the relay's first listen address, always on loopback.</summary>
    private string Target()
    {
        var first = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new OnionException("the relay has no listen address to point the onion service at");
        var uri = new Uri(first.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal));
        var loopback = IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && ip.Equals(IPAddress.IPv6Loopback) ? "[::1]" : "127.0.0.1";
        return $"{loopback}:{uri.Port}";
    }

    private async Task<string> WaitForHostnameAsync(Func<string> reason, CancellationToken cancellationToken)
    {
        var hostname = Path.Combine(options.DataDirectory, OnionTorrc.ServiceFolder, HostnameFile);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < OnionOptions.HostnameWait)
        {
            if (tor!.HasExited)
            {
                throw new OnionException($"tor exited with code {tor.ExitCode} before publishing: {reason()}");
            }

            if (File.Exists(hostname) && (await File.ReadAllTextAsync(hostname, cancellationToken)).Trim() is { Length: > 0 } address)
            {
                return address;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        throw new OnionException($"tor wrote no onion hostname within {OnionOptions.HostnameWait.TotalSeconds:0} s: {reason()}");
    }

    private void OnTorExited()
    {
        if (!stopping)
        {
            Console.Error.WriteLine("offline-relay: tor exited; stopping the relay (its onion service is gone)");
            lifetime.StopApplication();
        }
    }

    private async Task StopTorAsync()
    {
        stopping = true;
        if (tor is null)
        {
            return;
        }

        try
        {
            if (!tor.HasExited)
            {
                // SIGTERM would make tor wait ShutdownWaitLength; it holds no client state worth waiting for.
                tor.Kill();
                using var timeout = new CancellationTokenSource(StopWait);
                await tor.WaitForExitAsync(timeout.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
    }
}
