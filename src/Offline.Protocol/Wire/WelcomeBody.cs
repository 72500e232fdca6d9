namespace Offline.Protocol.Wire;

/// <summary>Welcome body: connection token (32) || publish challenge (32), both fresh random bytes.</summary>
public sealed class WelcomeBody
{
    public WelcomeBody(byte[] token, byte[] challenge)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(token.Length, RelayWire.TokenSize, nameof(token));
        ArgumentOutOfRangeException.ThrowIfNotEqual(challenge.Length, RelayWire.TokenSize, nameof(challenge));
        Token = token;
        Challenge = challenge;
    }

    /// <summary>Names this connection only; unrelated to any identity, never resumable.</summary>
    public byte[] Token { get; }

    /// <summary>Signed into a PublishBundle so a captured publish cannot be replayed on another connection.</summary>
    public byte[] Challenge { get; }

    public byte[] Encode() => [.. Token, .. Challenge];

    public static bool TryParse(ReadOnlySpan<byte> body, out WelcomeBody? welcome)
    {
        welcome = null;
        if (body.Length != 2 * RelayWire.TokenSize)
        {
            return false;
        }

        welcome = new WelcomeBody(body[..RelayWire.TokenSize].ToArray(), body[RelayWire.TokenSize..].ToArray());
        return true;
    }
}
