using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Quartz;
using RecAce.Core.Audit;
using RecAce.Core.Evidence;
using RecAce.Data.Entities;
using RecAce.Web.Api;
using RecAce.Web.Jobs;

namespace RecAce.Web.Pages.Integrity;

/// <summary>
/// The integrity chain (Auditor, Admin): the last verifications and their findings, the signed
/// checkpoints and the server's public key; verification and a checkpoint on demand (audited).
/// </summary>
public sealed class IndexModel : PageModel
{
    private readonly IntegrityRuns _runs;
    private readonly ChainCheckpoints _checkpoints;
    private readonly ServerKeyProvider _key;
    private readonly ISchedulerFactory _schedulers;
    private readonly AuditLog _audit;
    private readonly CallQueries _queries;

    public IndexModel(IntegrityRuns runs, ChainCheckpoints checkpoints, ServerKeyProvider key, ISchedulerFactory schedulers, AuditLog audit, CallQueries queries)
    {
        _runs = runs;
        _checkpoints = checkpoints;
        _key = key;
        _schedulers = schedulers;
        _audit = audit;
        _queries = queries;
    }

    public IReadOnlyList<IntegrityRunRow> Runs { get; private set; } = [];
    public IReadOnlyList<ChainCheckpointRow> Checkpoints { get; private set; } = [];
    public string? KeyId { get; private set; }
    public string? PublicKeyPem { get; private set; }
    public string? KeyProblem { get; private set; }
    [TempData] public string? Message { get; set; }

    public string Local(long ms) => _queries.ToLocal(ms).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Runs = await _runs.RecentAsync(10, ct);
        var all = await _checkpoints.AllAsync(ct);
        Checkpoints = all.Reverse().Take(10).ToList();
        try
        {
            KeyId = _key.Key.KeyId;
            PublicKeyPem = _key.Key.PublicKeyPem;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            KeyProblem = e.Message;
        }
    }

    /// <summary>Starts a full verification in the background (the job audits its result).</summary>
    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        var scheduler = await _schedulers.GetScheduler(ct);
        await scheduler.TriggerJob(VerifyIntegrityJob.Key, new JobDataMap { [VerifyIntegrityJob.ActorKey] = User.Identity?.Name ?? "unknown" }, ct);
        Message = "VerificationStarted";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostCheckpointAsync(CancellationToken ct)
    {
        var checkpoint = await _checkpoints.CheckpointHeadAsync(ct);
        await _audit.WriteAsync(User.Identity?.Name ?? "unknown", "integrity.checkpoint", checkpoint?.Id.ToString(CultureInfo.InvariantCulture),
            checkpoint is null ? "empty chain" : $"entry {checkpoint.Sequence}, head {checkpoint.HeadHash}", HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        Message = checkpoint is null ? "ChainEmpty" : "CheckpointSigned";
        return RedirectToPage();
    }

    /// <summary>The public key as a file, to hand to whoever verifies packages.</summary>
    public IActionResult OnGetPublicKey() =>
        File(System.Text.Encoding.ASCII.GetBytes(_key.Key.PublicKeyPem), "application/x-pem-file", "recace-evidence-public-key.pem");
}
