using System.Net;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace RecAce.Core.Storage.Recordings;

/// <summary>
/// Recordings as objects in an S3-compatible bucket (AWS, MinIO, Garage, Ceph RGW, ...). A put never
/// replaces an object: the key is checked first and the put itself is conditional (<c>If-None-Match: *</c>),
/// so a server that supports conditional writes refuses a racing second writer too. ffmpeg gets a
/// temporary local copy whose SHA-256 is checked against the sealed one.
/// </summary>
public sealed class S3RecordingStore : IRecordingStore, IDisposable
{
    private const string ShaMetadata = "x-amz-meta-sha256";
    private readonly AmazonS3Client _client;
    private readonly S3StoreOptions _options;
    private readonly string _tempFolder;

    /// <param name="tempFolder">Where temporary local copies are made (the node's own data folder).</param>
    public S3RecordingStore(S3StoreOptions options, string tempFolder)
    {
        if (string.IsNullOrWhiteSpace(options.Bucket)) throw new ArgumentException("RecAce:Storage:S3:Bucket is required when RecAce:Storage:Kind is S3", nameof(options));
        _options = options;
        _tempFolder = Path.GetFullPath(tempFolder);
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            AuthenticationRegion = options.Region,
            // Checksums only where the API requires them: many S3-compatible servers reject the
            // trailing-checksum upload encoding newer SDKs send by default.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (!string.IsNullOrWhiteSpace(options.Endpoint)) config.ServiceURL = options.Endpoint;
        else config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        _client = string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey ?? ""), config);
    }

    public string Kind => nameof(RecordingStoreKind.S3);

    public string Location => $"s3 {(string.IsNullOrWhiteSpace(_options.Endpoint) ? _options.Region : _options.Endpoint)} bucket {_options.Bucket}{(_options.Prefix.Length > 0 ? " prefix " + _options.Prefix : "")}";

    internal AmazonS3Client Client => _client;

    public string ObjectKey(string key) => _options.Prefix + RecordingKey.Check(key);

    public async Task<StoredRecording> PutAsync(string key, string localFile, CancellationToken ct)
    {
        var objectKey = ObjectKey(key);
        if (await HeadAsync(objectKey, ct) is not null) return await ExistingAsync(objectKey, ct);
        var (sha, size) = await RecordingHash.OfFileAsync(localFile, ct);
        var request = new PutObjectRequest
        {
            BucketName = _options.Bucket,
            Key = objectKey,
            FilePath = localFile,
            ContentType = "audio/ogg",
            IfNoneMatch = "*",
            UseChunkEncoding = false,
        };
        request.Metadata[ShaMetadata] = sha;
        try
        {
            await _client.PutObjectAsync(request, ct);
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            // Another writer stored the key between the check and the put; its object stands.
            return await ExistingAsync(objectKey, ct);
        }
        catch (AmazonServiceException e)
        {
            throw Failed("store", objectKey, e);
        }

        return new StoredRecording(sha, size, AlreadyExisted: false);
    }

    public async Task<long?> SizeAsync(string key, CancellationToken ct) => (await HeadAsync(ObjectKey(key), ct))?.ContentLength;

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        var objectKey = ObjectKey(key);
        return await HeadAsync(objectKey, ct) is { } head ? new S3ObjectReadStream(_client, _options.Bucket, objectKey, head.ContentLength) : null;
    }

    public async Task<LocalRecording?> OpenLocalAsync(string key, string sha256, CancellationToken ct)
    {
        await using var source = await OpenReadAsync(key, ct);
        if (source is null) return null;
        var folder = Directory.CreateDirectory(Path.Combine(_tempFolder, "tmp", "recordings")).FullName;
        var path = Path.Combine(folder, Guid.NewGuid().ToString("N") + Path.GetExtension(key));
        var local = new LocalRecording(path, temporary: true);
        try
        {
            string actual;
            await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[1 << 16];
                int n;
                while ((n = await source.ReadAsync(buffer, ct)) > 0)
                {
                    hash.AppendData(buffer, 0, n);
                    await target.WriteAsync(buffer.AsMemory(0, n), ct);
                }

                actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            }

            if (!string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase))
                throw new RecordingStoreException($"the object {ObjectKey(key)} does not match its sealed SHA-256 (got {actual}, sealed {sha256}); run 'recace verify'");
            return local;
        }
        catch
        {
            await local.DisposeAsync();
            throw;
        }
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken ct)
    {
        var objectKey = ObjectKey(key);
        if (await HeadAsync(objectKey, ct) is null) return false;
        try
        {
            await _client.DeleteObjectAsync(_options.Bucket, objectKey, ct);
            return true;
        }
        catch (AmazonServiceException e)
        {
            throw Failed("delete", objectKey, e);
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task<GetObjectMetadataResponse?> HeadAsync(string objectKey, CancellationToken ct)
    {
        try
        {
            return await _client.GetObjectMetadataAsync(_options.Bucket, objectKey, ct);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (AmazonServiceException e)
        {
            throw Failed("look up", objectKey, e);
        }
    }

    private async Task<StoredRecording> ExistingAsync(string objectKey, CancellationToken ct)
    {
        var head = await HeadAsync(objectKey, ct) ?? throw new RecordingStoreException($"the object {objectKey} vanished while being stored");
        await using var stream = new S3ObjectReadStream(_client, _options.Bucket, objectKey, head.ContentLength);
        return new StoredRecording(await RecordingHash.OfStreamAsync(stream, ct), head.ContentLength, AlreadyExisted: true);
    }

    private RecordingStoreException Failed(string what, string objectKey, AmazonServiceException e) =>
        new($"object storage could not {what} {objectKey} in bucket {_options.Bucket}: {(int)e.StatusCode} {e.ErrorCode} {e.Message}", e);
}
