using RecAce.Core.Harassment;
using RecAce.Web.Auth;

namespace RecAce.Web.Api;

/// <summary>
/// <c>GET /api/v1/incidents</c> and <c>GET /api/v1/incidents/{id}</c> for Admin, Supervisor and
/// Auditor. Read-only: changes go through the pages, which carry antiforgery tokens.
/// </summary>
internal static class IncidentsApi
{
    public static void MapIncidentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").RequireAuthorization(Policies.Oversight).DisableAntiforgery();
        group.MapGet("/incidents", ListAsync);
        group.MapGet("/incidents/{id:guid}", GetAsync);
    }

    private static async Task<IResult> ListAsync(string? status, string? category, string? number, Guid? callId, int? page, IncidentStore store, CallQueries queries, CancellationToken ct)
    {
        IncidentStatus? s = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<IncidentStatus>(status, true, out var parsed) || !Enum.IsDefined(parsed)) return TypedResults.Problem("status must be Open, Reviewed, Escalated or Closed.", statusCode: 400, title: "Invalid status");
            s = parsed;
        }

        var c = IncidentCategories.Parse(category);
        if (!string.IsNullOrEmpty(category) && c is null) return TypedResults.Problem($"category must be one of {string.Join(", ", IncidentCategories.All)}.", statusCode: 400, title: "Invalid category");
        var p = Math.Max(1, page ?? 1);
        var (rows, total) = await store.ListAsync(new IncidentFilter { Status = s, Category = c, Number = string.IsNullOrWhiteSpace(number) ? null : number.Trim(), CallId = callId }, (p - 1) * 100, 100, ct);
        return TypedResults.Ok(new { total, page = p, items = rows.Select(r => new IncidentDto(r.Id, r.CallId, IncidentCategories.ParseStored(r.Categories).Select(x => x.ToString()).ToList(),
            ((IncidentStatus)r.Status).ToString(), r.EscalatedTo is { } e ? ((EscalationTarget)e).ToString() : null, r.Summary, r.OutsideNumber, r.StaffExtension,
            queries.ToLocal(r.OccurredAtMs), r.CreatedBy, null, null)) });
    }

    private static async Task<IResult> GetAsync(Guid id, IncidentStore store, CallQueries queries, CancellationToken ct)
    {
        var d = await store.GetAsync(id, ct);
        if (d is null) return TypedResults.Problem($"No incident {id}.", statusCode: 404, title: "Not found");
        var r = d.Incident;
        return TypedResults.Ok(new IncidentDto(r.Id, r.CallId, d.Categories.Select(x => x.ToString()).ToList(), d.Status.ToString(), d.EscalatedTo?.ToString(), r.Summary,
            r.OutsideNumber, r.StaffExtension, queries.ToLocal(r.OccurredAtMs), r.CreatedBy,
            d.Notes.Select(n => new IncidentNoteDto(n.Author, queries.ToLocal(n.AtMs), n.Text)).ToList(), d.Calls.Select(c => c.CallId).ToList()));
    }
}

internal sealed record IncidentDto(Guid Id, Guid CallId, IReadOnlyList<string> Categories, string Status, string? EscalatedTo, string Summary,
    string? OutsideNumber, string? StaffExtension, DateTimeOffset OccurredAt, string CreatedBy, IReadOnlyList<IncidentNoteDto>? Notes, IReadOnlyList<Guid>? LinkedCalls);

internal sealed record IncidentNoteDto(string Author, DateTimeOffset At, string Text);
