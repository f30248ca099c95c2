using System.Net.Http.Json;
using System.Text.Json;

namespace RecAce.Web.Tests.EndToEnd;

/// <summary>Waits, through the API, for a call a real peer or import made to be finalized.</summary>
internal static class FinalizedCallWait
{
    /// <returns>The call's detail once the newest call with this outside number is finalized; fails after 90 s with the host's log.</returns>
    public static async Task<JsonElement> ForNumberAsync(HttpClient client, string number, HostProcess host)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/calls?number={number}");
            var items = page.GetProperty("items");
            if (items.GetArrayLength() > 0 && items[0].GetProperty("status").GetString() == "Finalized")
            {
                return await client.GetFromJsonAsync<JsonElement>($"/api/v1/calls/{items[0].GetProperty("id").GetString()}");
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"No finalized call for {number}:\n{host.Log}");
    }
}
