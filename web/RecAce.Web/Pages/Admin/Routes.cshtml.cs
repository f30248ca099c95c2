using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RecAce.Data.Entities;
using RecAce.Web.Inline;

namespace RecAce.Web.Pages.Admin;

/// <summary>
/// The in-line recorder's routes (Admin): the effective list (admin routes first, editable and
/// reorderable; then the configuration's, read-only with their source) and the announcements.
/// </summary>
[RequestSizeLimit(AnnouncementLibrary.MaxBytes * 2)]
[RequestFormLimits(MultipartBodyLengthLimit = AnnouncementLibrary.MaxBytes * 2)]
public sealed class RoutesModel : PageModel
{
    private readonly InlineRouteStore _routes;
    private readonly AnnouncementLibrary _announcements;
    private readonly ConfiguredRoutes _configured;
    private readonly AdminRoutesConfigurationProvider _overlay;

    public RoutesModel(InlineRouteStore routes, AnnouncementLibrary announcements, ConfiguredRoutes configured, AdminRoutesConfigurationProvider overlay)
    {
        _routes = routes;
        _announcements = announcements;
        _configured = configured;
        _overlay = overlay;
    }

    public IReadOnlyList<SipRouteRow> Saved { get; private set; } = [];
    public IReadOnlyList<ConfiguredRoute> Configured { get; private set; } = [];
    public IReadOnlyList<AnnouncementRow> Announcements { get; private set; } = [];

    /// <summary>The route being edited; null when the form adds a new one.</summary>
    [BindProperty(SupportsGet = true)]
    public long? Edit { get; set; }

    [BindProperty]
    public RouteInput Input { get; set; } = new();

    /// <summary>Field errors of the route form (resource keys).</summary>
    public Dictionary<string, string> Errors { get; private set; } = [];
    public string? UploadError { get; private set; }
    public string? AnnouncementError { get; private set; }
    public string? OverlayProblem => _overlay.Problem;
    public long MaxUploadMegabytes => AnnouncementLibrary.MaxBytes / (1024 * 1024);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Edit is { } id)
        {
            if (await _routes.FindAsync(id, ct) is not { } row) return NotFound();
            Input = new RouteInput
            {
                Match = row.Match, Source = row.Source, Action = row.Action, Target = row.Target, AnnouncementId = row.AnnouncementId,
                Record = row.Record, EarlyMedia = row.EarlyMedia, BeepIntervalSeconds = row.BeepIntervalSeconds, RingTimeoutSeconds = row.RingTimeoutSeconds,
            };
        }

        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Listen-back of an uploaded announcement (the converted file the recorder plays).</summary>
    public async Task<IActionResult> OnGetAudioAsync(string id, CancellationToken ct) =>
        await _announcements.FileOfAsync(id, ct) is { } path ? new PhysicalFileResult(path, "audio/wav") { EnableRangeProcessing = true } : NotFound();

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        Errors = await _routes.SaveAsync(Edit, Input, Actor, Remote, ct);
        if (Errors.Count == 0) return RedirectToPage();
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id, CancellationToken ct) =>
        await _routes.DeleteAsync(id, Actor, Remote, ct) ? RedirectToPage() : NotFound();

    public async Task<IActionResult> OnPostMoveAsync(long id, bool up, CancellationToken ct)
    {
        await _routes.MoveAsync(id, up, Actor, Remote, ct);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file, string? label, CancellationToken ct)
    {
        int status;
        if (file is null)
        {
            (status, UploadError) = (StatusCodes.Status422UnprocessableEntity, "AnnouncementEmpty");
        }
        else
        {
            await using var stream = file.OpenReadStream();
            (status, UploadError) = await _announcements.UploadAsync(stream, file.Length, file.FileName, label, Actor, Remote, ct);
        }

        if (UploadError is null) return RedirectToPage();
        Response.StatusCode = status;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAnnouncementAsync(string id, CancellationToken ct)
    {
        AnnouncementError = await _announcements.DeleteAsync(id, Actor, Remote, ct);
        if (AnnouncementError is null) return RedirectToPage();
        Response.StatusCode = AnnouncementError == "AnnouncementNotFound" ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict;
        await LoadAsync(ct);
        return Page();
    }

    public string? ErrorFor(string field) => Errors.GetValueOrDefault(field);

    public string AnnouncementName(string? id) => Announcements.FirstOrDefault(a => a.Id == id)?.Name ?? id ?? "";

    private string Actor => User.Identity?.Name ?? "unknown";

    private string? Remote => HttpContext.Connection.RemoteIpAddress?.ToString();

    private async Task LoadAsync(CancellationToken ct)
    {
        Saved = await _routes.ListAsync(ct);
        Announcements = await _announcements.ListAsync(ct);
        Configured = _configured.List();
    }
}
