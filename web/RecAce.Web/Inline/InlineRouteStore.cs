using System.Globalization;
using LinqToDB;
using LinqToDB.Async;
using RecAce.Core.Audit;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Web.Inline;

/// <summary>
/// The in-line recorder's routes saved in the admin (<c>sip_routes</c>), in the order they are tried.
/// Every change is audited with the route before and after, then handed to the Sip plugin through
/// the configuration (<see cref="AdminRoutesConfigurationProvider"/>).
/// </summary>
public sealed class InlineRouteStore : IDisposable
{
    private readonly DatabaseFactory _db;
    private readonly AuditLog _audit;
    private readonly TimeProvider _time;
    private readonly AdminRoutesConfigurationProvider _configuration;
    private readonly SemaphoreSlim _writing = new(1, 1);

    public InlineRouteStore(DatabaseFactory db, AuditLog audit, TimeProvider time, AdminRoutesConfigurationProvider configuration)
    {
        _db = db;
        _audit = audit;
        _time = time;
        _configuration = configuration;
    }

    public async Task<IReadOnlyList<SipRouteRow>> ListAsync(CancellationToken ct)
    {
        using var db = _db.Open();
        return await db.GetTable<SipRouteRow>().OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(ct);
    }

    public async Task<SipRouteRow?> FindAsync(long id, CancellationToken ct)
    {
        using var db = _db.Open();
        return await db.GetTable<SipRouteRow>().FirstOrDefaultAsync(r => r.Id == id, ct);
    }

    /// <summary>Adds a route at the end (id null) or changes one; returns field errors (resource keys), empty when saved.</summary>
    public async Task<Dictionary<string, string>> SaveAsync(long? id, RouteInput input, string actor, string? remote, CancellationToken ct)
    {
        using var db = _db.Open();
        var announcements = await db.GetTable<AnnouncementRow>().Select(a => a.Id).ToListAsync(ct);
        var errors = input.Validate(announcements.Contains);
        if (errors.Count > 0) return errors;

        await _writing.WaitAsync(ct);
        try
        {
            var before = id is { } existingId ? await db.GetTable<SipRouteRow>().FirstOrDefaultAsync(r => r.Id == existingId, ct) : null;
            if (id is not null && before is null)
            {
                errors[""] = "RouteNotFound";
                return errors;
            }

            var row = new SipRouteRow
            {
                Id = before?.Id ?? 0,
                Position = before?.Position ?? ((await db.GetTable<SipRouteRow>().Select(r => (int?)r.Position).MaxAsync(ct) ?? -1) + 1),
                Match = input.Match!,
                Source = input.Source,
                Action = input.Action!,
                Target = input.Action == "reject" ? null : input.Target,
                AnnouncementId = input.Action == "announce-connect" ? input.AnnouncementId : null,
                Record = input.Record,
                EarlyMedia = input.EarlyMedia,
                BeepIntervalSeconds = input.BeepIntervalSeconds,
                RingTimeoutSeconds = input.RingTimeoutSeconds,
                UpdatedBy = actor,
                UpdatedAtMs = _time.GetUtcNow().ToUnixTimeMilliseconds(),
            };
            if (before is null) row.Id = await db.InsertWithInt64IdentityAsync(row, token: ct);
            else await db.UpdateAsync(row, token: ct);
            await _audit.WriteAsync(actor, before is null ? "route.add" : "route.change", Target(row.Id),
                before is null ? "after: " + Describe(row) : $"before: {Describe(before)} | after: {Describe(row)}", remote, ct);
        }
        finally
        {
            _writing.Release();
        }

        _configuration.Reload();
        return errors;
    }

    public async Task<bool> DeleteAsync(long id, string actor, string? remote, CancellationToken ct)
    {
        await _writing.WaitAsync(ct);
        try
        {
            using var db = _db.Open();
            var before = await db.GetTable<SipRouteRow>().FirstOrDefaultAsync(r => r.Id == id, ct);
            if (before is null) return false;
            await db.GetTable<SipRouteRow>().Where(r => r.Id == id).DeleteAsync(ct);
            await _audit.WriteAsync(actor, "route.delete", Target(id), "before: " + Describe(before), remote, ct);
        }
        finally
        {
            _writing.Release();
        }

        _configuration.Reload();
        return true;
    }

    /// <summary>Moves a route one place earlier (up) or later; the order is the order routes are tried in.</summary>
    public async Task<bool> MoveAsync(long id, bool up, string actor, string? remote, CancellationToken ct)
    {
        await _writing.WaitAsync(ct);
        try
        {
            using var db = _db.Open();
            var routes = await db.GetTable<SipRouteRow>().OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(ct);
            var index = routes.FindIndex(r => r.Id == id);
            var other = up ? index - 1 : index + 1;
            if (index < 0 || other < 0 || other >= routes.Count) return false;
            var order = routes.Select(r => r.Id).ToList();
            (order[index], order[other]) = (order[other], order[index]);
            using (var tx = await db.BeginTransactionAsync(ct))
            {
                for (var i = 0; i < order.Count; i++)
                {
                    var routeId = order[i];
                    var position = i;
                    await db.GetTable<SipRouteRow>().Where(r => r.Id == routeId).Set(r => r.Position, position).UpdateAsync(ct);
                }

                await tx.CommitAsync(ct);
            }

            await _audit.WriteAsync(actor, "route.move", Target(id),
                $"before: #{index + 1} | after: #{other + 1} (order {string.Join(",", routes.Select(r => r.Id))} -> {string.Join(",", order)})", remote, ct);
        }
        finally
        {
            _writing.Release();
        }

        _configuration.Reload();
        return true;
    }

    public void Dispose() => _writing.Dispose();

    private static string Target(long id) => "Plugins:Sip:AdminRoutes/" + id.ToString(CultureInfo.InvariantCulture);

    internal static string Describe(SipRouteRow r) => string.Create(CultureInfo.InvariantCulture,
        $"match={r.Match}; source={r.Source}; action={r.Action}; target={r.Target}; announcement={r.AnnouncementId}; record={r.Record}; earlyMedia={r.EarlyMedia}; beepIntervalSeconds={r.BeepIntervalSeconds}; ringTimeoutSeconds={r.RingTimeoutSeconds}");
}
