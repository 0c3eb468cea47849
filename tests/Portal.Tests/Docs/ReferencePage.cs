using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vinr.Portal.Tests.Docs;

/// <summary>
/// Writes the Markdown reference page of one API object from <c>/openapi/v1.json</c>, in the seed's
/// pattern: the object's fields (type, description), the create endpoint with its parameters, a request
/// in curl, C#, Node, Python and Ruby, and an example response. Everything but the prose at the top
/// and the example values comes from the document, so the page cannot say what the API does not do.
/// </summary>
public static class ReferencePage
{
    /// <param name="Examples">A value for each object field, for the example response.</param>
    public sealed record Spec(
        string Title, string Tagline, string Introduction, string ObjectSchema, string Path, string Method,
        IReadOnlyList<(string Name, string Value)> Request, IReadOnlyDictionary<string, JsonNode?> Examples);

    public static readonly Spec BillingPortalSessions = new(
        Title: "Billing portal sessions",
        Tagline: "Create short-lived authenticated sessions for the VINR hosted billing portal.",
        Introduction: "A billing portal session creates a short-lived, one-time URL that takes a customer to the VINR\n" +
            "hosted billing portal. From there they can update their subscription plan, change their payment\n" +
            "method, and view past invoices — without you building any of that UI yourself.",
        ObjectSchema: "SessionObject",
        Path: "/v1/billing-portal/sessions",
        Method: "post",
        Request: [("customer", "cust_8aZ2"), ("return_url", "https://example.com/account")],
        Examples: new Dictionary<string, JsonNode?>
        {
            ["id"] = "bps_2Fy6rNxQ",
            ["object"] = "billing_portal.session",
            ["customer"] = "cust_8aZ2",
            ["url"] = "https://billing.vinr.com/session/bps_2Fy6rNxQ/live_tok_abc123",
            ["return_url"] = "https://example.com/account",
            ["created"] = 1716300000,
            ["expires_at"] = 1716386400,
            ["livemode"] = false,
            ["locale"] = null,
            ["configuration"] = "bpc_1Hq9aLmN",
            ["flow"] = null,
            ["status"] = "unused",
            ["opened_at"] = null,
        });

