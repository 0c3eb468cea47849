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

    private ApiParams(JsonObject root) => _root = root;

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
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw TooLarge();
            }
            buffer.Write(chunk, 0, read);
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

    /// <summary>Turns <c>a[b][]=1</c> pairs into <c>{"a":{"b":["1"]}}</c>.</summary>
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
        return new ApiParams(root);
    }

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

    /// <summary>Refuses any parameter not in <paramref name="allowed"/>, naming it.</summary>
    public void AllowOnly(params string[] allowed)
    {
        foreach (var (name, _) in _root)
        {
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                throw new ApiException(ApiError.Unknown(name));
            }
        }
    }

    /// <summary>A string parameter; absent is <c>null</c>, present but empty or not a string is an error.</summary>
    public string? String(string name, int maxLength = 5000)
    {
        if (!_root.TryGetPropertyValue(name, out var node))
        {
            return null;
        }
        if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            throw new ApiException(ApiError.Invalid(name, $"Invalid {name}: must be a string."));
        }
        if (text.Length == 0)
        {
            throw new ApiException(ApiError.Invalid(name, $"You passed an empty string for '{name}'. Leave it out to use the default."));
        }
        if (text.Length > maxLength)
        {
            throw new ApiException(ApiError.Invalid(name, $"Invalid {name}: must be at most {maxLength} characters."));
        }
        return text;
    }

    public string RequiredString(string name, int maxLength = 5000) =>
        String(name, maxLength) ?? throw new ApiException(ApiError.Missing(name));

    /// <summary>A list of strings (<c>expand[]=a&amp;expand[]=b</c> or <c>"expand": ["a","b"]</c>).</summary>
    public IReadOnlyList<string> StringList(string name)
    {
        if (!_root.TryGetPropertyValue(name, out var node))
        {
            return [];
        }
        if (node is not JsonArray array || array.Any(item => item is not JsonValue v || !v.TryGetValue<string>(out _)))
        {
            throw new ApiException(ApiError.Invalid(name, $"Invalid {name}: must be a list of strings, e.g. {name}[]=customer."));
        }
        return [.. array.Select(item => item!.GetValue<string>())];
    }

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
