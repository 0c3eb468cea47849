using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Vinr.Portal.Api.Infrastructure.Data;

/// <summary>A merchant's key-value pairs on an object, stored as one JSON text column (read whole, never queried into).</summary>
internal static class Metadata
{
    public static readonly ValueConverter<Dictionary<string, string>, string> Converter = new(
        pairs => JsonSerializer.Serialize(pairs, (JsonSerializerOptions?)null),
        text => JsonSerializer.Deserialize<Dictionary<string, string>>(text, (JsonSerializerOptions?)null) ?? new Dictionary<string, string>());

    public static readonly ValueComparer<Dictionary<string, string>> Comparer = new(
        (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
        pairs => pairs.Aggregate(0, (hash, pair) => HashCode.Combine(hash, pair.Key, pair.Value)),
        pairs => new Dictionary<string, string>(pairs));
}
