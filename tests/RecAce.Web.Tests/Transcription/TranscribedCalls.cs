using LinqToDB;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using RecAce.Core;
using RecAce.Core.Storage.Recordings;
using RecAce.Core.Transcription;
using RecAce.Core.Transcription.Models;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Web.Tests.Transcription;

/// <summary>Puts finalized calls with real recordings into a host and transcribes them through the real service with a fake transcriber.</summary>
internal static class TranscribedCalls
{
    public static async Task<Guid> AddAsync(RecAceFactory factory, string number, DateTimeOffset started, IReadOnlyList<TranscriptSegment> segments)
    {
        var services = factory.Services;
        var options = services.GetRequiredService<RecAceOptions>();
        var models = services.GetRequiredService<SpeechModelStore>();
        if (models.Active().Model is null) await InstallTestModelAsync(services);

        var id = Guid.NewGuid();
        var relative = $"recordings/test/{id:N}.wav";
        var path = Path.Combine(options.DataDirectory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WriteStereoWav(path, 8000, 3);
        using (var db = services.GetRequiredService<DatabaseFactory>().Open())
        {
            await db.InsertAsync(new CallRow
            {
                Id = id, AdapterId = "test", OutsideNumber = number, StaffExtension = "201", StartedAtMs = started.ToUnixTimeMilliseconds(),
                Status = CallStatus.Finalized, DurationMs = 3000, CreatedAtMs = started.ToUnixTimeMilliseconds(),
            });
            await db.InsertAsync(new RecordingRow { CallId = id, Path = relative, Format = "wav", Sha256 = "", Channels = 2, DurationMs = 3000 });
        }

        using var service = new TranscriptionService(options, services.GetRequiredService<DatabaseFactory>(), services.GetRequiredService<TranscriptStore>(), models,
            services.GetRequiredService<ChannelAudioExtractor>(), new FakeTranscriber(segments), services.GetRequiredService<ITranscriptionQueue>(),
            services.GetRequiredService<IRecordingStore>(), NullLogger<TranscriptionService>.Instance);
        Assert.Equal(TranscriptionService.Outcome.Done, await service.TranscribeAsync(id, CancellationToken.None));
        return id;
    }

    /// <summary>A model file must be active for the service to run; any ggml file does for a fake transcriber.</summary>
    private static async Task InstallTestModelAsync(IServiceProvider services)
    {
        var file = Path.Combine(Path.GetTempPath(), $"ggml-test-{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(file, [.. "lmgg"u8, .. new byte[1024]]);
        try
        {
            await services.GetRequiredService<SpeechModelInstaller>().InstallAsync(file, allowUnknown: true, CancellationToken.None);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static void WriteStereoWav(string path, int rate, int seconds)
    {
        var frames = rate * seconds;
        using var w = new BinaryWriter(File.Create(path));
        w.Write("RIFF"u8); w.Write(36 + frames * 4); w.Write("WAVEfmt "u8); w.Write(16); w.Write((short)1); w.Write((short)2);
        w.Write(rate); w.Write(rate * 4); w.Write((short)4); w.Write((short)16); w.Write("data"u8); w.Write(frames * 4);
        for (var i = 0; i < frames; i++)
        {
            w.Write((short)(Math.Sin(2 * Math.PI * 440 * i / rate) * 8000));
            w.Write((short)(Math.Sin(2 * Math.PI * 660 * i / rate) * 8000));
        }
    }
}
