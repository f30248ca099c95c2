using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Quartz;
using RecAce.Core;
using RecAce.Core.Audit;
using RecAce.Core.Calls;
using RecAce.Core.Evidence;
using RecAce.Core.Finalize;
using RecAce.Core.Media;
using RecAce.Core.Retention;
using RecAce.Core.Spool;
using RecAce.Core.Storage.Recordings;
using RecAce.Core.Transcription.Models;
using RecAce.Data;
using RecAce.Plugins;
using RecAce.Web.Api;
using RecAce.Web.Auth;
using RecAce.Web.Disclosure;
using RecAce.Web.Health;
using RecAce.Web.Jobs;

namespace RecAce.Web.Hosting;

/// <summary>Builds the host: configuration, services, jobs, authentication, pages and endpoints.</summary>
internal static class RecAceHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = CreateBuilder(args);
        // Both are no-ops unless run by systemd (Type=notify, journal-friendly logs) or as a Windows service.
        builder.Host.UseSystemd();
        builder.Host.UseWindowsService(o => o.ServiceName = "RecAce");
        builder.WebHost.UseUrls(builder.Configuration["Urls"] ?? "http://127.0.0.1:5080");
        // Run from a build folder rather than published, the admin's CSS and scripts are still in the
        // project's wwwroot: the static web assets manifest beside the binary maps them (ASP.NET Core
        // does this by itself only in Development). Published, wwwroot is beside the binary and the
        // manifest is absent, so this does nothing.
        builder.WebHost.UseStaticWebAssets();

        HttpsSetup.Configure(builder);
        Settings.AdapterSettingsOverlay.Apply(builder.Configuration);
        Inline.InlineRoutesHosting.AddInlineRoutes(builder);
        var options = AddServices(builder.Services, builder.Configuration);
        AddWeb(builder, options);
        configure?.Invoke(builder);
        var app = builder.Build();
        UseWeb(app);
        return app;
    }

    /// <summary>The services a CLI verb needs, without the web server or the scheduler running.</summary>
    /// <param name="args">Host configuration arguments.</param>
    /// <param name="configure">Adds the services one verb needs beyond the core ones.</param>
    public static ServiceProvider BuildForCommand(string[] args, Action<IServiceCollection, IConfiguration>? configure = null)
    {
        var builder = CreateBuilder(args);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(builder.Configuration);
        services.AddLogging(l => l.AddConfiguration(builder.Configuration.GetSection("Logging")).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        AddCoreServices(services, builder.Configuration);
        configure?.Invoke(services, builder.Configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// Configuration: appsettings.json beside the binary, then the file named by RECACE_CONFIG
    /// (the packages point it at /etc/recace/appsettings.json), then environment and arguments.
    /// </summary>
    private static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (Environment.GetEnvironmentVariable("RECACE_CONFIG") is { Length: > 0 } file)
        {
            var sources = builder.Configuration.Sources;
            // Right after the last JSON file (appsettings.{Environment}.json), before the environment
            // variables and arguments, so those still win.
            var index = sources.Select((s, i) => (s, i)).Where(x => x.s is Microsoft.Extensions.Configuration.Json.JsonConfigurationSource).Select(x => x.i + 1).DefaultIfEmpty(sources.Count).Last();
            var json = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path = file, Optional = false, ReloadOnChange = false };
            json.ResolveFileProvider();
            sources.Insert(index, json);
        }

        return builder;
    }

    public static IReadOnlyList<long> Migrate(IServiceProvider services)
    {
        var db = services.GetRequiredService<DatabaseFactory>();
        var applied = DatabaseMigrator.MigrateUp(db);
        db.EnableWriteAheadLog();
        return applied;
    }

    /// <returns>The bound options: one instance, shared by every service that needs them.</returns>
    private static RecAceOptions AddCoreServices(IServiceCollection services, ConfigurationManager configuration)
    {
        var options = configuration.GetSection(RecAceOptions.SectionName).Get<RecAceOptions>() ?? new RecAceOptions();
        options.DataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(options.DataDirectory);
        services.AddSingleton(options);
        services.AddSingleton(options.Ffmpeg);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(DatabaseFactory.Create(options.Database, options.DataDirectory));
        services.AddSingleton(sp => new AuditLog(sp.GetRequiredService<DatabaseFactory>(), sp.GetRequiredService<TimeProvider>(), options));
        services.AddSingleton<AuditVerifier>();
        services.AddSingleton<AuditSearch>();
        services.AddSingleton<CallStore>();
        services.AddSingleton<ApiTokenStore>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<SpeechModelStore>();
        services.AddSingleton<SpeechModelInstaller>();
        services.AddIntegrity();
        services.AddRecordingStore(options);
        return options;
    }

    private static RecAceOptions AddServices(IServiceCollection services, ConfigurationManager configuration)
    {
        var options = AddCoreServices(services, configuration);
        services.AddSingleton<MediaRunner>();
        services.AddSingleton<MediaStatus>();
        services.AddSingleton<WaveformImages>();
        services.AddSingleton<AudioFileDecoder>();
        services.AddSingleton<IAudioFileDecoder>(sp => sp.GetRequiredService<AudioFileDecoder>());
        services.AddSingleton<IFinalizeQueue, QuartzFinalizeQueue>();
        services.AddSingleton<CallIntake>();
        services.AddSingleton<CallFinalizer>();
        services.AddSingleton<SpoolRecovery>();
        services.AddSingleton<RetentionSweeper>();
        services.AddSingleton<CallQueries>();
        services.AddTranscription(options);
        services.AddSingleton<RecAce.Web.Review.CallReviewStore>();
        services.AddSingleton<Settings.AdapterSettingsStore>();
        services.AddSingleton<HealthReport>();
        services.AddHarassment(configuration);

        services.AddHostedService<DatabaseMigration>();
        // After the migration: its start-up signs the chain head.
        services.AddEvidence(options);
        services.AddQuartz(q =>
        {
            q.UseRecAceJobStore(options, configuration);
            // Per-call jobs ask for recovery: one running on a node that dies is run again by another.
            q.AddJob<FinalizeCallJob>(j => j.WithIdentity(FinalizeCallJob.Key).StoreDurably().RequestRecovery());
            q.AddJob<RetentionJob>(j => j.WithIdentity(RetentionJob.Key).StoreDurably());
            q.AddJob<TranscribeCallJob>(j => j.WithIdentity(TranscribeCallJob.Key).StoreDurably().RequestRecovery());
            q.AddJob<AnalyzeCallJob>(j => j.WithIdentity(AnalyzeCallJob.Key).StoreDurably().RequestRecovery());
            q.AddTrigger(t => t.ForJob(RetentionJob.Key).WithIdentity("retention-daily", "recace")
                .WithCronSchedule("0 30 3 * * ?", c => c.InTimeZone(TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone))));
        });
        services.AddJobExecution(options.Node.ParsedRoles);
        services.AddHostedService<StartupRecovery>();
        services.AddHostedService<SpoolFlusher>();
        // After the migration: its storage watch reads the database as soon as it starts.
        services.AddRetentionAndDisclosure();
        // Adapters start last: recovery has run and the flusher is going before the first call arrives.
        services.AddPluginHosting(configuration, options);
        return options;
    }

    private static void AddWeb(WebApplicationBuilder builder, RecAceOptions options)
    {
        var services = builder.Services;
        services.AddProblemDetails();
        // Japanese text is written as characters, not numeric entities; <, >, & and quotes are still encoded.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddRazorPages(PagePolicies.Apply).AddViewLocalization();
        services.AddSignInRateLimit(builder.Configuration);
        services.AddSingleton<CallAccess>();
        services.AddSingleton<SignInService>();
        services.AddSingleton<LdapOptions>(builder.Configuration.GetSection(LdapOptions.SectionName).Get<LdapOptions>() ?? new LdapOptions());
        services.AddSingleton<LdapAuthenticator>();
        services.AddAntiforgery(o => o.HeaderName = "RequestVerificationToken");
        services.AddPersistentDataProtection(options.DataDirectory);

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = "Smart";
                o.DefaultChallengeScheme = "Smart";
            })
            .AddPolicyScheme("Smart", "Cookie or API token", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.LoginPath = "/Login";
                o.Cookie.Name = "recace.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromMinutes(30);
                o.SlidingExpiration = true;
                // The API answers 401/403, never a redirect to the sign-in page.
                o.Events.OnRedirectToLogin = ctx => Challenge(ctx, StatusCodes.Status401Unauthorized);
                // A signed-in user without the role gets a plain 403 everywhere, never a redirect.
                o.Events.OnRedirectToAccessDenied = ctx =>
                {
                    ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
                o.Events.OnValidatePrincipal = UserSessionValidator.ValidateAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);

        // Nothing is reachable signed out unless it says so.
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddRecAcePolicies();
    }

    private static Task Challenge(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    private static void UseWeb(WebApplication app)
    {
        app.UseExceptionHandler();
        HttpsSetup.Use(app);
        app.UseStatusCodePages();
        app.Use(async (ctx, next) =>
        {
            var h = ctx.Response.Headers;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            h.ContentSecurityPolicy = "default-src 'self'; media-src 'self' blob:; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'";
            await next();
        });
        var cultures = new[] { "ja", "en" };
        var localization = new RequestLocalizationOptions().SetDefaultCulture("ja").AddSupportedCultures(cultures).AddSupportedUICultures(cultures);
        // Japanese unless the user chose English (cookie or ?culture=en): a browser's language does not decide.
        localization.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        app.UseRequestLocalization(localization);
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapHealth();
        // A node without the web role answers only /healthz.
        if (!app.Services.GetRequiredService<RecAceOptions>().Node.ParsedRoles.HasFlag(Core.Nodes.NodeRoles.Web)) return;
        app.MapCallsApi();
        app.MapTranscriptApi();
        app.MapWaveformApi();
        app.MapEvidenceApi();
        app.MapIncidentsApi();
        app.MapDisclosureApi();
        // Static assets by their build manifest: found both from a build folder and when published,
        // fingerprinted and compressed; public, since the sign-in page needs its CSS too.
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorPages().WithStaticAssets();
    }
}