    public static string Render(JsonObject document, Spec spec)
    {
        var schemas = document["components"]!["schemas"]!.AsObject();
        var operation = document["paths"]![spec.Path]![spec.Method]!;
        var objectSchema = schemas[spec.ObjectSchema]!.AsObject();
        var page = new StringBuilder();
        page.Append($"# {spec.Title}\n\n> {spec.Tagline}\n\n{spec.Introduction}\n\n");
        page.Append("<!-- Generated from /openapi/v1.json by tests/Portal.Tests/Docs/ReferencePage.cs; do not edit. ");
        page.Append("Regenerate: VINR_WRITE_REFERENCE=1 dotnet test tests/Portal.Tests --filter FullyQualifiedName~ReferencePageTests -->\n\n");

        page.Append($"## The {Singular(spec.Title)} object\n\n");
        foreach (var (name, property) in objectSchema["properties"]!.AsObject())
        {
            page.Append($"- **{Escape(name)}** `{TypeOf(property!, schemas)}` — {Describe(property!, schemas)}\n");
        }

        var method = spec.Method.ToUpperInvariant();
        page.Append($"\n## {(string?)operation["summary"]}\n\n{(string?)operation["description"]}\n\n`{method} {spec.Path}`\n\n### Parameters\n\n");
        var body = Resolve(operation["requestBody"]!["content"]!["application/x-www-form-urlencoded"]!["schema"]!, schemas);
        var required = body["required"]?.AsArray().Select(r => (string)r!).ToHashSet() ?? [];
        foreach (var (name, property) in body["properties"]!.AsObject())
        {
            page.Append($"- **{Escape(name)}** `{TypeOf(property!, schemas)}`{(required.Contains(name) ? " (required)" : "")} — {Describe(property!, schemas)}\n");
        }
        foreach (var header in operation["parameters"]?.AsArray() ?? [])
        {
            if ((string?)header!["in"] == "header")
            {
                page.Append($"- **{header["name"]}** header — {OneLine((string?)header["description"])}\n");
            }
        }

        page.Append("\n### Request\n\n");
        AppendExamples(page, method, spec);
        page.Append("\n### Response\n\n```json\n");
        var response = new JsonObject();
        foreach (var (name, _) in objectSchema["properties"]!.AsObject())
        {
            response[name] = spec.Examples.TryGetValue(name, out var value) ? value?.DeepClone()
                : throw new InvalidOperationException($"{spec.ObjectSchema}.{name} has no example value: add one to the page's spec.");
        }
        page.Append(response.ToJsonString(new JsonSerializerOptions { WriteIndented = true })).Append("\n```\n");
        return page.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private static void AppendExamples(StringBuilder page, string method, Spec spec)
    {
        var url = "https://api.vinr.com" + spec.Path;
        page.Append("```bash\n").Append($"curl -X {method} {url} \\\n  -H \"X-Api-Key: $VINR_SECRET_KEY\"");
        foreach (var (name, value) in spec.Request)
        {
            page.Append($" \\\n  -d {name}={value}");
        }
        page.Append("\n```\n\n");

        page.Append("```csharp\nusing var http = new HttpClient();\n")
            .Append("http.DefaultRequestHeaders.Add(\"X-Api-Key\", Environment.GetEnvironmentVariable(\"VINR_SECRET_KEY\"));\n")
            .Append($"var response = await http.PostAsync(\"{url}\", new FormUrlEncodedContent(new Dictionary<string, string>\n{{\n");
        foreach (var (name, value) in spec.Request)
        {
            page.Append($"    [\"{name}\"] = \"{value}\",\n");
        }
        page.Append("}));\nvar session = await response.Content.ReadFromJsonAsync<JsonElement>();\n// Redirect the customer to session.GetProperty(\"url\")\n```\n\n");

        page.Append($"```js\nconst response = await fetch('{url}', {{\n  method: '{method}',\n  headers: {{ 'X-Api-Key': process.env.VINR_SECRET_KEY }},\n  body: new URLSearchParams({{\n");
        foreach (var (name, value) in spec.Request)
        {
            page.Append($"    {name}: '{value}',\n");
        }
        page.Append("  }),\n});\nconst session = await response.json();\n\n// Redirect the customer\nres.redirect(session.url);\n```\n\n");

        page.Append($"```python\nimport os\nimport requests\n\nsession = requests.post(\n  \"{url}\",\n  headers={{\"X-Api-Key\": os.environ[\"VINR_SECRET_KEY\"]}},\n  data={{\n");
        foreach (var (name, value) in spec.Request)
        {
            page.Append($"    \"{name}\": \"{value}\",\n");
        }
        page.Append("  },\n).json()\n\n# Redirect the customer to session[\"url\"]\n```\n\n");

        page.Append($"```ruby\nrequire 'net/http'\nrequire 'json'\n\nuri = URI('{url}')\nrequest = Net::HTTP::Post.new(uri, 'X-Api-Key' => ENV.fetch('VINR_SECRET_KEY'))\nrequest.set_form_data(\n");
        foreach (var (name, value) in spec.Request)
        {
            page.Append($"  '{name}' => '{value}',\n");
        }
        page.Append(")\nsession = JSON.parse(Net::HTTP.start(uri.host, uri.port, use_ssl: true) { |http| http.request(request) }.body)\n\n# Redirect the customer to session['url']\n```\n");
    }

    /// <summary><c>string</c>, <c>timestamp</c> (integer Unix seconds), <c>boolean</c>, <c>object</c>, <c>string, nullable</c>.</summary>
    private static string TypeOf(JsonNode property, JsonObject schemas)
    {
        if (property["$ref"] is not null)
        {
            var target = Resolve(property, schemas);
            return target["enum"] is not null ? "enum" : "object";
        }
        if (property["anyOf"] is JsonArray { Count: 2 } pair && (string?)pair[0]?["type"] == "string" && pair[1]?["$ref"] is not null)
        {
            // An expandable field (ExpandableAttribute): the id, or with expand[] the object.
            return "string (expandable)";
        }
        if ((property["oneOf"] ?? property["anyOf"]) is { } choices)
        {
            var kinds = choices.AsArray().Select(c => TypeOf(c!, schemas)).ToList();
            var nullable = kinds.Any(k => k.EndsWith("null", StringComparison.Ordinal) || k.EndsWith(", nullable", StringComparison.Ordinal));
            var named = kinds.Select(k => k.Replace(", nullable", "", StringComparison.Ordinal)).Where(k => k != "null").Distinct();
            return string.Join(" or ", named) + (nullable ? ", nullable" : "");
        }
        if (property["type"] is null)
        {
            return "any";
        }
        var types = property["type"] switch
        {
            JsonArray array => array.Select(t => (string)t!).ToList(),
            JsonValue value => [(string)value!],
            _ => ["object"],
        };
        var isNullable = types.Remove("null");
        var type = types.FirstOrDefault() ?? "null";
        if (type == "integer" && Describe(property, schemas).Contains("Unix", StringComparison.Ordinal))
        {
            type = "timestamp";
        }
        return type + (isNullable ? ", nullable" : "");
    }

    /// <summary>The property's description, else its referenced schema's (also through a nullable <c>oneOf</c>).</summary>
    private static string Describe(JsonNode property, JsonObject schemas) =>
        OneLine((string?)property["description"]
            ?? (property["$ref"] is not null ? (string?)Resolve(property, schemas)["description"] : null)
            ?? ((property["oneOf"] ?? property["anyOf"])?.AsArray().Where(c => c?["$ref"] is not null).Select(c => (string?)Resolve(c!, schemas)["description"]).FirstOrDefault()));

    private static JsonObject Resolve(JsonNode schema, JsonObject schemas) =>
        schema["$ref"] is { } reference ? schemas[((string)reference!).Split('/')[^1]]!.AsObject() : schema.AsObject();

    private static string OneLine(string? text) => string.Join(' ', (text ?? "").Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));

    private static string Escape(string name) => name.Replace("_", "\\_", StringComparison.Ordinal);

    private static string Singular(string title) => (title.EndsWith('s') ? title[..^1] : title).ToLowerInvariant();
}
