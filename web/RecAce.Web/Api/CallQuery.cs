namespace RecAce.Web.Api;

/// <summary>Filters for the call list, shared by the API and the admin pages.</summary>
public sealed record CallQuery
{
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    /// <summary>Part of the outside party's number.</summary>
    public string? Number { get; init; }
    /// <summary>The staff extension, exactly.</summary>
    public string? Extension { get; init; }
    /// <summary>Transcript text; 3+ characters use the trigram index, 1-2 characters a LIKE scan.</summary>
    public string? Text { get; init; }

    /// <summary>Only calls of these extensions (a Staff user's scope); null for all.</summary>
    public IReadOnlyList<string>? StaffExtensions { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = DefaultPageSize;

    public const int DefaultPageSize = 50;

    public const int MaxPageSize = 200;
}
