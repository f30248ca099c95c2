using RecAce.Core.Audit;
using RecAce.Web.Auth;
using RecAce.Web.Evidence;

namespace RecAce.Web.Api;

/// <summary>
/// <c>GET /api/v1/calls/{id}/evidence?reason=...</c>: the evidence package (ZIP). Supervisors,
/// auditors and admins; the reason is required and audited with the export.
/// </summary>
internal static class EvidenceApi
{
    public const int MaxReasonLength = 1000;

    public static void MapEvidenceApi(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1").RequireAuthorization(Policies.Oversight).DisableAntiforgery()
            .MapGet("/calls/{id:guid}/evidence", GetAsync);

    private static async Task<IResult> GetAsync(Guid id, string? reason, HttpContext http, CallAccess access, EvidencePackageBuilder builder, AuditLog audit,
        ILogger<EvidencePackageBuilder> logger, CancellationToken ct)
    {
        if (!await access.CanSeeAsync(http.User, id, ct)) return NotFound(id);
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason)) return TypedResults.Problem("An evidence package needs a reason: ?reason=... (it is recorded in the audit trail).", statusCode: 400, title: "Reason required");
        if (reason.Length > MaxReasonLength) return TypedResults.Problem($"The reason must be at most {MaxReasonLength} characters.", statusCode: 400, title: "Reason too long");

        var actor = http.User.Identity?.Name ?? "unknown";
        var remote = http.Connection.RemoteIpAddress?.ToString();
        try
        {
            await builder.CheckAsync(id, ct);
            // Audited before the package is built, so its own custody log shows this export.
            await audit.WriteAsync(actor, "evidence.export", id.ToString(), "reason: " + reason, remote, ct);
            var zip = await builder.BuildAsync(id, actor, reason, ct);
            return TypedResults.File(zip, "application/zip", $"evidence-{id:N}.zip");
        }
        catch (EvidenceUnavailableException e)
        {
            logger.LogWarning("Evidence package for call {CallId} refused: {Reason}", id, e.Message);
            return e.Status == 404 ? NotFound(id) : TypedResults.Problem(e.Message, statusCode: e.Status, title: "Evidence package unavailable");
        }
        catch (EvidenceFontMissingException e)
        {
            logger.LogError("Evidence package for call {CallId} failed: {Reason}", id, e.Message);
            await audit.WriteAsync(actor, "evidence.export.failed", id.ToString(), e.Message, remote, ct);
            return TypedResults.Problem(e.Message, statusCode: 503, title: "Transcript PDF font missing");
        }
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotFound(Guid id) => TypedResults.Problem($"No call {id} with that resource.", statusCode: 404, title: "Not found");
}
