using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Docs;

/// <summary>The committed reference page is what the generator writes from today's OpenAPI document.</summary>
public sealed class ReferencePageTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string RegenerateCommand = "VINR_WRITE_REFERENCE=1 dotnet test tests/Portal.Tests --filter FullyQualifiedName~ReferencePageTests";

    private async Task<string> GenerateAsync()
    {
        using var client = factory.CreateApiClient(key: null);
        var document = (await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        return ReferencePage.Render(document, ReferencePage.BillingPortalSessions);
    }

    private static string PagePath() => Repository.PathOf("docs", "api", "billing-portal-sessions.md");

    [Fact]
    public async Task The_billing_portal_sessions_page_is_up_to_date()
    {
        var generated = await GenerateAsync();
        var path = PagePath();
        if (Environment.GetEnvironmentVariable("VINR_WRITE_REFERENCE") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, generated);
        }

        var committed = File.Exists(path) ? (await File.ReadAllTextAsync(path)).Replace("\r\n", "\n", StringComparison.Ordinal) : "";

        Assert.True(committed == generated,
            $"docs/api/billing-portal-sessions.md is not what /openapi/v1.json generates now. Regenerate it with:\n  {RegenerateCommand}\nand commit the result.");
    }

    [Fact]
    public async Task The_page_has_every_field_the_endpoint_and_each_language()
    {
        var page = await GenerateAsync();

        foreach (var field in new[] { "**id** `string`", "**customer**", "**url** `string, nullable`", "**return\\_url**", "**created** `timestamp`", "**flow**" })
        {
            Assert.Contains(field, page, StringComparison.Ordinal);
        }
        Assert.Contains("`POST /v1/billing-portal/sessions`", page, StringComparison.Ordinal);
        Assert.Contains("**customer** `string` (required)", page, StringComparison.Ordinal);
        Assert.Contains("**Idempotency-Key** header", page, StringComparison.Ordinal);
        foreach (var fence in new[] { "```bash", "```csharp", "```js", "```python", "```ruby", "```json" })
        {
            Assert.Contains(fence, page, StringComparison.Ordinal);
        }
    }
}
