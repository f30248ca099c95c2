using Microsoft.AspNetCore.Mvc;
using RecAce.Core.Harassment;
using RecAce.Data.Entities;
using RecAce.Web.Api;
using RecAce.Web.Auth;

namespace RecAce.Web.Harassment;

/// <summary>The harassment block of the call detail page: score, reasons, suggested categories and the call's incidents. Not shown to Staff.</summary>
public sealed class CallSignalsViewComponent : ViewComponent
{
    private readonly CallSignalReader _signals;
    private readonly IncidentStore _incidents;
    private readonly CallQueries _queries;

    public CallSignalsViewComponent(CallSignalReader signals, IncidentStore incidents, CallQueries queries)
    {
        _signals = signals;
        _incidents = incidents;
        _queries = queries;
    }

    public async Task<IViewComponentResult> InvokeAsync(Guid id)
    {
        if (!(User.IsInRole(Roles.Admin) || User.IsInRole(Roles.Supervisor) || User.IsInRole(Roles.Auditor))) return Content("");
        var ct = HttpContext.RequestAborted;
        var (incidents, _) = await _incidents.ListAsync(new IncidentFilter { CallId = id }, 0, 50, ct);
        return View(new CallSignalsView(id, await _signals.GetAsync(id, ct), incidents, User.IsInRole(Roles.Admin) || User.IsInRole(Roles.Supervisor), _queries.ToLocal));
    }
}

/// <summary>What the block shows.</summary>
public sealed record CallSignalsView(Guid CallId, CallSignals? Signals, IReadOnlyList<IncidentRow> Incidents, bool CanCreate, Func<long, DateTimeOffset> Local);
