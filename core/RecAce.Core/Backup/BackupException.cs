namespace RecAce.Core.Backup;

/// <summary>A backup or restore that cannot go on; the message says why and what to do.</summary>
public sealed class BackupException : Exception
{
    public BackupException(string message)
        : base(message)
    {
    }

    public BackupException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
