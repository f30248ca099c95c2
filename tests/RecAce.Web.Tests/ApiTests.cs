using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LinqToDB;
using Microsoft.Extensions.DependencyInjection;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Web.Tests;

public sealed class ApiTests : IClassFixture<RecAceFactory>
{
    private readonly RecAceFactory _factory;

    public ApiTests(RecAceFactory factory) => _factory = factory;

    [Fact]
    public async Task ListCalls_NoCredentials_Returns401ProblemJson()
    {
        using var client = _factory.CreateClient();
        var response = await client.GetAsync("/api/v1/calls");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ListCalls_UnknownToken_Returns401()
    {
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "rcat_not-a-real-token");
        var response = await client.GetAsync("/api/v1/calls");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ListCalls_FiltersByNumberAndDate_ReturnsMatchingCallsInJst()
    {
        using var client = await AuthorizedClientAsync();
        var a = await InsertCallAsync("0312345678", "201", new DateTimeOffset(2026, 4, 1, 10, 0, 0, TimeSpan.FromHours(9)));
        await InsertCallAsync("0698765432", "202", new DateTimeOffset(2026, 4, 2, 10, 0, 0, TimeSpan.FromHours(9)));

        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/calls?number=12345&from=2026-04-01&to=2026-04-02");

        var items = page.GetProperty("items");
        Assert.Equal(1, items.GetArrayLength());
        Assert.Equal(a.ToString(), items[0].GetProperty("id").GetString());
        Assert.EndsWith("+09:00", items[0].GetProperty("startedAt").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListCalls_BadDate_Returns400ProblemJson()
    {
        using var client = await AuthorizedClientAsync();
        var response = await client.GetAsync("/api/v1/calls?from=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetCall_Unknown_Returns404()
    {
        using var client = await AuthorizedClientAsync();
        var response = await client.GetAsync($"/api/v1/calls/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetAudio_CallWithoutRecording_Returns404()
    {
        using var client = await AuthorizedClientAsync();
        var id = await InsertCallAsync("0311112222", "203", DateTimeOffset.UtcNow);
        var response = await client.GetAsync($"/api/v1/calls/{id}/audio");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Healthz_Anonymous_ReportsEachPart()
    {
        using var client = _factory.CreateClient();
        var health = await client.GetFromJsonAsync<JsonElement>("/healthz");
        var parts = health.GetProperty("parts");
        foreach (var name in new[] { "database", "ffmpeg", "spoolDisk", "speechModel", "plugins" })
        {
            Assert.True(parts.TryGetProperty(name, out _), $"/healthz lacks {name}");
        }

        Assert.Equal("Healthy", parts.GetProperty("database").GetProperty("status").GetString());
    }

    private async Task<HttpClient> AuthorizedClientAsync()
    {
        var token = await _factory.CreateTokenAsync();
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<Guid> InsertCallAsync(string number, string extension, DateTimeOffset started)
    {
        var id = Guid.NewGuid();
        using var db = _factory.Services.GetRequiredService<DatabaseFactory>().Open();
        await db.InsertAsync(new CallRow
        {
            Id = id,
            AdapterId = "test",
            OutsideNumber = number,
            StaffExtension = extension,
            StartedAtMs = started.ToUnixTimeMilliseconds(),
            Status = CallStatus.Closed,
            CreatedAtMs = started.ToUnixTimeMilliseconds(),
        });
        return id;
    }
}
