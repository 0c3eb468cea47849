using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Tests.Support;
using static Vinr.Portal.Tests.Features.BillingPortal.Configurations.ConfigurationApi;
using static Vinr.Portal.Tests.Features.Products.CatalogApi;

namespace Vinr.Portal.Tests.Features.Products;

public sealed class ProductApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Create_answers_a_stripe_product_and_writes_its_event()
    {
        using var api = factory.CreateApiClient();

        var product = await OkAsync(await api.PostAsync("/v1/products",
            Form(("name", "Team"), ("description", "For teams"), ("metadata[plan_code]", "T1"))));

        Assert.StartsWith("prod_", product.GetProperty("id").GetString());
        Assert.Equal("product", product.GetProperty("object").GetString());
        Assert.Equal(("Team", "For teams", true, false), (product.GetProperty("name").GetString(), product.GetProperty("description").GetString(),
            product.GetProperty("active").GetBoolean(), product.GetProperty("livemode").GetBoolean()));
        Assert.Equal("T1", product.GetProperty("metadata").GetProperty("plan_code").GetString());
        Assert.Equal(factory.Time.GetUtcNow().ToUnixTimeSeconds(), product.GetProperty("created").GetInt64());
        Assert.Equal(product.GetProperty("created").GetInt64(), product.GetProperty("updated").GetInt64());
        Assert.Equal(["product.created"], await EventTypesAsync(factory, product.GetProperty("id").GetString()!));
    }

    [Fact]
    public async Task Json_and_form_create_the_same_product()
    {
        using var api = factory.CreateApiClient();

        var form = await OkAsync(await api.PostAsync("/v1/products", Form(("name", "Same"), ("active", "false"), ("metadata[a]", "1"))));
        var json = await OkAsync(await api.PostAsync("/v1/products", Json("""{"name":"Same","active":false,"metadata":{"a":"1"}}""")));

        foreach (var field in new[] { "name", "active", "metadata", "description" })
        {
            Assert.Equal(form.GetProperty(field).GetRawText(), json.GetProperty(field).GetRawText());
        }
    }

    [Fact]
    public async Task Retrieve_and_update_change_only_what_is_named()
    {
        using var api = factory.CreateApiClient();
        var id = (await OkAsync(await api.PostAsync("/v1/products", Form(("name", "Old"), ("description", "Desc"), ("metadata[keep]", "k"), ("metadata[drop]", "d"))))).Id();
        factory.Time.Advance(TimeSpan.FromSeconds(5));

        var updated = await OkAsync(await api.PostAsync($"/v1/products/{id}", Form(("name", "New"), ("metadata[drop]", ""), ("metadata[add]", "a"))));
        var read = await OkAsync(await api.GetAsync($"/v1/products/{id}"));

        Assert.Equal(updated.GetRawText(), read.GetRawText());
        Assert.Equal(("New", "Desc"), (read.GetProperty("name").GetString(), read.GetProperty("description").GetString()));
        Assert.Equal("""{"keep":"k","add":"a"}""", read.GetProperty("metadata").GetRawText());
        Assert.Equal(read.GetProperty("created").GetInt64() + 5, read.GetProperty("updated").GetInt64());
        Assert.Equal(["product.created", "product.updated"], await EventTypesAsync(factory, id));
    }

    [Fact]
    public async Task Description_clears_with_an_empty_string_and_metadata_with_an_empty_object()
    {
        using var api = factory.CreateApiClient();
        var id = (await OkAsync(await api.PostAsync("/v1/products", Form(("name", "Clear"), ("description", "Desc"), ("metadata[a]", "1"))))).Id();

        var cleared = await OkAsync(await api.PostAsync($"/v1/products/{id}", Form(("description", ""), ("metadata", ""))));

        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("description").ValueKind);
        Assert.Equal("{}", cleared.GetProperty("metadata").GetRawText());
    }

    [Fact]
    public async Task Archive_is_active_false_and_reactivates()
    {
        using var api = factory.CreateApiClient();
        var id = (await CreateProductAsync(api)).Id();

        var archived = await OkAsync(await api.PostAsync($"/v1/products/{id}", Form(("active", "false"))));
        var back = await OkAsync(await api.PostAsync($"/v1/products/{id}", Form(("active", "true"))));

        Assert.False(archived.GetProperty("active").GetBoolean());
        Assert.True(back.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task A_product_without_prices_is_deleted_with_its_event()
    {
        using var api = factory.CreateApiClient();
        var id = (await CreateProductAsync(api)).Id();

        var deleted = await OkAsync(await api.DeleteAsync($"/v1/products/{id}"));

        Assert.Equal($$"""{"id":"{{id}}","object":"product","deleted":true}""", deleted.GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/v1/products/{id}")).StatusCode);
        Assert.Equal(["product.created", "product.deleted"], await EventTypesAsync(factory, id));
        Assert.Equal(("resource_missing", "id", 404), await ErrorOfAsync(await api.DeleteAsync($"/v1/products/{id}")));
    }

    [Fact]
    public async Task A_product_with_prices_cannot_be_deleted_even_archived_ones()
    {
        using var api = factory.CreateApiClient();
        var id = (await CreateProductAsync(api)).Id();
        var price = (await CreatePriceAsync(api, id)).Id();
        await OkAsync(await api.PostAsync($"/v1/prices/{price}", Form(("active", "false"))));

        var refused = await api.DeleteAsync($"/v1/products/{id}");

        var error = await refused.ErrorAsync();
        Assert.Equal(("resource_in_use", "id", HttpStatusCode.BadRequest), (error.GetProperty("code").GetString(), error.GetProperty("param").GetString(), refused.StatusCode));
        Assert.Contains("archive it instead", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True((await OkAsync(await api.GetAsync($"/v1/products/{id}"))).GetProperty("active").GetBoolean());
        Assert.DoesNotContain("product.deleted", await EventTypesAsync(factory, id));
    }

    [Fact]
    public async Task The_database_refuses_to_delete_a_product_that_has_prices()
    {
        using var api = factory.CreateApiClient();
        var id = (await CreateProductAsync(api)).Id();
        await CreatePriceAsync(api, id);

        // The API checks first; the restrict key holds even for a delete that skipped the check (a race).
        await Assert.ThrowsAsync<DbUpdateException>(() => factory.WithDbAsync(async db =>
        {
            db.Products.Remove(await db.Products.SingleAsync(p => p.Id == id));
            await db.SaveChangesAsync();
        }));
    }

    public static TheoryData<string, string, string> BadCreates => new()
    {
        { "description=No+name", "parameter_missing", "name" },
        { "name=", "parameter_invalid", "name" },
        { $"name={new string('n', 201)}", "parameter_invalid", "name" },
        { "name=A&active=yes", "parameter_invalid", "active" },
        { "name=A&metadata=text", "parameter_invalid", "metadata" },
        { $"name=A&metadata[{new string('k', 41)}]=v", "parameter_invalid", "metadata" },
        { $"name=A&metadata[k]={new string('v', 501)}", "parameter_invalid", "metadata[k]" },
        { "name=A&price=1", "parameter_unknown", "price" },
        { "name=A&default_price_data[currency]=usd", "parameter_unknown", "default_price_data" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task A_bad_create_names_its_parameter(string body, string code, string param)
    {
        using var api = factory.CreateApiClient();

        var response = await api.PostAsync("/v1/products", new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal((code, param, 400), await ErrorOfAsync(response));
    }

    [Fact]
    public async Task Fifty_one_metadata_keys_are_refused()
    {
        using var api = factory.CreateApiClient();
        var id = (await OkAsync(await api.PostAsync("/v1/products", Form([("name", "Many"), .. Enumerable.Range(0, 50).Select(i => ($"metadata[k{i}]", "v"))])))).Id();

        var response = await api.PostAsync($"/v1/products/{id}", Form(("metadata[one_more]", "v")));

        Assert.Equal(("parameter_invalid", "metadata", 400), await ErrorOfAsync(response));
    }

    public static TheoryData<string, string, string> BadUpdates => new()
    {
        { "name=", "parameter_invalid", "name" },
        { "active=no", "parameter_invalid", "active" },
        { "livemode=true", "parameter_unknown", "livemode" },
    };

    [Theory]
    [MemberData(nameof(BadUpdates))]
    public async Task A_bad_update_names_its_parameter(string body, string code, string param)
    {
        using var api = factory.CreateApiClient();
        var id = (await CreateProductAsync(api)).Id();

        var response = await api.PostAsync($"/v1/products/{id}", new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal((code, param, 400), await ErrorOfAsync(response));
        Assert.Equal(["product.created"], await EventTypesAsync(factory, id));
    }

    [Fact]
    public async Task Retrieve_and_delete_take_no_parameters()
    {
        using var api = factory.CreateApiClient();
        var id = (await CreateProductAsync(api)).Id();

        Assert.Equal(("parameter_unknown", "expand", 400), await ErrorOfAsync(await api.GetAsync($"/v1/products/{id}?expand[]=default_price")));
        Assert.Equal(("parameter_unknown", "force", 400), await ErrorOfAsync(await api.DeleteAsync($"/v1/products/{id}?force=true")));
    }
}
