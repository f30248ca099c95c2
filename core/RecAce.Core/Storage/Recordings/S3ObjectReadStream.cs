using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace RecAce.Core.Storage.Recordings;

/// <summary>
/// A seekable read-only view of one object: reads stream from one ranged GET that is reopened only
/// after a seek, so HTTP Range playback and hashing fetch each byte once.
/// </summary>
internal sealed class S3ObjectReadStream : Stream
{
    private readonly IAmazonS3 _client;
    private readonly string _bucket;
    private readonly string _key;
    private GetObjectResponse? _response;
    private Stream? _body;
    private long _position;

    public S3ObjectReadStream(IAmazonS3 client, string bucket, string key, long length)
    {
        _client = client;
        _bucket = bucket;
        _key = key;
        Length = length;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length { get; }

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= Length || buffer.Length == 0) return 0;
        if (_body is null)
        {
            try
            {
                _response = await _client.GetObjectAsync(new GetObjectRequest
                {
                    BucketName = _bucket,
                    Key = _key,
                    ByteRange = new ByteRange(_position, Length - 1),
                }, cancellationToken);
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                throw new RecordingStoreException($"the object {_key} is gone", e);
            }
            catch (AmazonServiceException e)
            {
                throw new RecordingStoreException($"object storage could not read {_key}: {(int)e.StatusCode} {e.ErrorCode} {e.Message}", e);
            }

            _body = _response.ResponseStream;
        }

        var n = await _body.ReadAsync(buffer, cancellationToken);
        if (n == 0) throw new RecordingStoreException($"the object {_key} ended at {_position} of {Length} bytes");
        _position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => Length + offset,
        };
        if (target < 0) throw new IOException("seek before the start of the object");
        if (target != _position) CloseBody();
        _position = target;
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) CloseBody();
        base.Dispose(disposing);
    }

    private void CloseBody()
    {
        _body?.Dispose();
        _response?.Dispose();
        _body = null;
        _response = null;
    }
}
