using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;

namespace RecAce.Core.Evidence;

/// <summary>Asks an RFC 3161 time-stamp authority to stamp data; returns the token (DER).</summary>
public sealed class TimestampClient
{
    private readonly HttpClient _http;

    public TimestampClient(HttpClient http) => _http = http;

    /// <exception cref="TimestampException">The authority could not be reached or its answer is not a valid stamp of the data.</exception>
    public async Task<byte[]> StampAsync(Uri authority, byte[] data, CancellationToken ct)
    {
        var nonce = RandomNumberGenerator.GetBytes(8);
        // A positive nonce: its first byte must not read as a sign bit in DER.
        nonce[0] &= 0x7f;
        var request = Rfc3161TimestampRequest.CreateFromData(data, HashAlgorithmName.SHA256, requestSignerCertificates: true, nonce: nonce);
        using var content = new ByteArrayContent(request.Encode());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        byte[] body;
        try
        {
            using var response = await _http.PostAsync(authority, content, ct);
            if (!response.IsSuccessStatusCode) throw new TimestampException($"the time-stamp authority answered HTTP {(int)response.StatusCode}");
            body = await response.Content.ReadAsByteArrayAsync(ct);
        }
        catch (HttpRequestException e)
        {
            throw new TimestampException($"the time-stamp authority could not be reached: {e.Message}", e);
        }

        try
        {
            var token = request.ProcessResponse(body, out _);
            if (!token.VerifySignatureForData(data, out _)) throw new TimestampException("the time-stamp's signature does not verify");
            return token.AsSignedCms().Encode();
        }
        catch (CryptographicException e)
        {
            throw new TimestampException($"the time-stamp authority's answer is not a valid stamp: {e.Message}", e);
        }
    }
}

/// <summary>A time-stamp could not be obtained.</summary>
public sealed class TimestampException : Exception
{
    public TimestampException(string message) : base(message) { }

    public TimestampException(string message, Exception inner) : base(message, inner) { }

    public TimestampException() { }
}
