using RecAce.Core;
using RecAce.Core.Calls;
using RecAce.Data;
using RecAce.Web.Hosting;

namespace RecAce.Web.Health;

/// <summary><c>GET /healthz</c>: overall status and each part (database, ffmpeg, spool disk, plugins, speech model).</summary>
internal static class HealthEndpoint
{
    public static void MapHealth(this IEndpointRouteBuilder app) =>
        app.MapGet("/healthz", (HealthReport report) => report.Build()).AllowAnonymous();
}
