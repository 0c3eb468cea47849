using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Vinr.Portal.Api.Infrastructure.Http;

/// <summary>
/// A request's parameters, whether sent as a form (<c>curl -d</c>, with Stripe's bracket notation:
/// <c>expand[]=customer</c>, <c>flow_data[type]=...</c>) or as JSON (the SDKs): both become the same
/// JSON tree, so both give identical results and hash identically for idempotency.
/// </summary>
public sealed class ApiParams
{
    /// <summary>Bodies larger than this are refused (413): no endpoint needs more.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private const int MaxDepth = 8;
    private static readonly object ItemKey = new();

    private readonly JsonObject _root;

    /// <summary>Where this object sits in the request (<c>flow_data</c>, <c>features[subscription_update]</c>); null at the top.</summary>
    private readonly string? _path;

    private ApiParams(JsonObject root, string? path = null) => (_root, _path) = (root, path);

    public static ApiParams Empty => new([]);

    /// <summary>Minimal-API binding: the pipeline has parsed the request already.</summary>
    public static ValueTask<ApiParams?> BindAsync(HttpContext context) =>
        ValueTask.FromResult((ApiParams?)(context.Items[ItemKey] as ApiParams ?? Empty));

    internal static async Task<ApiParams> ReadAsync(HttpRequest request)
    {
        var parsed = HttpMethods.IsGet(request.Method) || HttpMethods.IsDelete(request.Method)
            ? FromPairs(QueryHelpers.ParseQuery(request.QueryString.Value))
            : await FromBodyAsync(request);
        request.HttpContext.Items[ItemKey] = parsed;
        return parsed;
    }

