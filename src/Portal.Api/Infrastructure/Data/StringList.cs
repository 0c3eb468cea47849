using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Vinr.Portal.Api.Infrastructure.Data;

/// <summary>A short list of identifiers (price ids, field names) stored as one comma-separated column.</summary>
internal static class StringList
{
    public static readonly ValueConverter<string[], string> Converter = new(
        list => string.Join(',', list),
        text => text.Length == 0 ? Array.Empty<string>() : text.Split(',', StringSplitOptions.None));

    public static readonly ValueComparer<string[]> Comparer = new(
        (a, b) => a!.SequenceEqual(b!),
        list => list.Aggregate(0, (hash, item) => HashCode.Combine(hash, item.GetHashCode(StringComparison.Ordinal))),
        list => list.ToArray());
}
