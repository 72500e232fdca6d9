using System.Security.Cryptography;
using System.Text;

namespace Offline.Protocol.Wire;

/// <summary>
/// The introduction mailbox of an ID: SHA-256("Offline/Intro/v1" || fingerprint). Anyone who knows
/// the ID can derive it (first contact goes there); only the ID's keyholder can create it.
/// </summary>
public static class IntroductionAddress
{
    private static readonly byte[] Label = Encoding.ASCII.GetBytes("Offline/Intro/v1");

    public static byte[] For(ReadOnlySpan<byte> fingerprint) => SHA256.HashData([.. Label, .. fingerprint]);
}
