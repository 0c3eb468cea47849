using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Vinr.Portal.Tests.Support;

public static class HttpExtensions
{
    public static async Task<JsonElement> ErrorAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("error");
    }

    public static AuthenticationHeaderValue Bearer(string key) => new("Bearer", key);
}
