using QRCoder;

namespace Offline.Cli.Output;

/// <summary>A QR code drawn with half-block characters, two modules per line, with its quiet zone.</summary>
internal static class TerminalQr
{
    public static string Draw(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        using var code = new AsciiQRCode(data);
        return code.GetGraphicSmall(drawQuietZones: true, invert: false, endOfLine: Environment.NewLine);
    }
}
