using RecAce.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using RecAce.Core.Audit;

namespace RecAce.Web.Api;

/// <summary><c>GET /api/v1/calls/{id}/transcript?format=json|txt|srt|vtt</c>. Every export is audited.</summary>
internal static class TranscriptApi
{
    public static void MapTranscriptApi(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1").RequireAuthorization(Policies.Calls).DisableAntiforgery()
            .MapGet("/calls/{id:guid}/transcript", GetAsync);

    private static async Task<IResult> GetAsync(Guid id, string? format, HttpContext http, TranscriptQueries queries, AuditLog audit,
        CallAccess access, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        // Staff read only their own extensions' calls: another's is "not found", as for the call itself.
        if (!await access.CanSeeAsync(http.User, id, ct)) return TypedResults.Problem($"No call {id} with that resource.", statusCode: 404, title: "Not found");
        var f = (format ?? "json").ToLowerInvariant();
        if (f is not ("json" or "txt" or "srt" or "vtt")) return TypedResults.Problem("format must be json, txt, srt or vtt.", statusCode: 400, title: "Invalid format");
        var transcript = await queries.GetAsync(id, ct);
        if (transcript is null) return TypedResults.Problem($"No call {id} with that resource.", statusCode: 404, title: "Not found");
        await audit.WriteAsync(http.User.Identity?.Name ?? "unknown", "transcript.export", id.ToString(), f, http.Connection.RemoteIpAddress?.ToString(), ct);
        string Label(string speaker) => t[speaker].Value;
        return f switch
        {
            "txt" => File(TranscriptFormats.Text(transcript, Label), "text/plain", id, "txt"),
            "srt" => File(TranscriptFormats.Srt(transcript, Label), "application/x-subrip", id, "srt"),
            "vtt" => File(TranscriptFormats.Vtt(transcript, Label), "text/vtt", id, "vtt"),
            _ => TypedResults.Ok(transcript),
        };
    }

    private static FileContentHttpResult File(string body, string type, Guid id, string ext) =>
        TypedResults.File(System.Text.Encoding.UTF8.GetBytes(body), type + "; charset=utf-8", $"{id:N}.{ext}");
}
