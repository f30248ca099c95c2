using System.Security.Cryptography;
using System.Text;

namespace RecAce.Core.Evidence;

/// <summary>
/// The server's checkpoint signing key: ECDSA P-256 with SHA-256, signatures in DER (the form
/// <c>openssl dgst -verify</c> reads). Created on first use; the private key file is readable by
/// the owner only, and the public key is written beside it to hand to auditors.
/// </summary>
public sealed class ServerKey : IDisposable
{
    public const string DefaultFileName = "evidence-key.pem";
    private readonly ECDsa _key;

    private ServerKey(ECDsa key, string path)
    {
        _key = key;
        PrivateKeyPath = path;
        var spki = key.ExportSubjectPublicKeyInfo();
        KeyId = Convert.ToHexStringLower(SHA256.HashData(spki));
        PublicKeyPem = PemEncoding.WriteString("PUBLIC KEY", spki) + "\n";
    }

    public string PrivateKeyPath { get; }

    /// <summary>Where the public key is written: the key file's name with <c>.pub.pem</c>.</summary>
    public string PublicKeyPath => Path.ChangeExtension(PrivateKeyPath, ".pub.pem");

    /// <summary>SHA-256 of the public key's SubjectPublicKeyInfo, lower-case hex.</summary>
    public string KeyId { get; }

    public string PublicKeyPem { get; }

    /// <summary>Loads the key, or creates it (owner-only permissions) when the file does not exist.</summary>
    /// <exception cref="InvalidDataException">The file exists but holds no usable EC private key.</exception>
    public static ServerKey LoadOrCreate(string path)
    {
        path = Path.GetFullPath(path);
        if (File.Exists(path))
        {
            var key = ECDsa.Create();
            try
            {
                key.ImportFromPem(File.ReadAllText(path));
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                key.Dispose();
                throw new InvalidDataException($"The evidence signing key {path} is not an EC private key in PEM: {e.Message}", e);
            }

            var loaded = new ServerKey(key, path);
            if (!File.Exists(loaded.PublicKeyPath)) loaded.WritePublicKey();
            return loaded;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = created.ExportPkcs8PrivateKeyPem();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        // Created owner-only from the start: never readable by others, not even for a moment.
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(path, options))
        {
            stream.Write(Encoding.ASCII.GetBytes(pem + "\n"));
        }

        var result = new ServerKey(created, path);
        result.WritePublicKey();
        return result;
    }

    public byte[] Sign(byte[] data) => _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>Checks a DER signature with a PEM public key; false for a bad signature or an unreadable key.</summary>
    public static bool Verify(string publicKeyPem, byte[] data, byte[] signature)
    {
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(publicKeyPem);
            return key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The key id of a PEM public key, or null when it cannot be read.</summary>
    public static string? KeyIdOf(string publicKeyPem)
    {
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(publicKeyPem);
            return Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return null;
        }
    }

    public void Dispose() => _key.Dispose();

    private void WritePublicKey() => File.WriteAllText(PublicKeyPath, PublicKeyPem);
}
