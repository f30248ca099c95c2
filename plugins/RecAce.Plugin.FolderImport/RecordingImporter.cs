using Microsoft.Extensions.Logging;
using RecAce.Plugins;

namespace RecAce.Plugin.FolderImport;

/// <summary>
/// Turns one recording file into one call: reads its sidecar and name, hashes it, probes and
/// decodes it through the host's decoder, and writes it to the call sink. It does not move the
/// file; the caller does that from the <see cref="ImportOutcome"/>.
/// </summary>
/// <remarks>Holds one file's decoded audio at a time. Not thread safe: import files one after another.</remarks>
public sealed class RecordingImporter
{
    private readonly FolderImportOptions _options;
    private readonly IAudioFileDecoder _decoder;
    private readonly ICallSink _sink;
    private readonly ILogger _logger;

    /// <summary>Creates the importer.</summary>
    /// <param name="options">The adapter's options.</param>
    /// <param name="decoder">The host's decoder.</param>
    /// <param name="sink">Where calls go.</param>
    /// <param name="logger">Logger.</param>
    public RecordingImporter(FolderImportOptions options, IAudioFileDecoder decoder, ICallSink sink, ILogger logger)
    {
        _options = options;
        _decoder = decoder;
        _sink = sink;
        _logger = logger;
    }

    /// <summary>Imports one file.</summary>
    /// <param name="path">The recording.</param>
    /// <param name="cancellationToken">Cancels the import while it is still only reading; once the call
    /// is open the file is written to the end, so a stop never leaves half a call.</param>
    /// <returns>What happened.</returns>
    public async Task<ImportOutcome> ImportAsync(string path, CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
            return ImportOutcome.Deferred("the file is gone");
        if (file.Length == 0)
            return ImportOutcome.Failed("empty file");

        Sidecar? sidecar = null;
        var sidecarPath = SidecarReader.Find(path);
        if (sidecarPath is not null)
        {
            try
            {
                sidecar = await SidecarReader.ReadAsync(sidecarPath, _options.TimeZone, cancellationToken).ConfigureAwait(false);
            }
            catch (FormatException ex)
            {
                return ImportOutcome.Failed($"malformed sidecar {Path.GetFileName(sidecarPath)}: {ex.Message}");
            }
        }

        string digest;
        try
        {
            digest = await SourceDigest.ComputeAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            // On Windows a recorder that still writes holds the file open without sharing.
            return ImportOutcome.Deferred($"cannot read the file yet: {ex.Message}");
        }

        AudioFileInfo format;
        try
        {
            format = await _decoder.ProbeAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (AudioDecodeException ex)
        {
            return ImportOutcome.Failed($"not audio: {ex.Message}");
        }
        if (format.Channels < 1)
            return ImportOutcome.Failed("not audio: no audio channels");

        // 16 kHz keeps wideband recordings wideband for transcription; narrowband stays at 8 kHz.
        var sampleRate = format.SampleRate >= 16000 ? 16000 : 8000;
        DecodedAudio audio;
        try
        {
            audio = await _decoder.DecodeAsync(path, sampleRate, cancellationToken).ConfigureAwait(false);
        }
        catch (AudioDecodeException ex)
        {
            return ImportOutcome.Failed($"cannot decode: {ex.Message}");
        }
        if (audio.Channels.Count == 0 || audio.Channels[0].Length == 0)
            return ImportOutcome.Failed("no audio: the file decoded to 0 samples");

        var legs = LegsFor(audio);
        var call = DescribeCall(file, sidecar, format, digest, legs.Select(l => l.Leg).ToList());
        cancellationToken.ThrowIfCancellationRequested();

        ICallRecording recording;
        try
        {
            recording = await _sink.OpenCallAsync(call, cancellationToken).ConfigureAwait(false);
        }
        catch (DuplicateSourceException ex)
        {
            var existing = ex.ExistingCallId == Guid.Empty ? "an existing call" : $"call {ex.ExistingCallId}";
            return ImportOutcome.Duplicate($"duplicate of {existing}: the same bytes (SHA-256 {digest}) were imported before");
        }
        catch (RecordingRefusedException ex)
        {
            return ImportOutcome.Deferred($"the host refused to record now: {ex.Message}");
        }

        await using (recording.ConfigureAwait(false))
        {
            try
            {
                PcmFrameWriter.Write(recording, legs.Select(l => (l.Leg.LegId, l.Samples)).ToList(), audio.SampleRate, call.StartedAt);
            }
            catch
            {
                await recording.CloseAsync(CallEndReason.Failed, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
            await recording.CloseAsync(CallEndReason.Normal, CancellationToken.None).ConfigureAwait(false);
        }

        _logger.LogInformation(
            "Imported {File} as call {CallId} ({Direction}, {Legs} leg(s), {Seconds:F1} s at {Rate} Hz)",
            file.Name, recording.CallId, call.Direction, legs.Count, (double)audio.Channels[0].Length / audio.SampleRate, audio.SampleRate);
        return ImportOutcome.Imported(recording.CallId);
    }

    private List<(LegInfo Leg, short[] Samples)> LegsFor(DecodedAudio audio)
    {
        if (audio.Channels.Count == 1)
            return [(new LegInfo("mixed", LegRole.Mixed, "mono recording"), audio.Channels[0])];

        // More than two channels: the PBX's first two are the call; the rest (if any) are not parties.
        return
        [
            (Leg(0), audio.Channels[0]),
            (Leg(1), audio.Channels[1]),
        ];

        LegInfo Leg(int channel)
        {
            var role = _options.ChannelRoles[channel];
            return new LegInfo(role == LegRole.Outside ? "outside" : "staff", role, $"channel {channel}");
        }
    }

    private CallInfo DescribeCall(FileInfo file, Sidecar? sidecar, AudioFileInfo format, string digest, IReadOnlyList<LegInfo> legs)
    {
        var name = _options.FileNameParser.Parse(file.Name, _options.TimeZone);
        var extra = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["sourceFile"] = Truncate(file.Name, 1024),
            ["sourceCodec"] = Truncate(format.CodecName, 1024),
        };
        foreach (var (key, value) in sidecar?.Extra ?? new Dictionary<string, string>())
            extra[key] = value;

        // The file's time is when the recorder last wrote it; it is the best start time left when neither sidecar nor name tell.
        var startedAt = sidecar?.StartedAt
            ?? name.StartedAt
            ?? TimeZoneInfo.ConvertTime(new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero), _options.TimeZone);

        return new CallInfo
        {
            Direction = sidecar?.Direction ?? name.Direction,
            OutsideNumber = sidecar?.OutsideNumber ?? name.OutsideNumber,
            OutsideName = sidecar?.OutsideName,
            StaffExtension = sidecar?.StaffExtension ?? name.StaffExtension,
            StaffName = sidecar?.StaffName,
            AdapterCallId = Truncate(sidecar?.CallId ?? name.UniqueId ?? file.Name, 256),
            StartedAt = startedAt,
            Legs = legs,
            SourceDigest = digest,
            Extra = extra,
        };
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
