using System.Diagnostics;
using System.Net;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Quartz;
using RecAce.Core.Transcription;
using RecAce.Core.Transcription.Worker;
using RecAce.Data;
using RecAce.Data.Entities;
using RecAce.Web.Hosting;
using RecAce.Web.Jobs;

namespace RecAce.Web.Tests.Transcription;

/// <summary>The host's supervised worker: the real <c>transcribe-worker</c> verb, and a worker killed mid-job.</summary>
public sealed class WorkerSupervisionTests
{
    [FixtureFact]
    [Trait("Category", "Native")]
    public async Task TranscribeWorkerVerb_WeightlessModel_RunsOutOfProcessAndYieldsNoText()
    {
        var dir = Directory.CreateTempSubdirectory("recace-worker").FullName;
        try
        {
            var pcm = Path.Combine(dir, "outside.f32");
            await File.WriteAllBytesAsync(pcm, new byte[16_000 * 4 * 2]); // 2 s of silence
            using var client = new TranscriptionWorkerClient(TranscriptionHosting.WorkerLaunchFor(new TranscriptionOptions()), TimeSpan.FromMinutes(2), NullLogger<TranscriptionWorkerClient>.Instance);

            var result = await client.TranscribeAsync(new TranscriptionRequest(SharedFixtures.WeightlessTiny, null, [new ChannelAudio(Speaker.OutsideParty, pcm)], "ja", 2), CancellationToken.None);

            Assert.Empty(result.Segments);
            Assert.Equal(2.0, result.Audio.TotalSeconds, 1);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task TranscribeJob_WorkerSigkilledMidJob_FailsRetriesWithBackoffAndHostKeepsServing()
    {
        if (OperatingSystem.IsWindows()) return;
        using var baseFactory = new RecAceFactory();
        using var factory = baseFactory.WithWebHostBuilder(b =>
        {
            // A stand-in worker that takes the job and never answers, so it can be killed mid-job.
            b.UseSetting("RecAce:Transcription:WorkerExecutable", "/bin/sh");
            b.UseSetting("RecAce:Transcription:WorkerArguments:0", "-c");
            b.UseSetting("RecAce:Transcription:WorkerArguments:1", "read job; exec sleep 120");
            b.UseSetting("RecAce:Transcription:RetryBaseDelaySeconds", "60");
        });
        using var http = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        var id = await TranscribedCalls.AddAsync(baseFactory, "0311112222", DateTimeOffset.UtcNow, FakeTranscriber.Dialogue); // installs a model, adds a recording
        // The derived host shares the base host's data folder, so it sees this call and the installed model.
        var services = factory.Services;
        var service = services.GetRequiredService<TranscriptionService>();
        var workers = services.GetRequiredService<TranscriptionWorkerClient>();

        var job = service.TranscribeAsync(id, CancellationToken.None);
        var pid = await WaitForWorkerAsync(workers);
        using (var kill = Process.Start("kill", ["-KILL", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill!.WaitForExitAsync();
        var outcome = await job;

        Assert.Equal(TranscriptionService.Outcome.Failed, outcome);
        using (var db = services.GetRequiredService<DatabaseFactory>().Open())
        {
            var row = await db.Transcriptions.FirstAsync(t => t.CallId == id);
            Assert.Equal(TranscriptionStatus.Failed, row.Status);
            Assert.Contains("SIGKILL", row.Error, StringComparison.Ordinal);
        }

        var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var retry = await scheduler.GetTrigger(QuartzTranscriptionQueue.TriggerKeyFor(id));
        Assert.NotNull(retry);
        Assert.InRange(retry.NextFireTimeUtc!.Value - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Empty(workers.RunningProcessIds);
    }

    private static async Task<int> WaitForWorkerAsync(TranscriptionWorkerClient workers)
    {
        for (var i = 0; i < 400; i++)
        {
            if (workers.RunningProcessIds.Count > 0) return workers.RunningProcessIds.First();
            await Task.Delay(25);
        }

        throw new TimeoutException("no worker started");
    }
}
