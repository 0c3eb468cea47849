using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vinr.Portal.Api.Infrastructure.Http;

/// <summary>The one JSON shape of the API: snake_case names and enum values, like the seed's <c>return_url</c>.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        // Numbers are numbers: the Web default of reading them from strings would also type every
        // integer as "integer or string" in the OpenAPI document.
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        return options;
    }
}
