using RecAce.Core.Media;
using RecAce.Core.Storage.Recordings;
using RecAce.Web.Auth;

namespace RecAce.Web.Api;

/// <summary><c>GET /api/v1/calls/{id}/waveform.png</c>: the recording's waveform, for whoever may see the call.</summary>
internal static class WaveformApi
{
    public static void MapWaveformApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/calls/{id:guid}/waveform.png", GetAsync).RequireAuthorization(Policies.Calls);

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, CallAccess access, CallQueries queries, IRecordingStore recordings, WaveformImages waveforms, CancellationToken ct)
    {
        if (!await access.CanSeeAsync(http.User, id, ct) || await queries.GetRecordingAsync(id, ct) is not { } row)
        {
            return TypedResults.Problem($"No call {id} with that resource.", statusCode: 404, title: "Not found");
        }

        var png = waveforms.Cached(id);
        if (png is null)
        {
            // Drawn once from a local copy; the picture is cached, the copy is not kept.
            await using var local = await recordings.OpenLocalAsync(row.Path, row.Sha256, ct);
            if (local is null) return TypedResults.Problem($"No call {id} with that resource.", statusCode: 404, title: "Not found");
            png = await waveforms.GetAsync(id, local.Path, ct);
        }
        http.Response.Headers.CacheControl = "private, max-age=86400";
        return TypedResults.PhysicalFile(png, "image/png");
    }
}
