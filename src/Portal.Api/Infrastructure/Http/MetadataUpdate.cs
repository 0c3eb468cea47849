namespace Vinr.Portal.Api.Infrastructure.Http;

/// <summary>
/// <c>metadata</c> on create or update, as Stripe merges it: named keys are set, a key sent empty is
/// removed, <c>metadata=""</c> removes all, and the result holds at most 50 keys.
/// </summary>
public static class MetadataUpdate
{
    public static Dictionary<string, string> Apply(ApiParams p, Dictionary<string, string> stored)
    {
        if (p.IsBlank("metadata"))
        {
            return [];
        }
        var merged = new Dictionary<string, string>(stored, StringComparer.Ordinal);
        foreach (var (key, value) in p.Metadata()!)
        {
            if (value is null)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = value;
            }
        }
        return merged.Count <= 50 ? merged : throw p.Invalid("metadata", "Invalid metadata: at most 50 keys. Remove some by sending them with an empty value.");
    }
}
