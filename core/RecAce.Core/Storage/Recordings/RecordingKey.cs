namespace RecAce.Core.Storage.Recordings;

/// <summary>Checks a recording key: relative, forward slashes, no <c>..</c>; it comes from the database, never from a request.</summary>
internal static class RecordingKey
{
    public static string Check(string key)
    {
        if (string.IsNullOrWhiteSpace(key) || key.StartsWith('/') || key.Contains('\\', StringComparison.Ordinal) || key.Contains(':', StringComparison.Ordinal)
            || key.Split('/').Any(part => part is "" or "." or ".."))
        {
            throw new RecordingStoreException($"'{key}' is not a valid recording key");
        }

        return key;
    }
}
