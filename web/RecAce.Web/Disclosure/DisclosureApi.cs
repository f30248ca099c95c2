using System.Text.Json;
using Microsoft.Extensions.Localization;
using RecAce.Web.Auth;

namespace RecAce.Web.Disclosure;

/// <summary>
/// <c>POST /api/v1/calls/{id}/disclosure</c>: a redacted export (ZIP) for a disclosure request.
/// Supervisors, auditors and administrators (<see cref="Policies.Oversight"/>); errors are problem+json.
/// </summary>
internal static class DisclosureApi
{
    /// <summary>A request is a reason and a few hundred small objects at most.</summary>
    private const int MaxBodyBytes = 64 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { MaxDepth = 8 };

    public static void MapDisclosureApi(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1").RequireAuthorization(Policies.Oversight)
            // Bearer tokens and JSON only: a cross-site form cannot send application/json, and the
            // cookie is SameSite=Strict, so no antiforgery token is needed here.
            .DisableAntiforgery()
            .MapPost("/calls/{id:guid}/disclosure", PostAsync);

    private static async Task<IResult> PostAsync(Guid id, HttpContext http, DisclosureExporter exporter, IStringLocalizer<SharedResource> t, ILoggerFactory loggers, CancellationToken ct)
    {
        if (http.Request.ContentLength is > MaxBodyBytes) return Problem(413, "Request too large", $"The body must be at most {MaxBodyBytes} bytes.");
        if (!(http.Request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Problem(415, "Unsupported media type", "Send the request as application/json.");
        }

        DisclosureRequest? request;
        try
        {
            using var limited = new MemoryStream();
            await CopyLimitedAsync(http.Request.Body, limited, ct);
            limited.Position = 0;
            request = await JsonSerializer.DeserializeAsync<DisclosureRequest>(limited, Json, ct);
        }
        catch (JsonException e)
        {
            loggers.CreateLogger(typeof(DisclosureApi)).LogWarning("Disclosure of call {CallId}: malformed JSON from {Remote}: {Error}", id, http.Connection.RemoteIpAddress, e.Message);
            return Problem(400, "Invalid JSON", "The body is not a valid disclosure request: " + e.Message);
        }
        catch (InvalidDataException)
        {
            return Problem(413, "Request too large", $"The body must be at most {MaxBodyBytes} bytes.");
        }

        if (request is null) return Problem(400, "Invalid JSON", "The body must be a JSON object with reason, mutedRanges and textMasks.");
        var result = await exporter.ExportAsync(id, request, http.User.Identity?.Name ?? "unknown", http.Connection.RemoteIpAddress?.ToString(), s => t[s].Value, ct);
        if (result.NotFound) return Problem(404, "Not found", $"No call {id} with a recording.");
        if (result.Conflict is { } conflict) return Problem(409, "Cannot export", conflict);
        if (result.Errors is { } errors) return TypedResults.ValidationProblem(errors, title: "Invalid disclosure request");
        return TypedResults.File(result.Package!, "application/zip", result.FileName);
    }

    private static async Task CopyLimitedAsync(Stream from, Stream to, CancellationToken ct)
    {
        var buffer = new byte[8192];
        int n;
        while ((n = await from.ReadAsync(buffer, ct)) > 0)
        {
            if (to.Length + n > MaxBodyBytes) throw new InvalidDataException("body too large");
            await to.WriteAsync(buffer.AsMemory(0, n), ct);
        }
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem(int status, string title, string detail) => TypedResults.Problem(detail, statusCode: status, title: title);
}
