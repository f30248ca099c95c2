using Quartz;
using RecAce.Core;
using RecAce.Core.Evidence;
using RecAce.Web.Evidence;
using RecAce.Web.Health;
using RecAce.Web.Jobs;

namespace RecAce.Web.Hosting;

/// <summary>Registers the server's side of evidence: packages, the scheduled verification and checkpoints, /healthz and the key at start.</summary>
internal static class EvidenceHosting
{
    public static IServiceCollection AddEvidence(this IServiceCollection services, RecAceOptions options)
    {
        services.AddSingleton<TranscriptPdf>();
        services.AddSingleton<EvidencePackageBuilder>();
        services.AddSingleton<IHealthPart, IntegrityHealthPart>();
        services.AddHostedService<EvidenceStartup>();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        services.ConfigureAllQuartzSchedulers(q =>
        {
            q.AddJob<VerifyIntegrityJob>(j => j.WithIdentity(VerifyIntegrityJob.Key).StoreDurably());
            q.AddJob<CheckpointJob>(j => j.WithIdentity(CheckpointJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(VerifyIntegrityJob.Key).WithIdentity("verify-integrity-scheduled", "recace")
                .WithCronSchedule(options.Evidence.VerifyCron, c => c.InTimeZone(zone)));
            q.AddTrigger(t => t.ForJob(CheckpointJob.Key).WithIdentity("integrity-checkpoint-scheduled", "recace")
                .WithCronSchedule(options.Evidence.CheckpointCron, c => c.InTimeZone(zone)));
        });
        return services;
    }
}

/// <summary>At start: the signing key is created if it is not there yet (so it exists from install on) and the head is signed.</summary>
internal sealed class EvidenceStartup : IHostedService
{
    private readonly ServerKeyProvider _key;
    private readonly ChainCheckpoints _checkpoints;
    private readonly ILogger<EvidenceStartup> _logger;

    public EvidenceStartup(ServerKeyProvider key, ChainCheckpoints checkpoints, ILogger<EvidenceStartup> logger)
    {
        _key = key;
        _checkpoints = checkpoints;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var key = _key.Key;
            _logger.LogInformation("Evidence signing key {KeyId} ({Path}); public key in {PublicPath}", key.KeyId, key.PrivateKeyPath, key.PublicKeyPath);
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(key.PrivateKeyPath) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
                _logger.LogWarning("The evidence signing key {Path} is readable by others than its owner; run chmod 600 on it", key.PrivateKeyPath);
            await _checkpoints.CheckpointHeadAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            // The server still records; checkpoints and packages fail with this reason until it is fixed.
            _logger.LogError("The evidence signing key cannot be used: {Reason}", e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
