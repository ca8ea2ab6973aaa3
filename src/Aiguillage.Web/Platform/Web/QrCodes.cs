using System.Text;
using QRCoder;

namespace Aiguillage.Web.Platform.Web;

/// <summary>QR codes as SVG data URIs: no script, no request, allowed by our Content-Security-Policy, sharp in print.</summary>
public static class QrCodes
{
    public static string SvgDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(6);
        return "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
    }
}
