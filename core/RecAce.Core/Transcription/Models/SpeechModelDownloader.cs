using System.Net;
using System.Net.Http.Headers;

namespace RecAce.Core.Transcription.Models;

/// <summary>
/// <c>recace model download &lt;name&gt;</c>: fetches an official model where the server has internet,
/// resuming a partial download with an HTTP Range request, then installs it through the same checks
/// as a file brought by hand.
/// </summary>
public sealed class SpeechModelDownloader
{
    private readonly HttpClient _http;
    private readonly SpeechModelInstaller _installer;

    public SpeechModelDownloader(HttpClient http, SpeechModelInstaller installer)
    {
        _http = http;
        _installer = installer;
    }

    /// <param name="name">A catalog name (tiny, base, large-v3-turbo-q5_0, ...).</param>
    /// <param name="downloadFolder">Where the partial file is kept between attempts.</param>
    /// <param name="baseUri">The source; the official one unless a mirror is given.</param>
    public async Task<InstalledSpeechModel> DownloadAsync(string name, string downloadFolder, Uri? baseUri, CancellationToken ct)
    {
        var model = SpeechModelCatalog.ByName(name)
            ?? throw new SpeechModelRejectedException($"unknown model '{name}'; known: {string.Join(", ", SpeechModelCatalog.Models.Select(m => m.Name))}");
        Directory.CreateDirectory(downloadFolder);
        var partial = Path.Combine(downloadFolder, model.FileName + ".download");
        await FetchResumingAsync(new Uri(baseUri ?? new Uri(SpeechModelCatalog.DownloadBase), model.FileName), partial, ct);
        var installed = await _installer.InstallAsync(partial, allowUnknown: false, ct);
        File.Delete(partial);
        return installed;
    }

    /// <summary>Appends to <paramref name="partialPath"/> from where it ends; starts over when the server ignores the range.</summary>
    public async Task FetchResumingAsync(Uri uri, string partialPath, CancellationToken ct)
    {
        var have = File.Exists(partialPath) ? new FileInfo(partialPath).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (have > 0) request.Headers.Range = new RangeHeaderValue(have, null);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable) return; // already complete
        response.EnsureSuccessStatusCode();
        var resumed = have > 0 && response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From == have;
        await using var target = new FileStream(partialPath, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        await body.CopyToAsync(target, ct);
    }
}