    private static async Task<ApiParams> FromBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw TooLarge();
        }
        var body = await ReadBodyAsync(request);
        if (body.Length == 0)
        {
            return Empty;
        }
        var mediaType = MediaType(request);
        switch (mediaType)
        {
            case "application/json":
                return FromJson(body);
            case "application/x-www-form-urlencoded" or null or "":
                // curl -d '{...}' without -H declares a form, and some clients declare nothing: say so,
                // rather than report one unknown parameter named after the whole body. No parameter name
                // starts with { or [. A 400, not a 415: the declared type is one the API accepts, the body contradicts it.
                if (body.AsSpan().TrimStart(" \t\r\n"u8) is [(byte)'{' or (byte)'[', ..])
                {
                    throw new ApiException(new ApiError(400, ApiError.InvalidRequest, "content_type_invalid",
                        $"The request body looks like JSON, but Content-Type is {(string.IsNullOrEmpty(mediaType) ? "missing" : mediaType)}. Send Content-Type: application/json."));
                }
                return FromPairs(QueryHelpers.ParseQuery(DecodeUtf8(body)));
            default:
                throw new ApiException(ApiError.UnsupportedContentType(mediaType));
        }
    }

    internal static string? MediaType(HttpRequest request) => request.ContentType?.Split(';', 2)[0].Trim().ToLowerInvariant();

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        // Sized by Content-Length when it is declared (checked against the limit already), and the read
        // buffer borrowed: an API body is a few hundred bytes, and this runs on every POST.
        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 0);
        var chunk = ArrayPool<byte>.Shared.Rent(8192);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    throw TooLarge();
                }
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.ToArray();
    }

    private static string DecodeUtf8(byte[] body)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            throw new ApiException(ApiError.Malformed("The request body is not valid UTF-8."));
        }
    }

    private static ApiParams FromJson(byte[] body)
    {
        using var document = ParseJson(body);
        return document.RootElement.ValueKind == JsonValueKind.Object
            ? new ApiParams(ToObject(document.RootElement, path: null))
            : throw new ApiException(ApiError.Malformed("The JSON request body must be an object of parameters."));
    }

    private static JsonDocument ParseJson(byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, position {e.BytePositionInLine + 1})" : "";
            throw new ApiException(ApiError.Malformed($"The request body is not valid JSON{where}."));
        }
    }

    /// <summary>
    /// Builds the tree from the one parse, refusing a repeated key by its bracket path
    /// (<c>flow_data[type]</c>), as a form's repeated key is: JsonNode.Parse accepts one and throws
    /// only when the object is first read, deep inside a handler.
    /// </summary>
    private static JsonObject ToObject(JsonElement element, string? path)
    {
        var result = new JsonObject();
        foreach (var property in element.EnumerateObject())
        {
            var name = path is null ? property.Name : $"{path}[{property.Name}]";
            if (result.ContainsKey(property.Name))
            {
                throw new ApiException(ApiError.Invalid(name, $"The parameter {name} was given more than once; send it once (a JSON array for a list)."));
            }
            result[property.Name] = ToNode(property.Value, name);
        }
        return result;
    }

    private static JsonNode? ToNode(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.Object => ToObject(element, path),
        JsonValueKind.Array => new JsonArray(element.EnumerateArray().Select((item, i) => ToNode(item, $"{path}[{i}]")).ToArray()),
        JsonValueKind.Null => null,
        // A copy that outlives the document, read as JsonNode.Parse would read it (numbers keep their text).
        _ => JsonValue.Create(element.Clone()),
    };

    /// <summary>
    /// Turns <c>a[b][]=1</c> pairs into <c>{"a":{"b":["1"]}}</c>, and Stripe's indexed lists
    /// (<c>expand[0]=customer</c>, <c>products[0][product]=...</c>, as its client libraries send them) into lists.
    /// </summary>
    private static ApiParams FromPairs(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> pairs)
    {
        var root = new JsonObject();
        foreach (var (key, values) in pairs)
        {
            var path = ParseKey(key);
            foreach (var value in values)
            {
                Assign(root, path, key, value ?? "");
            }
        }
        return new ApiParams((JsonObject)IndexedToLists(root)!);
    }

    /// <summary>An object whose keys are all indexes (0, 1, 2, ...) is a list in index order.</summary>
    private static JsonNode? IndexedToLists(JsonNode? node) => node switch
    {
        JsonObject obj when obj.Count > 0 && obj.All(p => IndexOf(p.Key) >= 0) =>
            new JsonArray([.. obj.OrderBy(p => IndexOf(p.Key)).Select(p => IndexedToLists(p.Value))]),
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, IndexedToLists(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(IndexedToLists)]),
        _ => node?.DeepClone(),
    };

    private static int IndexOf(string key) =>
        int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) ? index : -1;

    private static List<string> ParseKey(string key)
    {
        var open = key.IndexOf('[', StringComparison.Ordinal);
        if (open < 0)
        {
            return [key];
        }
        var path = new List<string> { key[..open] };
        var rest = key[open..];
        while (rest.Length > 0)
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (rest[0] != '[' || close < 0)
            {
                throw new ApiException(ApiError.Malformed($"Invalid bracket notation in parameter '{key}'."));
            }
            path.Add(rest[1..close]);
            rest = rest[(close + 1)..];
        }
        if (path.Count > MaxDepth || path[0].Length == 0)
        {
            throw new ApiException(ApiError.Malformed($"Invalid parameter name '{key}'."));
        }
        return path;
    }

    private static void Assign(JsonObject root, List<string> path, string key, string value)
    {
        JsonNode container = root;
        for (var i = 0; i < path.Count; i++)
        {
            var last = i == path.Count - 1;
            var segment = path[i];
            JsonNode? child = last ? JsonValue.Create(value) : path[i + 1].Length == 0 ? new JsonArray() : new JsonObject();
            switch (container)
            {
                case JsonArray array when segment.Length == 0:
                    array.Add(child);
                    container = child!;
                    break;
                case JsonObject obj when segment.Length > 0:
                    if (obj[segment] is { } existing)
                    {
                        if (last || existing.GetValueKind() != child!.GetValueKind())
                        {
                            throw new ApiException(ApiError.Invalid(Display(path, i), $"The parameter {Display(path, i)} was given more than once; use {Display(path, i)}[] for a list."));
                        }
                        container = existing;
                    }
                    else
                    {
                        obj[segment] = child;
                        container = child!;
                    }
                    break;
                default:
                    throw new ApiException(ApiError.Malformed($"Invalid bracket notation in parameter '{key}'."));
            }
        }
    }

    private static string Display(List<string> path, int upTo) =>
        path[0] + string.Concat(path.Skip(1).Take(upTo).Select(s => $"[{s}]"));

    private static ApiException TooLarge() =>
        new(new ApiError(413, ApiError.InvalidRequest, "body_too_large", $"The request body is larger than {MaxBodyBytes / 1024} KiB."));

    /// <summary>A parameter's full name as errors cite it: <c>features[subscription_update][products][0][prices]</c>.</summary>
    public string NameOf(string name) => _path is null ? name : $"{_path}[{name}]";

    /// <summary>Refuses any parameter not in <paramref name="allowed"/>, naming it.</summary>
    public void AllowOnly(params string[] allowed)
    {
        foreach (var (name, _) in _root)
        {
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                throw new ApiException(ApiError.Unknown(NameOf(name)));
            }
        }
    }

    /// <summary>Whether the request names the parameter at all (an update changes only what it names).</summary>
    public bool Has(string name) => _root.ContainsKey(name);

    /// <summary>
    /// Whether the parameter is an empty string: Stripe's way to empty a list or an object on update
    /// (<c>metadata=</c>), since a form cannot send an empty list.
    /// </summary>
    public bool IsBlank(string name) => _root[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length == 0;

    /// <summary>A string parameter; absent is <c>null</c>, present but empty or not a string is an error.</summary>
    public string? String(string name, int maxLength = 5000) =>
        Text(name, maxLength) is { Length: 0 }
            ? throw Invalid(name, $"You passed an empty string for '{NameOf(name)}'. Leave it out to use the default.")
            : _root[name]?.GetValue<string>();

    public string RequiredString(string name, int maxLength = 5000) =>
        String(name, maxLength) ?? throw new ApiException(ApiError.Missing(NameOf(name)));

    /// <summary>
    /// A string an update may clear, as Stripe's API does: an empty string sets it to null. Only
    /// meaningful when <see cref="Has"/>.
    /// </summary>
    public string? Clearable(string name, int maxLength = 5000) => Text(name, maxLength) is { Length: > 0 } text ? text : null;

    /// <summary>A list of strings (<c>expand[]=a&amp;expand[]=b</c>, <c>expand[0]=a</c> or <c>"expand": ["a","b"]</c>).</summary>
    public IReadOnlyList<string> StringList(string name)
    {
        if (!_root.TryGetPropertyValue(name, out var node))
        {
            return [];
        }
        if (node is not JsonArray array || array.Any(item => item is not JsonValue v || !v.TryGetValue<string>(out _)))
        {
            throw Invalid(name, $"Invalid {NameOf(name)}: must be a list of strings, e.g. {NameOf(name)}[]=customer.");
        }
        return [.. array.Select(item => item!.GetValue<string>())];
    }

    /// <summary><c>true</c> or <c>false</c>, as JSON or as form text; absent is null.</summary>
    public bool? Boolean(string name) => _root.TryGetPropertyValue(name, out var node)
        ? node switch
        {
            JsonValue v when v.TryGetValue<bool>(out var b) => b,
            JsonValue v when v.TryGetValue<string>(out var text) && text is "true" or "false" => text == "true",
            _ => throw Invalid(name, $"Invalid {NameOf(name)}: must be true or false."),
        }
        : null;

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>], as JSON or as form text; absent is null.</summary>
    public long? Integer(string name, long min, long max)
    {
        if (!_root.TryGetPropertyValue(name, out var node))
        {
            return null;
        }
        long? number = node switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n) => n,
            JsonValue v when v.TryGetValue<string>(out var text)
                && long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
        return number is { } value && value >= min && value <= max
            ? value
            : throw Invalid(name, $"Invalid {NameOf(name)}: must be a whole number from {min} to {max}.");
    }

    /// <summary>
    /// A decimal number in [<paramref name="min"/>, <paramref name="max"/>] with at most
    /// <paramref name="decimals"/> places (a percentage such as <c>19.6</c>), as JSON or as form text; absent is null.
    /// </summary>
    public decimal? Decimal(string name, decimal min, decimal max, int decimals)
    {
        if (!_root.TryGetPropertyValue(name, out var node))
        {
            return null;
        }
        decimal? number = node switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<decimal>(out var n) => n,
            JsonValue v when v.TryGetValue<string>(out var text)
                && decimal.TryParse(text, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
        return number is { } value && value >= min && value <= max && decimal.Round(value, decimals) == value
            ? value
            : throw Invalid(name, $"Invalid {NameOf(name)}: must be a number from {min} to {max} with at most {decimals} decimal places.");
    }

    /// <summary>A list of whole numbers in [<paramref name="min"/>, <paramref name="max"/>] (<c>days[]=1&amp;days[]=3</c> or <c>"days": [1, 3]</c>); absent is null.</summary>
    public IReadOnlyList<long>? IntegerList(string name, long min, long max)
    {
        if (!_root.TryGetPropertyValue(name, out var node))
        {
            return null;
        }
        if (node is not JsonArray array)
        {
            throw Invalid(name, $"Invalid {NameOf(name)}: must be a list of whole numbers, e.g. {NameOf(name)}[]={min}.");
        }
        var items = new ApiParams(new JsonObject(array.Select((item, i) => KeyValuePair.Create(i.ToString(System.Globalization.CultureInfo.InvariantCulture), item?.DeepClone()))), NameOf(name));
        return [.. Enumerable.Range(0, array.Count).Select(i => items.Integer(i.ToString(System.Globalization.CultureInfo.InvariantCulture), min, max)
            ?? throw Invalid(name, $"Invalid {NameOf(name)}: must be a list of whole numbers."))];
    }

    /// <summary>An object parameter (<c>flow_data[type]=...</c> or <c>"flow_data": {...}</c>) as parameters of its own; absent is null.</summary>
    public ApiParams? Object(string name) => _root.TryGetPropertyValue(name, out var node)
        ? node is JsonObject obj ? new ApiParams(obj, NameOf(name)) : throw Invalid(name, $"Invalid {NameOf(name)}: must be an object, e.g. {NameOf(name)}[key]=value.")
        : null;

    /// <summary>A list of objects (<c>products[0][product]=...</c> or a JSON array of objects), each with its index in its name.</summary>
    public IReadOnlyList<ApiParams> ObjectList(string name)
    {
        if (!_root.TryGetPropertyValue(name, out var node))
        {
            return [];
        }
        if (node is not JsonArray array || array.Any(item => item is not JsonObject))
        {
            throw Invalid(name, $"Invalid {NameOf(name)}: must be a list of objects, e.g. {NameOf(name)}[0][key]=value.");
        }
        return [.. array.Select((item, i) => new ApiParams((JsonObject)item!, $"{NameOf(name)}[{i}]"))];
    }

    /// <summary>
    /// <c>metadata[key]=value</c>, as Stripe limits it: up to 50 keys of 40 characters, values of 500. An
    /// empty value removes the key on update (null here). Absent is null.
    /// </summary>
    public IReadOnlyDictionary<string, string?>? Metadata(string name = "metadata")
    {
        if (Object(name) is not { } metadata)
        {
            return null;
        }
        if (metadata._root.Count > 50)
        {
            throw Invalid(name, $"Invalid {NameOf(name)}: at most 50 keys.");
        }
        return metadata._root.ToDictionary(p => p.Key.Length is > 0 and <= 40 ? p.Key : throw Invalid(name, $"Invalid {NameOf(name)}: keys are 1 to 40 characters."),
            p => metadata.Clearable(p.Key, 500));
    }

    private string? Text(string name, int maxLength)
    {
        if (!_root.TryGetPropertyValue(name, out var node))
        {
            return null;
        }
        if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            throw Invalid(name, $"Invalid {NameOf(name)}: must be a string.");
        }
        return text.Length <= maxLength ? text : throw Invalid(name, $"Invalid {NameOf(name)}: must be at most {maxLength} characters.");
    }

    /// <summary>An error about one of this object's parameters, cited by its full name.</summary>
    public ApiException Invalid(string name, string message) => new(ApiError.Invalid(NameOf(name), message));

    /// <summary>SHA-256 of the parameters in a canonical form (keys sorted): same params, same hash.</summary>
    public byte[] Hash(string method, string path)
    {
        var canonical = $"{method} {path}\n{Canonical(_root)}";
        return SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
    }

    private static string Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => "{" + string.Join(",", obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => JsonSerializer.Serialize(p.Key) + ":" + Canonical(p.Value))) + "}",
        JsonArray array => "[" + string.Join(",", array.Select(Canonical)) + "]",
        // A form sends every scalar as a string; JSON's 5 and "5" must hash alike.
        JsonValue value when value.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
            => JsonSerializer.Serialize(value.ToJsonString().ToLowerInvariant()),
        null => "null",
        _ => node.ToJsonString(),
    };
}
