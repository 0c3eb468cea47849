using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Vinr.Portal.Api.Infrastructure.Data;

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
