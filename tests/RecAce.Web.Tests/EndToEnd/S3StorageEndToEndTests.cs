using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.S3.Model;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Logging.Abstractions;
using RecAce.Core;
using RecAce.Core.Audit;
using RecAce.Core.Evidence;
using RecAce.Core.Retention;
using RecAce.Core.Storage.Recordings;

namespace RecAce.Web.Tests.EndToEnd;

/// <summary>
/// The real host configured with S3 storage against a real S3-protocol server (s3rver): a call
/// imported by the FolderImport plugin is sealed into the bucket, played with Range, exported as
/// evidence, caught by verify when its object is replaced, and removed (audited) by retention.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class S3StorageEndToEndTests : IDisposable
{
    private readonly TempDirectory _temp = new("recace-e2e-s3");

    private string DataDirectory => _temp.Combine("data");

    private string ImportFolder => _temp.Combine("import");

    [Fact]
    public async Task SealedCall_S3Storage_LandsInBucketPlaysExportsVerifiesAndRetentionDeletesIt()
    {
        await using var server = await S3Server.StartAsync();
        var settings = new Dictionary<string, string>(server.Settings("cityhall/"))
        {
            ["RecAce:DataDirectory"] = DataDirectory,
            ["Plugins:FolderImport:Enabled"] = "true",
            ["Plugins:FolderImport:Path"] = ImportFolder,
            ["Plugins:FolderImport:PollIntervalSeconds"] = "1",
            ["Plugins:FolderImport:StableSeconds"] = "1",
        };
        Directory.CreateDirectory(ImportFolder);
        var source = _temp.Combine("source.wav");
        await MediaTools.RunAsync("ffmpeg", "-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000:duration=4",
            "-f", "lavfi", "-i", "sine=frequency=660:sample_rate=8000:duration=4", "-filter_complex", "[0:a][1:a]join=inputs=2:channel_layout=stereo[out]", "-map", "[out]", "-c:a", "pcm_s16le", source);
        var token = (await HostProcess.RunVerbAsync(settings, "token", "create", "--name", "s3", "--role", "Admin")).Stdout;

        Guid id;
        RecordingRowView row;
        byte[] stored;
        await using (var host = await HostProcess.StartAsync(settings))
        {
            using var client = host.CreateClient(token);
            var health = await client.GetFromJsonAsync<JsonElement>("/healthz");
            Assert.StartsWith("S3: s3 " + server.Endpoint, health.GetProperty("parts").GetProperty("recordingStore").GetProperty("detail").GetString(), StringComparison.Ordinal);

            File.Copy(source, _temp.Combine("staging.wav"));
            File.Move(_temp.Combine("staging.wav"), Path.Combine(ImportFolder, "in-201-0312345678-20260401-101530-1775006130.42.wav"));
            id = (await FinalizedCallWait.ForNumberAsync(client, "0312345678", host)).GetProperty("id").GetGuid();
            row = await RowAsync(id);

            // In the bucket under the prefix, with the sealed hash; nothing under the data folder.
            using (var s3 = server.CreateClient())
            {
                using var response = await s3.GetObjectAsync(S3Server.Bucket, "cityhall/" + row.Path);
                using var memory = new MemoryStream();
                await response.ResponseStream.CopyToAsync(memory);
                stored = memory.ToArray();
            }

            Assert.Equal(row.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stored)));
            Assert.Equal(row.SizeBytes, stored.Length);
            Assert.False(Directory.Exists(Path.Combine(DataDirectory, "recordings")), "recordings are in the bucket, not the data folder");

            // Playback with Range: the bytes of the object at that range.
            using var range = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/calls/{id}/audio");
            range.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(100, 1099);
            var partial = await client.SendAsync(range);
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            Assert.Equal(stored[100..1100], await partial.Content.ReadAsByteArrayAsync());
            Assert.Equal(stored, await client.GetByteArrayAsync($"/api/v1/calls/{id}/audio"));

            // The evidence package carries the object's bytes.
            var zip = await client.GetAsync($"/api/v1/calls/{id}/evidence?reason=" + Uri.EscapeDataString("S3 test"));
            Assert.True(zip.StatusCode == HttpStatusCode.OK, await zip.Content.ReadAsStringAsync() + host.Log);
            using var archive = new ZipArchive(await zip.Content.ReadAsStreamAsync());
            var entry = archive.Entries.Single(e => e.FullName.EndsWith(".opus", StringComparison.Ordinal));
            await using (var entryStream = await entry.OpenAsync())
            {
                Assert.Equal(row.Sha256, await RecordingHash.OfStreamAsync(entryStream, CancellationToken.None));
            }

            var waveform = await client.GetAsync($"/api/v1/calls/{id}/waveform.png");
            Assert.Equal(HttpStatusCode.OK, waveform.StatusCode);
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(DataDirectory, "tmp", "recordings")));
        }

        var clean = await HostProcess.RunVerbAsync(settings, "verify", "--all");
        Assert.True(clean.ExitCode == 0, clean.Stdout + clean.Stderr);

        // The object replaced behind RecAce's back (one byte flipped): verify names the call.
        var tampered = stored.ToArray();
        tampered[tampered.Length / 2] ^= 0x01;
        using (var s3 = server.CreateClient())
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = S3Server.Bucket, Key = "cityhall/" + row.Path, InputStream = new MemoryStream(tampered), UseChunkEncoding = false });
        }

        var verify = await HostProcess.RunVerbAsync(settings, "verify", id.ToString());
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains($"call {id}: the recording file was changed", verify.Stdout, StringComparison.Ordinal);

        // Retention six years on: the object goes, the deletion is in the chain and the audit trail.
        var options = new RecAceOptions { DataDirectory = DataDirectory };
        var db = RecAce.Tests.TestDatabase.ForDataDirectory(DataDirectory).Factory;
        var later = new LaterTime(TimeSpan.FromDays(6 * 365));
        using var chain = new IntegrityChain(db, later, options);
        using var store = new S3RecordingStore(server.Options("cityhall/"), DataDirectory);
        var sweeper = new RetentionSweeper(options, db, new AuditLog(db, later, options), store, new RetentionPolicies(options, db, NullLogger<RetentionPolicies>.Instance), chain, later, NullLogger<RetentionSweeper>.Instance);
        Assert.Equal(1, await sweeper.SweepAsync(CancellationToken.None));
        using (var s3 = server.CreateClient())
        {
            var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = S3Server.Bucket, Prefix = "cityhall/" });
            Assert.Empty(listing.S3Objects ?? []);
        }

        using (var check = db.Open())
        {
            Assert.True(await check.AuditEvents.AnyAsync(e => e.Action == "recording.delete" && e.Target == id.ToString()));
            Assert.Equal("delete.retention", (await check.ChainEntries.OrderByDescending(e => e.Sequence).FirstAsync()).Kind);
        }
    }

    public void Dispose() => _temp.Dispose();

    private async Task<RecordingRowView> RowAsync(Guid id)
    {
        using var db = RecAce.Tests.TestDatabase.ForDataDirectory(DataDirectory).Factory.Open();
        var r = await db.Recordings.FirstAsync(x => x.CallId == id);
        return new RecordingRowView(r.Path, r.Sha256, r.SizeBytes);
    }

    private sealed record RecordingRowView(string Path, string Sha256, long SizeBytes);
}
