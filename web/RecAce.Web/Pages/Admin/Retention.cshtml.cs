using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RecAce.Core;
using RecAce.Core.Retention;
using RecAce.Core.Storage;
using RecAce.Data.Entities;
using RecAce.Web.Retention;

namespace RecAce.Web.Pages.Admin;

/// <summary>Retention (Admin): policies per number, department or line, the departments, and the storage state.</summary>
public sealed class RetentionModel : PageModel
{
    private readonly RetentionPolicyStore _store;
    private readonly RetentionPolicies _policies;
    private readonly StorageMonitor _storage;
    private readonly RecAceOptions _options;

    public RetentionModel(RetentionPolicyStore store, RetentionPolicies policies, StorageMonitor storage, RecAceOptions options)
    {
        _store = store;
        _policies = policies;
        _storage = storage;
        _options = options;
    }

    public RecAceOptions Options => _options;
    public IReadOnlyList<RetentionPolicyRow> Saved { get; private set; } = [];
    public IReadOnlyList<RetentionRule> Configured { get; private set; } = [];
    public IReadOnlyList<DepartmentRow> Departments { get; private set; } = [];
    public IReadOnlyList<DepartmentOptions> ConfiguredDepartments => _options.Departments;
    public StorageState? Storage => _storage.Last;
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostPolicyAsync(RetentionRuleKind kind, string? match, int days, bool allowBelowMinimum, string? note, CancellationToken ct)
    {
        Error = await _store.SavePolicyAsync(kind, match, days, allowBelowMinimum, note, Actor, Remote, ct);
        if (Error is null) return RedirectToPage();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeletePolicyAsync(long id, CancellationToken ct)
    {
        await _store.DeletePolicyAsync(id, Actor, Remote, ct);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDepartmentAsync(string? name, string? extensions, CancellationToken ct)
    {
        Error = await _store.SaveDepartmentAsync(name, extensions, Actor, Remote, ct);
        if (Error is null) return RedirectToPage();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteDepartmentAsync(string name, CancellationToken ct)
    {
        await _store.DeleteDepartmentAsync(name ?? "", Actor, Remote, ct);
        return RedirectToPage();
    }

    private string Actor => User.Identity?.Name ?? "unknown";

    private string? Remote => HttpContext.Connection.RemoteIpAddress?.ToString();

    private async Task LoadAsync(CancellationToken ct)
    {
        Saved = await _store.PoliciesAsync(ct);
        Departments = await _store.DepartmentsAsync(ct);
        Configured = (await _policies.LoadAsync(ct)).Rules.Where(r => r.Source == "config").ToList();
    }
}
