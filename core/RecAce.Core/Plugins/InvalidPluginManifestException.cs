namespace RecAce.Core.Plugins;

/// <summary>A <c>plugin.json</c> is missing, unreadable or invalid. The message is meant for administrators.</summary>
public sealed class InvalidPluginManifestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InvalidPluginManifestException() { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong with the manifest.</param>
    public InvalidPluginManifestException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    /// <param name="message">What is wrong with the manifest.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidPluginManifestException(string message, Exception innerException) : base(message, innerException) { }
}
