namespace RecAce.Web.Disclosure;

/// <summary>What an export attempt came to: a package, or why there is none.</summary>
public sealed record DisclosureResult
{
    /// <summary>Problems with the request by field (400).</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>The call or its recording does not exist (404).</summary>
    public bool NotFound { get; init; }

    /// <summary>The export cannot be made as things are, e.g. the file no longer matches its sealed hash (409).</summary>
    public string? Conflict { get; init; }

    /// <summary>The ZIP, opened with delete-on-close: the redacted copy exists only until it is sent.</summary>
    public Stream? Package { get; init; }

    public string FileName { get; init; } = "";

    public long DisclosureId { get; init; }
}
