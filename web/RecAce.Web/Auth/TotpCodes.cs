using OtpNet;

namespace RecAce.Web.Auth;

/// <summary>RFC 6238 codes (30 s steps, 6 digits, SHA-1: what every authenticator app reads).</summary>
public static class TotpCodes
{
    public static string NewSecret() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));

    /// <summary>The URI an authenticator app takes (as text, or as a QR code of it).</summary>
    public static string Uri(string secret, string userName) =>
        $"otpauth://totp/RecAce:{System.Uri.EscapeDataString(userName)}?secret={secret}&issuer=RecAce&algorithm=SHA1&digits=6&period=30";

    /// <summary>Accepts the current step and one either side (clock drift), reporting which step matched.</summary>
    public static bool Verify(string secret, string code, DateTimeOffset now, out long step)
    {
        step = 0;
        code = (code ?? "").Trim();
        if (code.Length != 6 || !code.All(char.IsAsciiDigit)) return false;
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        return totp.VerifyTotp(now.UtcDateTime, code, out step, VerificationWindow.RfcSpecifiedNetworkDelay);
    }

    /// <summary>The code for a time; for tests and the enrolment check.</summary>
    public static string Compute(string secret, DateTimeOffset at) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(at.UtcDateTime);
}
