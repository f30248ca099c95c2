using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Mvc;
using RecAce.Core.Retention;
using RecAce.Data;
using RecAce.Data.Entities;
using RecAce.Web.Api;

namespace RecAce.Web.Disclosure;

/// <summary>The call detail's retention and disclosure block: which policy applies, when the recording is due, past disclosures.</summary>
public sealed class CallRetentionViewComponent : ViewComponent
{
    private readonly DatabaseFactory _db;
    private readonly RetentionPolicies _policies;
    private readonly CallQueries _queries;

    public CallRetentionViewComponent(DatabaseFactory db, RetentionPolicies policies, CallQueries queries)
    {
        _db = db;
        _policies = policies;
        _queries = queries;
    }

    public async Task<IViewComponentResult> InvokeAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        CallRow? call;
        List<DisclosureRow> disclosures;
        using (var db = _db.Open())
        {
            call = await db.Calls.FirstOrDefaultAsync(c => c.Id == id, ct);
            disclosures = await db.Disclosures.Where(d => d.CallId == id).OrderByDescending(d => d.Id).ToListAsync(ct);
        }

        if (call is null) return Content("");
        var decision = await _policies.DecideAsync(call, ct);
        return View(new CallRetentionView(id, decision, TimeZoneInfo.ConvertTime(decision.DeleteAfter, _queries.Zone), disclosures, _queries.ToLocal));
    }
}

/// <summary>What the block shows.</summary>
public sealed record CallRetentionView(Guid CallId, RetentionDecision Decision, DateTimeOffset DeleteAfterLocal, IReadOnlyList<DisclosureRow> Disclosures, Func<long, DateTimeOffset> Local);
