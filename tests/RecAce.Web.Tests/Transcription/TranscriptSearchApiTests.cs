using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace RecAce.Web.Tests.Transcription;

/// <summary>Indexing, search, view and export through the API, with a fake transcriber behind the real service.</summary>
public sealed class TranscriptSearchApiTests : IClassFixture<TranscriptSearchApiTests.Host>
{
    private readonly Host _host;

    public TranscriptSearchApiTests(Host host) => _host = host;

    /// <summary>Two transcribed calls and an API token.</summary>
    public sealed class Host : IAsyncLifetime
    {
        public RecAceFactory Factory { get; } = new();
        public Guid First { get; private set; }
        public Guid Second { get; private set; }
        public string Token { get; private set; } = "";

        public async Task InitializeAsync()
        {
            Token = await Factory.CreateTokenAsync();
            First = await TranscribedCalls.AddAsync(Factory, "0312345678", new DateTimeOffset(2026, 4, 1, 10, 0, 0, TimeSpan.FromHours(9)), FakeTranscriber.Dialogue);
            Second = await TranscribedCalls.AddAsync(Factory, "0698765432", new DateTimeOffset(2026, 4, 2, 10, 0, 0, TimeSpan.FromHours(9)),
                [new(Core.Transcription.Speaker.OutsideParty, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), "ゴミの収集日を教えてください")]);
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }

        public HttpClient Client()
        {
            var c = Factory.CreateClient();
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            return c;
        }
    }

    [Theory]
    [InlineData("住民票")] // 3 characters: trigram index
    [InlineData("住民票の写しを取り")] // 9 characters
    [InlineData("税金")] // 2 characters: LIKE
    [InlineData("税")] // 1 character: LIKE
    public async Task ListCalls_TextQuery_FindsTheCallWithSnippetAndTime(string q)
    {
        using var client = _host.Client();

        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/calls?q={Uri.EscapeDataString(q)}");

        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(_host.First.ToString(), item.GetProperty("id").GetString());
        Assert.Equal("Done", item.GetProperty("transcription").GetString());
        var match = item.GetProperty("match");
        Assert.Contains($"<mark>{q}</mark>", match.GetProperty("snippetHtml").GetString(), StringComparison.Ordinal);
        Assert.Equal("OutsideParty", match.GetProperty("speaker").GetString());
        Assert.True(match.GetProperty("startSeconds").GetDouble() is 2.5 or 7.0);
    }

    [Fact]
    public async Task ListCalls_TextWithOtherFilters_CombinesThem()
    {
        using var client = _host.Client();

        var none = await client.GetFromJsonAsync<JsonElement>($"/api/v1/calls?q={Uri.EscapeDataString("住民票")}&number=0698");
        var one = await client.GetFromJsonAsync<JsonElement>($"/api/v1/calls?q={Uri.EscapeDataString("収集日")}&from=2026-04-02");

        Assert.Equal(0, none.GetProperty("total").GetInt32());
        Assert.Equal(_host.Second.ToString(), Assert.Single(one.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task ListCalls_TextMarkupInTranscript_SnippetIsEncoded()
    {
        using var client = _host.Client();

        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/calls?q={Uri.EscapeDataString("確認</b>")}");

        var snippet = Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("match").GetProperty("snippetHtml").GetString();
        Assert.Contains("&lt;b&gt;", snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTranscript_Json_SpeakerLabelledSegmentsInTimeOrder()
    {
        using var client = _host.Client();

        var t = await client.GetFromJsonAsync<JsonElement>($"/api/v1/calls/{_host.First}/transcript");

        var segments = t.GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal(["Staff", "OutsideParty", "Staff", "OutsideParty"], segments.Select(s => s.GetProperty("speaker").GetString()));
        Assert.Equal(2.5, segments[1].GetProperty("startSeconds").GetDouble());
        Assert.Equal(4.8, segments[1].GetProperty("endSeconds").GetDouble());
    }

    [Fact]
    public async Task GetTranscript_Srt_NumberedCuesWithCommaTimes()
    {
        using var client = _host.Client();

        var srt = await client.GetStringAsync($"/api/v1/calls/{_host.First}/transcript?format=srt");

        Assert.StartsWith("1\n00:00:00,400 --> 00:00:02,100\n職員: お電話ありがとうございます、市民課です\n\n2\n00:00:02,500 --> 00:00:04,800\n相手方: 住民票", srt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTranscript_Vtt_HeaderVoiceTagsAndEscapedText()
    {
        using var client = _host.Client();

        var response = await client.GetAsync($"/api/v1/calls/{_host.First}/transcript?format=vtt");
        var vtt = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/vtt", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("WEBVTT\n\n00:00:00.400 --> 00:00:02.100\n<v 職員>お電話", vtt, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;確認&lt;/b&gt;いたします", vtt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTranscript_Txt_OneLinePerSegment()
    {
        using var client = _host.Client();

        var txt = await client.GetStringAsync($"/api/v1/calls/{_host.First}/transcript?format=txt");

        Assert.Equal(4, txt.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("[00:07.0] 相手方: それと税金の支払いについても聞きたい", txt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTranscript_NoCredentialsOrBadFormat_Refused()
    {
        using var anonymous = _host.Factory.CreateClient();
        using var client = _host.Client();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/calls/{_host.First}/transcript")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/v1/calls/{_host.First}/transcript?format=docx")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/calls/{Guid.NewGuid()}/transcript")).StatusCode);
    }

    [Fact]
    public async Task Healthz_ModelInstalled_ShowsTheActiveModel()
    {
        using var client = _host.Factory.CreateClient();

        var health = await client.GetFromJsonAsync<JsonElement>("/healthz");

        var part = health.GetProperty("parts").GetProperty("speechModel");
        Assert.Equal("Healthy", part.GetProperty("status").GetString());
        Assert.Contains("ggml-test-", part.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
