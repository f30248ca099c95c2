using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using RecAce.Core.Audit;
using RecAce.Core.Storage.Recordings;
using RecAce.Web.Auth;

namespace RecAce.Web.Api;

/// <summary><c>/api/v1/calls</c>: list, detail and audio (HTTP Range). Errors are RFC 7807 problem+json.</summary>
internal static class CallsApi
{
    public static void MapCallsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(Policies.Calls).DisableAntiforgery();
        api.MapGet("/calls", ListAsync);
        api.MapGet("/calls/{id:guid}", GetAsync);
        api.MapGet("/calls/{id:guid}/audio", AudioAsync);
    }

    private static async Task<Results<Ok<CallPage>, ProblemHttpResult>> ListAsync(
        HttpContext http, CallQueries queries, AuditLog audit, string? from, string? to, string? number, string? extension, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        if (!TryParseTime(from, queries.Zone, out var fromTime)) return BadFilter("from", from);
        if (!TryParseTime(to, queries.Zone, out var toTime)) return BadFilter("to", to);
        if (q is { Length: > 200 }) return TypedResults.Problem("q must be at most 200 characters.", statusCode: 400, title: "Invalid filter");
        if (pageSize is < 1 or > CallQuery.MaxPageSize) return TypedResults.Problem($"pageSize must be 1 to {CallQuery.MaxPageSize}.", statusCode: 400, title: "Invalid filter");
        var result = await queries.ListAsync(new CallQuery
        {
            From = fromTime,
            To = toTime,
            Number = number,
            Extension = extension,
            Text = q,
            Page = page ?? 1,
            PageSize = pageSize ?? 50,
            StaffExtensions = CallScope.For(http.User).Extensions,
        }, ct);
        await audit.WriteAsync(http.User.Identity?.Name ?? "unknown", "call.search", null, http.Request.QueryString.Value, http.Connection.RemoteIpAddress?.ToString(), ct);
        return TypedResults.Ok(result);
    }

    private static async Task<Results<Ok<CallDto>, ProblemHttpResult>> GetAsync(Guid id, HttpContext http, CallAccess access, CallQueries queries, CancellationToken ct) =>
        await access.CanSeeAsync(http.User, id, ct) && await queries.GetAsync(id, ct) is { } call ? TypedResults.Ok(call) : NotFound(id);

    private static async Task<IResult> AudioAsync(Guid id, HttpContext http, CallAccess access, CallQueries queries, IRecordingStore recordings, AuditLog audit, CancellationToken ct)
    {
        if (!await access.CanSeeAsync(http.User, id, ct)) return NotFound(id);
        if (await queries.GetRecordingAsync(id, ct) is not { } row) return NotFound(id);
        // Seekable whatever the store: a local file, or ranged GETs on an object.
        var stream = await recordings.OpenReadAsync(row.Path, ct);
        if (stream is null) return NotFound(id);
        // A player fetches many ranges per playback; the first request of a playback is what is audited.
        var range = http.Request.Headers.Range.ToString();
        if (string.IsNullOrEmpty(range) || range.StartsWith("bytes=0-", StringComparison.Ordinal))
        {
            await audit.WriteAsync(http.User.Identity?.Name ?? "unknown", string.IsNullOrEmpty(range) ? "recording.download" : "recording.play",
                id.ToString(), row.Sha256, http.Connection.RemoteIpAddress?.ToString(), ct);
        }

        return TypedResults.Stream(stream, "audio/ogg", $"{id:N}.opus", enableRangeProcessing: true);
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem($"No call {id} with that resource.", statusCode: 404, title: "Not found");

    private static ProblemHttpResult BadFilter(string name, string? value) =>
        TypedResults.Problem($"'{name}' must be an ISO 8601 date or time (got '{value}').", statusCode: 400, title: "Invalid filter");

    /// <summary>Accepts a date (midnight in the display zone) or a date-time with or without offset (display zone).</summary>
    internal static bool TryParseTime(string? text, TimeZoneInfo zone, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dto) && HasOffset(text))
        {
            value = dto;
            return true;
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            value = new DateTimeOffset(local, zone.GetUtcOffset(local));
            return true;
        }

        return false;
    }

    private static bool HasOffset(string text) => text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > 10;
}
