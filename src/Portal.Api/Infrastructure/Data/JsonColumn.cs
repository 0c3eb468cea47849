using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Infrastructure.Data;

/// <summary>A small immutable value stored as one JSON text column, in the API's JSON shape.</summary>
internal static class JsonColumn<T>
    where T : class
{
    public static readonly ValueConverter<T, string> Converter = new(
        value => JsonSerializer.Serialize(value, ApiJson.Options),
        text => JsonSerializer.Deserialize<T>(text, ApiJson.Options)!);
}
