namespace RecAce.Core.Evidence.Packages;

/// <summary>The fixed file names inside an evidence package (relative, '/'-separated).</summary>
public static class PackageLayout
{
    public const string Manifest = "SHA256SUMS";
    public const string Metadata = "metadata.json";
    public const string Proof = "chain/proof.json";
    public const string CheckpointText = "chain/checkpoint.txt";
    public const string CheckpointSignature = "chain/checkpoint.sig";
    public const string CheckpointTimestamp = "chain/checkpoint.tsr";
    public const string PublicKey = "chain/public-key.pem";
    public const string CustodyLog = "custody-log.json";
    public const string TranscriptText = "transcript/transcript.txt";
    public const string TranscriptJson = "transcript/transcript.json";
    public const string TranscriptPdf = "transcript/transcript.pdf";
    public const string Readme = "README.txt";
    public const string RecordingFolder = "recording/";
}
