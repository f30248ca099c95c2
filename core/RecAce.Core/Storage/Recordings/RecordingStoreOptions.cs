namespace RecAce.Core.Storage.Recordings;

/// <summary>Which recording store to use: <c>RecAce:Storage:Kind</c>.</summary>
public enum RecordingStoreKind
{
    /// <summary>A local or shared folder (<c>RecAce:Storage:Root</c>, default the data folder).</summary>
    Folder = 0,

    /// <summary>S3-compatible object storage (<c>RecAce:Storage:S3</c>).</summary>
    S3 = 1,
}

/// <summary>The <c>RecAce:Storage:S3</c> section.</summary>
public sealed class S3StoreOptions
{
    /// <summary>The service URL, e.g. <c>https://s3.example.lg.jp</c>; empty for AWS itself (then <see cref="Region"/> decides).</summary>
    public string? Endpoint { get; set; }

    /// <summary>The bucket; it must exist.</summary>
    public string Bucket { get; set; } = "";

    /// <summary>The signing region. Default <c>us-east-1</c>, what most non-AWS servers expect.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Access key id.</summary>
    public string? AccessKey { get; set; }

    /// <summary>Secret key; never logged.</summary>
    public string? SecretKey { get; set; }

    /// <summary>Bucket in the path rather than the host name, as MinIO, Garage and most on-premise servers need. Default true.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>Prefix put before every key, e.g. <c>cityhall-a/</c>, to share a bucket. Default none.</summary>
    public string Prefix { get; set; } = "";
}
