using System.Security.Cryptography;
using RecAce.Core.Transcription.Models;

namespace RecAce.Core.Tests.Transcription;

public sealed class SpeechModelInstallerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("recace-models").FullName;

    private (SpeechModelInstaller Installer, SpeechModelStore Store) CreateSut()
    {
        var store = new SpeechModelStore(new RecAceOptions { DataDirectory = Path.Combine(_dir, "data") });
        return (new SpeechModelInstaller(store, TimeProvider.System), store);
    }

    [Fact]
    public async Task InstallAsync_TruncatedOfficialModel_RejectsAsTruncated()
    {
        var (sut, store) = CreateSut();
        var file = Path.Combine(_dir, "ggml-base.bin");
        await File.WriteAllBytesAsync(file, [.. "lmgg"u8, .. new byte[1_000_000]]);

        var e = await Assert.ThrowsAsync<SpeechModelRejectedException>(() => sut.InstallAsync(file, allowUnknown: false, CancellationToken.None));

        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        Assert.Contains("142 MiB", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(store.Folder) && Directory.EnumerateFiles(store.Folder).Any());
    }

    [Fact]
    public async Task InstallAsync_GarbageFile_RejectsAsNotGgml()
    {
        var (sut, _) = CreateSut();
        var file = Path.Combine(_dir, "ggml-tiny.bin");
        await File.WriteAllTextAsync(file, "<html><body>404 Not Found</body></html>");

        var e = await Assert.ThrowsAsync<SpeechModelRejectedException>(() => sut.InstallAsync(file, allowUnknown: false, CancellationToken.None));

        Assert.Contains("not a ggml Whisper model", e.Message, StringComparison.Ordinal);
    }

    [FixtureFact]
    public async Task InstallAsync_UnknownHash_RejectsWithTheHashAndTheOverride()
    {
        var (sut, store) = CreateSut();

        var e = await Assert.ThrowsAsync<SpeechModelRejectedException>(() => sut.InstallAsync(Fixtures.WeightlessTiny, allowUnknown: false, CancellationToken.None));

        Assert.Contains("unknown hash", e.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-unknown", e.Message, StringComparison.Ordinal);
        Assert.Null(store.Active().Model);
    }

    [FixtureFact]
    public async Task InstallAsync_UnknownHashAllowed_CopiesAndActivates()
    {
        var (sut, store) = CreateSut();

        var model = await sut.InstallAsync(Fixtures.WeightlessTiny, allowUnknown: true, CancellationToken.None);

        Assert.False(model.Known);
        var (active, path, problem) = store.Active();
        Assert.Null(problem);
        Assert.Equal("for-tests-ggml-tiny.bin", active!.FileName);
        Assert.Equal("c486fb9f14a28b1c1dc252741a431646cc573450c900b9d9c406e10294aa01e6", active.Sha256);
        Assert.StartsWith(store.Folder, path, StringComparison.Ordinal);
    }

    [FixtureFact]
    public async Task InstallAsync_SileroVadModel_InstallsUnderTheConfiguredVadName()
    {
        var (sut, store) = CreateSut();

        await sut.InstallAsync(Fixtures.SileroVad, allowUnknown: false, CancellationToken.None);

        Assert.NotNull(store.VadModelPath);
        Assert.Null(store.Active().Model); // a VAD model is not a Whisper model
    }

    [Fact]
    public async Task InstallAsync_TraversalInAllowedName_StaysInsideTheModelsFolder()
    {
        var (sut, store) = CreateSut();
        var file = Path.Combine(_dir, "..evil name.bin");
        await File.WriteAllBytesAsync(file, [.. "lmgg"u8, .. RandomNumberGenerator.GetBytes(64)]);

        var model = await sut.InstallAsync(file, allowUnknown: true, CancellationToken.None);

        Assert.Equal("ggml-custom.bin", model.FileName);
        Assert.True(File.Exists(Path.Combine(store.Folder, "ggml-custom.bin")));
    }

    [Fact]
    public void Active_NothingInstalled_SaysCallsAreRecordedAndTranscriptionWaits()
    {
        var (_, store) = CreateSut();
        Assert.Equal("no model installed: calls are recorded, transcription waits", store.Active().Problem);
    }

    [Fact]
    public void Catalog_CoversTheIssuesSizes()
    {
        foreach (var name in new[] { "tiny", "base", "small", "medium", "large-v3", "large-v3-turbo", "large-v3-turbo-q5_0" })
        {
            var m = SpeechModelCatalog.ByName(name);
            Assert.NotNull(m);
            Assert.Matches("^[0-9a-f]{40}$", m.Sha1);
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
