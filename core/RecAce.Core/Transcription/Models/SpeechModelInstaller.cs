using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace RecAce.Core.Transcription.Models;

/// <summary>
/// <c>recace model install &lt;path&gt;</c>: checks a model file (ggml magic, size, hash against
/// <see cref="SpeechModelCatalog"/>) and copies it into the models folder. A truncated model loads
/// silently in Whisper and a vocabulary-less one aborts the process, so nothing unchecked goes in.
/// </summary>
public sealed partial class SpeechModelInstaller
{
    // "ggml" as a little-endian uint32, the first four bytes of every whisper.cpp model file.
    private static readonly byte[] GgmlMagic = "lmgg"u8.ToArray();

    // Silero VAD models in ggml form have no official SHA-1 list; these are SHA-256 of files whisper.cpp ships.
    private static readonly Dictionary<string, string> KnownVadModels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["2aa269b785eeb53a82983a20501ddf7c1d9c48e33ab63a41391ac6c9f7fb6987"] = "ggml-silero-v6.2.0.bin",
    };

    private readonly SpeechModelStore _store;
    private readonly TimeProvider _time;

    public SpeechModelInstaller(SpeechModelStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <param name="sourcePath">The file to install; it is copied, never moved.</param>
    /// <param name="allowUnknown">Accept a valid ggml file whose hash is not in the catalog (development and tests only).</param>
    /// <exception cref="SpeechModelRejectedException">The file is missing, not a ggml model, truncated, or of unknown origin.</exception>
    public async Task<InstalledSpeechModel> InstallAsync(string sourcePath, bool allowUnknown, CancellationToken ct)
    {
        var source = new FileInfo(Path.GetFullPath(sourcePath));
        if (!source.Exists) throw new SpeechModelRejectedException($"{sourcePath}: no such file.");
        await CheckMagicAsync(source, ct);
        var (sha1, sha256) = await HashAsync(source.FullName, ct);

        if (KnownVadModels.TryGetValue(sha256, out var vadName))
        {
            return await CopyAsync(source, new InstalledSpeechModel(vadName, vadName, source.Length, sha1, sha256, true, _time.GetUtcNow()), activate: false, ct);
        }

        var known = SpeechModelCatalog.BySha1(sha1);
        if (known is null)
        {
            var named = SpeechModelCatalog.ByName(Path.GetFileNameWithoutExtension(source.Name).Replace("ggml-", "", StringComparison.OrdinalIgnoreCase));
            if (named is not null && source.Length < named.ApproxBytes * 0.97)
            {
                throw new SpeechModelRejectedException(
                    $"{source.Name} is truncated: {source.Length:N0} bytes, but the official {named.FileName} is about {named.ApproxMiB:0} MiB. Download it again (recace model download {named.Name}).");
            }

            if (!allowUnknown)
            {
                throw new SpeechModelRejectedException(named is not null
                    ? $"{source.Name} does not match the official {named.FileName} (SHA-1 {sha1}, expected {named.Sha1}): the file is damaged or altered. Download it again."
                    : $"{source.Name} has an unknown hash (SHA-1 {sha1}): it is not one of the official whisper.cpp models. Install an official model, or pass --allow-unknown to accept this file on purpose.");
            }
        }

        var fileName = known?.FileName ?? SafeFileName(source.Name);
        var model = new InstalledSpeechModel(known?.Name ?? fileName, fileName, source.Length, sha1, sha256, known is not null, _time.GetUtcNow());
        return await CopyAsync(source, model, activate: true, ct);
    }

    private async Task<InstalledSpeechModel> CopyAsync(FileInfo source, InstalledSpeechModel model, bool activate, CancellationToken ct)
    {
        Directory.CreateDirectory(_store.Folder);
        // The target name comes from the catalog or a strict pattern, never a path from the user.
        var target = Path.Combine(_store.Folder, model.FileName);
        if (!Path.GetFullPath(target).StartsWith(_store.Folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new SpeechModelRejectedException($"{model.FileName} is not a valid model file name.");
        }

        var partial = target + ".partial";
        await using (var from = File.OpenRead(source.FullName))
        await using (var to = File.Create(partial))
        {
            await from.CopyToAsync(to, ct);
        }

        if (new FileInfo(partial).Length != model.SizeBytes) throw new SpeechModelRejectedException($"{source.Name} changed while it was being copied; try again.");
        File.Move(partial, target, overwrite: true);
        if (activate) _store.SetActive(model);
        return model;
    }

    private static async Task CheckMagicAsync(FileInfo source, CancellationToken ct)
    {
        var head = new byte[4];
        await using var stream = File.OpenRead(source.FullName);
        var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        if (read < head.Length || !head.AsSpan().SequenceEqual(GgmlMagic))
        {
            throw new SpeechModelRejectedException($"{source.Name} is not a ggml Whisper model: it does not start with the ggml signature (a garbage file, an HTML error page or another format).");
        }
    }

    internal static async Task<(string Sha1, string Sha256)> HashAsync(string path, CancellationToken ct)
    {
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        await using var stream = File.OpenRead(path);
        int n;
        while ((n = await stream.ReadAsync(buffer, ct)) > 0)
        {
            sha1.AppendData(buffer, 0, n);
            sha256.AppendData(buffer, 0, n);
        }

        return (Convert.ToHexStringLower(sha1.GetHashAndReset()), Convert.ToHexStringLower(sha256.GetHashAndReset()));
    }

    private static string SafeFileName(string name) => SafeName().IsMatch(name) ? name : "ggml-custom.bin";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,100}\\.bin$")]
    private static partial Regex SafeName();
}
