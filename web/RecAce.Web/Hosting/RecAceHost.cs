using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Quartz;
using RecAce.Core;
using RecAce.Core.Audit;
using RecAce.Core.Calls;
using RecAce.Core.Finalize;
using RecAce.Core.Media;
using RecAce.Core.Retention;
using RecAce.Core.Spool;
using RecAce.Data;
using RecAce.Plugins;
using RecAce.Web.Api;
using RecAce.Web.Auth;
using RecAce.Web.Health;
using RecAce.Web.Jobs;

namespace RecAce.Web.Hosting;

/// <summary>Builds the host: configuration, services, jobs, authentication, pages and endpoints.</summary>
internal static class RecAceHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(builder.Configuration["Urls"] ?? "http://127.0.0.1:5080");
        HttpsSetup.Configure(builder);
        Settings.AdapterSettingsOverlay.Apply(builder.Configuration);
        AddServices(builder.Services, builder.Configuration);
        AddWeb(builder);
        configure?.Invoke(builder);
        var app = builder.Build();
        UseWeb(app);
        return app;
    }

    /// <summary>The services a CLI verb needs, without the web server or the scheduler running.</summary>
    public static ServiceProvider BuildForCommand(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(builder.Configuration);
        services.AddLogging(l => l.AddConfiguration(builder.Configuration.GetSection("Logging")).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        AddCoreServices(services, builder.Configuration);
        return services.BuildServiceProvider();
    }

    public static IReadOnlyList<long> Migrate(IServiceProvider services)
    {
        var db = services.GetRequiredService<DatabaseFactory>();
        var applied = DatabaseMigrator.MigrateUp(db.ConnectionString);
        db.EnableWriteAheadLog();
        return applied;
    }

    private static void AddCoreServices(IServiceCollection services, ConfigurationManager configuration)
    {
        var options = configuration.GetSection(RecAceOptions.SectionName).Get<RecAceOptions>() ?? new RecAceOptions();
        options.DataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(options.DataDirectory);
        services.AddSingleton(options);
        services.AddSingleton(options.Ffmpeg);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new DatabaseFactory(Path.Combine(options.DataDirectory, "recace.db")));
        services.AddSingleton(sp => new AuditLog(sp.GetRequiredService<DatabaseFactory>(), sp.GetRequiredService<TimeProvider>(), options));
        services.AddSingleton<AuditVerifier>();
        services.AddSingleton<AuditSearch>();
        services.AddSingleton<CallStore>();
        services.AddSingleton<ApiTokenStore>();
        services.AddSingleton<UserStore>();
    }

    private static void AddServices(IServiceCollection services, ConfigurationManager configuration)
    {
        AddCoreServices(services, configuration);
        var options = configuration.GetSection(RecAceOptions.SectionName).Get<RecAceOptions>() ?? new RecAceOptions();
        options.DataDirectory = Path.GetFullPath(options.DataDirectory);
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
        services.AddSingleton<RecAce.Web.Review.CallReviewStore>();
        services.AddSingleton<Settings.AdapterSettingsStore>();
        services.AddSingleton<HealthReport>();

        services.AddHostedService<DatabaseMigration>();
        services.AddQuartz(q =>
        {
            q.UsePersistentStore(store =>
            {
                var dataDirectory = Path.GetFullPath(configuration["RecAce:DataDirectory"] ?? "./data");
                // Jobs get a database file of their own: Quartz's row locks then never wait on call writes.
                store.UseSqlite($"Data Source={Path.Combine(dataDirectory, "jobs.db")};Cache=Private;Default Timeout=30");
                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
            });
            q.AddJob<FinalizeCallJob>(j => j.WithIdentity(FinalizeCallJob.Key).StoreDurably());
            q.AddJob<RetentionJob>(j => j.WithIdentity(RetentionJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(RetentionJob.Key).WithIdentity("retention-daily", "recace")
                .WithCronSchedule("0 30 3 * * ?", c => c.InTimeZone(TimeZoneInfo.FindSystemTimeZoneById(configuration["RecAce:TimeZone"] ?? "Asia/Tokyo"))));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddHostedService<StartupRecovery>();
        services.AddHostedService<SpoolFlusher>();
        // Adapters start last: recovery has run and the flusher is going before the first call arrives.
        services.AddPluginHosting(configuration, options);
    }

    private static void AddWeb(WebApplicationBuilder builder)
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
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapHealth();
        app.MapCallsApi();
        app.MapWaveformApi();
        app.MapRazorPages();
    }
}
