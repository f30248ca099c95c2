using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.DependencyInjection;
using RecAce.Core.Evidence;
using RecAce.Core.Transcription;
using RecAce.Data;
using RecAce.Web.Auth;
using RecAce.Web.Tests.Admin;
using RecAce.Web.Tests.EndToEnd;

namespace RecAce.Web.Tests.Evidence;

/// <summary>
/// The evidence package of a call sealed by the real host (real ffmpeg): real <c>sha256sum -c</c>
/// accepts its manifest, the real <c>recace verify-package</c> accepts it and rejects tampered
/// copies, and real <c>pdftotext</c> finds the Japanese transcript in its PDF.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class EvidencePackageTests : IDisposable
{
    private const string OutsideWords = "ふざけるな、責任者を出せ";
    private const string StaffWords = "担当の者に代わりますので少々お待ちください";
    private readonly TempDirectory _temp = new("recace-evidence");
    private readonly RecAceFactory _factory;

    public EvidencePackageTests()
    {
        _factory = RecAceFactory.With(new Dictionary<string, string> { ["RecAce:DataDirectory"] = _temp.Combine("data") });
    }

    [Fact]
    public async Task Evidence_RealSealedCall_PassesSha256sumVerifyPackageAndPdftotext()
    {
        var missing = ExternalTools.Missing("sha256sum", "pdftotext");
        Assert.True(missing is null, $"{missing} is needed (scripts/test-packages.txt)");
        var (id, zip) = await ExportAsync("開示請求 第12号");

        var folder = _temp.Combine("extracted");
        ZipFile.ExtractToDirectory(zip, folder);
        var sums = await ExternalTools.RunCheckedAsync("sha256sum", folder, TimeSpan.FromSeconds(30), "-c", "SHA256SUMS");
        Assert.Contains($"recording/{id:N}.opus: OK", sums, StringComparison.Ordinal);
        Assert.DoesNotContain("FAILED", sums, StringComparison.Ordinal);

        var publicKey = _temp.Combine("server.pub.pem");
        await File.WriteAllTextAsync(publicKey, _factory.Services.GetRequiredService<ServerKeyProvider>().Key.PublicKeyPem);
        var verified = await HostProcess.RunVerbAsync(new Dictionary<string, string>(), "verify-package", zip, "--public-key", publicKey);
        Assert.True(verified.ExitCode == 0, verified.Stdout + verified.Stderr);
        Assert.Contains("chain proof: entries", verified.Stdout, StringComparison.Ordinal);
        Assert.Contains("signed by the public key given with --public-key", verified.Stdout, StringComparison.Ordinal);

        var text = await ExternalTools.RunCheckedAsync("pdftotext", folder, TimeSpan.FromSeconds(30), "-enc", "UTF-8", "transcript/transcript.pdf", "-");
        var flat = text.Replace("\n", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        Assert.Contains("反訳書", flat, StringComparison.Ordinal);
        Assert.Contains("相手方：" + OutsideWords, flat, StringComparison.Ordinal);
        Assert.Contains("職員：" + StaffWords, flat, StringComparison.Ordinal);
        Assert.Contains("0311112222", flat, StringComparison.Ordinal);

        var custody = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "custody-log.json")));
        Assert.Contains(custody.RootElement.GetProperty("events").EnumerateArray(), e => e.GetProperty("action").GetString() == "evidence.export" && e.GetProperty("detail").GetString() == "reason: 開示請求 第12号");
        Assert.StartsWith("RecAce 証拠パッケージ", await File.ReadAllTextAsync(Path.Combine(folder, "README.txt")), StringComparison.Ordinal);
        Assert.Contains("[00:00.0] 相手方: " + OutsideWords, await File.ReadAllTextAsync(Path.Combine(folder, "transcript", "transcript.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyPackage_TamperedCopies_ExitOneNamingWhatFailed()
    {
        var (_, zip) = await ExportAsync("audit");

        // A file changed inside the package: the manifest no longer matches.
        var edited = Copy(zip, "edited.zip");
        Rewrite(edited, "transcript/transcript.txt", bytes => Encoding.UTF8.GetBytes("[00:00.0] 相手方: 何も言っていない\n"));
        var result = await HostProcess.RunVerbAsync(new Dictionary<string, string>(), "verify-package", edited);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAILED  manifest: transcript/transcript.txt was changed", result.Stdout, StringComparison.Ordinal);

        // The recording swapped and the manifest rewritten to match: the chain proof still catches it.
        var swapped = Copy(zip, "swapped.zip");
        var recording = Entries(swapped).Single(n => n.StartsWith("recording/", StringComparison.Ordinal));
        Rewrite(swapped, recording, bytes =>
        {
            bytes[bytes.Length / 2] ^= 0x01;
            return bytes;
        });
        RewriteManifest(swapped);
        result = await HostProcess.RunVerbAsync(new Dictionary<string, string>(), "verify-package", swapped);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAILED  recording: SHA-256", result.Stdout, StringComparison.Ordinal);

        // A different key given by the auditor.
        var otherKey = _temp.Combine("other.pem");
        using (var ec = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
        {
            await File.WriteAllTextAsync(otherKey, ec.ExportSubjectPublicKeyInfoPem());
        }

        result = await HostProcess.RunVerbAsync(new Dictionary<string, string>(), "verify-package", zip, "--public-key", otherKey);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("NOT signed by the public key given with --public-key", result.Stdout, StringComparison.Ordinal);

        // Zip-slip: a path leaving the extraction folder rejects the whole package.
        var slip = Copy(zip, "slip.zip");
        using (var archive = ZipFile.Open(slip, ZipArchiveMode.Update))
        {
            using var s = archive.CreateEntry("../../etc/evil.sh").Open();
            s.Write("echo pwned"u8);
        }

        result = await HostProcess.RunVerbAsync(new Dictionary<string, string>(), "verify-package", slip);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unsafe path '../../etc/evil.sh'", result.Stdout, StringComparison.Ordinal);

        // An entry over the size limit is refused before it is read.
        var limited = await RecAce.Core.Evidence.Packages.PackageVerifier.VerifyAsync(zip, null, 1000, CancellationToken.None);
        Assert.False(limited.Intact);
        Assert.Contains(limited.Failed, f => f.Contains("over the limit of 1000", StringComparison.Ordinal));

        Assert.Equal(0, (await HostProcess.RunVerbAsync(new Dictionary<string, string>(), "verify-package", zip)).ExitCode);
    }

    [Fact]
    public async Task Evidence_WithoutReason_400ProblemAndStaff403()
    {
        _ = _factory.Server;
        await TestAccounts.CreateAllAsync(_factory);
        var id = await SealedCalls.RecordAsync(_factory, "0311112222", TestAccounts.StaffExtension);
        using var auditor = await TestAccounts.SignedInAsync(_factory, Roles.Auditor);
        using var response = await auditor.GetAsync($"/api/v1/calls/{id}/evidence");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("reason", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The call page offers the package, with its reason field, to those who may take it.
        var detail = await auditor.GetStringAsync($"/Calls/Detail/{id}");
        Assert.Contains($"action=\"/api/v1/calls/{id}/evidence\"", detail, StringComparison.Ordinal);
        Assert.Contains("name=\"reason\" required", detail, StringComparison.Ordinal);

        using var staff = await TestAccounts.SignedInAsync(_factory, Roles.Staff);
        Assert.DoesNotContain("evidence-form", await staff.GetStringAsync($"/Calls/Detail/{id}"), StringComparison.Ordinal);
        using var refused = await staff.GetAsync($"/api/v1/calls/{id}/evidence?reason=x");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var unknown = await auditor.GetAsync($"/api/v1/calls/{Guid.NewGuid()}/evidence?reason=x");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    public void Dispose()
    {
        _factory.Dispose();
        _temp.Dispose();
    }

    private async Task<(Guid Id, string Zip)> ExportAsync(string reason)
    {
        _ = _factory.Server;
        await TestAccounts.CreateAllAsync(_factory);
        var id = await SealedCalls.RecordAsync(_factory, "0311112222", TestAccounts.StaffExtension);
        await _factory.Services.GetRequiredService<TranscriptStore>().SaveAsync(id,
            [new TranscriptSegment(Speaker.OutsideParty, TimeSpan.Zero, TimeSpan.FromSeconds(1.5), OutsideWords),
             new TranscriptSegment(Speaker.Staff, TimeSpan.FromSeconds(1.6), TimeSpan.FromSeconds(2.9), StaffWords)],
            "test-model", "ja", TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2.8), CancellationToken.None);

        using var auditor = await TestAccounts.SignedInAsync(_factory, Roles.Auditor);
        using var response = await auditor.GetAsync($"/api/v1/calls/{id}/evidence?reason={Uri.EscapeDataString(reason)}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        var zip = _temp.Combine($"evidence-{id:N}.zip");
        await File.WriteAllBytesAsync(zip, await response.Content.ReadAsByteArrayAsync());

        using var db = _factory.Services.GetRequiredService<DatabaseFactory>().Open();
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "evidence.export" && e.Target == id.ToString() && e.Detail == "reason: " + reason));
        return (id, zip);
    }

    private string Copy(string zip, string name)
    {
        var copy = _temp.Combine(name);
        File.Copy(zip, copy);
        return copy;
    }

    private static List<string> Entries(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        return archive.Entries.Select(e => e.FullName).ToList();
    }

    private static void Rewrite(string zip, string name, Func<byte[], byte[]> change)
    {
        using var archive = ZipFile.Open(zip, ZipArchiveMode.Update);
        var entry = archive.GetEntry(name)!;
        byte[] bytes;
        using (var read = entry.Open())
        using (var copy = new MemoryStream())
        {
            read.CopyTo(copy);
            bytes = copy.ToArray();
        }

        entry.Delete();
        using var write = archive.CreateEntry(name).Open();
        write.Write(change(bytes));
    }

    private static void RewriteManifest(string zip)
    {
        var sums = new StringBuilder();
        using var archive = ZipFile.Open(zip, ZipArchiveMode.Update);
        foreach (var e in archive.Entries.Where(e => e.FullName != "SHA256SUMS").OrderBy(e => e.FullName, StringComparer.Ordinal))
        {
            using var s = e.Open();
            sums.Append(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(s))).Append("  ").Append(e.FullName).Append('\n');
        }

        archive.GetEntry("SHA256SUMS")!.Delete();
        using var w = archive.CreateEntry("SHA256SUMS").Open();
        w.Write(Encoding.UTF8.GetBytes(sums.ToString()));
    }
}
