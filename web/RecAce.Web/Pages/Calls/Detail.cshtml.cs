using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RecAce.Core.Audit;
using RecAce.Core.Transcription;
using RecAce.Web.Api;
using RecAce.Web.Auth;

namespace RecAce.Web.Pages.Calls;

public sealed class DetailModel : PageModel
{
    private readonly CallQueries _queries;
    private readonly TranscriptQueries _transcripts;
    private readonly TranscriptStore _store;
    private readonly AuditLog _audit;
    private readonly CallAccess _access;

    public DetailModel(CallQueries queries, TranscriptQueries transcripts, TranscriptStore store, AuditLog audit, CallAccess access)
    {
        _queries = queries;
        _transcripts = transcripts;
        _store = store;
        _audit = audit;
        _access = access;
    }

    public CallDto? Call { get; private set; }

    public TranscriptDto? Transcript { get; private set; }

    /// <summary>Supervisors and administrators may correct a transcript.</summary>
    public bool CanCorrect => User.IsInRole(Roles.Admin) || User.IsInRole(Roles.Supervisor);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        // Another extension's call is "not found" to a Staff user: its existence is not confirmed.
        if (!await _access.CanSeeAsync(User, id, ct)) return NotFound();
        Call = await _queries.GetAsync(id, ct);
        if (Call is null) return NotFound();
        Transcript = await _transcripts.GetAsync(id, ct);
        await _audit.WriteAsync(User.Identity?.Name ?? "unknown", "call.view", id.ToString(), null, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        return Page();
    }

    /// <summary>Stores a correction beside Whisper's text (antiforgery is checked by Razor Pages on every POST).</summary>
    public async Task<IActionResult> OnPostCorrectAsync(Guid id, long segmentId, [Required, StringLength(4000)] string text, CancellationToken ct)
    {
        if (!CanCorrect) return Forbid();
        if (!ModelState.IsValid || string.IsNullOrWhiteSpace(text)) return BadRequest();
        var actor = User.Identity?.Name ?? "unknown";
        var before = await _store.CorrectAsync(id, segmentId, text.Trim(), actor, ct);
        if (before is null) return NotFound();
        await _audit.WriteAsync(actor, "transcript.correct", id.ToString(),
            $"segment {segmentId}: \"{before}\" -> \"{text.Trim()}\"", HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        return RedirectToPage(new { id });
    }
}
