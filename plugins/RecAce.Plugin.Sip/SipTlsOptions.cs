using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RecAce.Plugin.Sip;

/// <summary>
/// The TLS listener (<c>Plugins:Sip:Tls:*</c>): on when a certificate is configured. A class, not a
/// record, so that printing the options never prints the password.
/// </summary>
public sealed class SipTlsOptions
{
    /// <summary>TLS port. Default 5061; 0 takes a free port (tests).</summary>
    public int Port { get; init; } = 5061;

    /// <summary>Certificate file: PKCS#12 (<c>.pfx</c>/<c>.p12</c>, key included) or PEM (key in <see cref="KeyPath"/> or in the same file).</summary>
    public required string CertificatePath { get; init; }

    /// <summary>PEM private key file; unset, the key is read from the certificate file.</summary>
    public string? KeyPath { get; init; }

    /// <summary>Password of the PKCS#12 file or of an encrypted PEM key. Never logged.</summary>
    public string? Password { get; init; }

    /// <summary>Port and certificate file, never the password.</summary>
    public override string ToString() => $"TLS port {Port}, certificate {CertificatePath}";

    /// <summary>Loads the certificate with its private key.</summary>
    /// <exception cref="FormatException">The files cannot be read or hold no usable certificate and key; the message names the file, never the password.</exception>
    public X509Certificate2 LoadCertificate()
    {
        try
        {
            var extension = Path.GetExtension(CertificatePath).ToLowerInvariant();
            using var loaded = extension is ".pfx" or ".p12"
                ? X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, Password, X509KeyStorageFlags.EphemeralKeySet)
                : string.IsNullOrEmpty(Password)
                    ? X509Certificate2.CreateFromPemFile(CertificatePath, KeyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(CertificatePath, Password, KeyPath);
            if (!loaded.HasPrivateKey) throw new FormatException($"Plugins:Sip:Tls: {CertificatePath} has no private key.");
            // A PEM key is ephemeral; a PKCS#12 round trip gives a certificate SslStream can serve on every platform.
            return X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new FormatException($"Plugins:Sip:Tls: the certificate {CertificatePath} cannot be loaded: {ex.Message}", ex);
        }
    }
}
