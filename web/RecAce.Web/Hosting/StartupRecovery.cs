using RecAce.Core.Media;
using RecAce.Core.Spool;

namespace RecAce.Web.Hosting;

/// <summary>
/// At start, before adapters take calls: checks ffmpeg and finalizes what a crash left in the spool.
/// </summary>
internal sealed class StartupRecovery : IHostedService
{
    private readonly SpoolRecovery _recovery;
    private readonly MediaRunner _media;
    private readonly MediaStatus _status;
    private readonly ILogger<StartupRecovery> _logger;
    private readonly Core.RecAceOptions _options;

    public StartupRecovery(SpoolRecovery recovery, MediaRunner media, MediaStatus status, ILogger<StartupRecovery> logger, Core.RecAceOptions options)
    {
        _options = options;
        _recovery = recovery;
        _media = media;
        _status = status;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _status.Ffmpeg = await FfmpegVersion.DetectAsync(_media, cancellationToken);
            if (_status.Ffmpeg.IsSupported) _logger.LogInformation("Using {Ffmpeg}", _status.Ffmpeg.Raw);
            else _logger.LogError("{Ffmpeg} is not supported: RecAce needs ffmpeg >= {Minimum} with libopus; recordings stay in the spool until it is fixed", _status.Ffmpeg.Raw, FfmpegVersion.Minimum);
        }
        catch (MediaProcessException e)
        {
            _status.Error = e.Message;
            _logger.LogError("ffmpeg could not be run ({Reason}); recordings stay in the spool until it is installed", e.Message);
        }

        // Only a node that records owns the spool: a worker starting beside a live ingest node must not
        // take that node's calls in progress for the remains of a crash.
        if (_options.Node.ParsedRoles.HasFlag(Core.Nodes.NodeRoles.Ingest)) await _recovery.RecoverAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>What is known of the media tools, for /healthz.</summary>
internal sealed class MediaStatus
{
    public FfmpegVersion? Ffmpeg { get; set; }

    public string? Error { get; set; }
}
