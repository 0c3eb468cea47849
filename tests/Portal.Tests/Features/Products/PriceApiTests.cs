using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.Products;
using Vinr.Portal.Tests.Support;
using static Vinr.Portal.Tests.Features.BillingPortal.Configurations.ConfigurationApi;
using static Vinr.Portal.Tests.Features.Products.CatalogApi;

namespace Vinr.Portal.Tests.Features.Products;

public sealed class PriceApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Create_answers_a_stripe_recurring_price_and_writes_its_event()
    {
        using var api = factory.CreateApiClient();
        var product = (await CreateProductAsync(api)).Id();

        var price = await OkAsync(await api.PostAsync("/v1/prices", Form(("product", product), ("currency", "eur"), ("unit_amount", "2900"),
            ("recurring[interval]", "month"), ("recurring[interval_count]", "3"), ("nickname", "Team quarterly"), ("metadata[tier]", "2"))));

        Assert.StartsWith("price_", price.Id());
        Assert.Equal(("price", "recurring", "per_unit", "eur", 2900L), (price.GetProperty("object").GetString(), price.GetProperty("type").GetString(),
            price.GetProperty("billing_scheme").GetString(), price.GetProperty("currency").GetString(), price.GetProperty("unit_amount").GetInt64()));
        Assert.Equal("""{"interval":"month","interval_count":3,"usage_type":"licensed"}""", price.GetProperty("recurring").GetRawText());
        Assert.Equal((product, "Team quarterly", "2", true, false), (price.GetProperty("product").GetString(), price.GetProperty("nickname").GetString(),
            price.GetProperty("metadata").GetProperty("tier").GetString(), price.GetProperty("active").GetBoolean(), price.GetProperty("livemode").GetBoolean()));
        Assert.Equal(["price.created"], await EventTypesAsync(factory, price.Id()));
        var stored = await factory.WithDbAsync(db => db.Prices.SingleAsync(p => p.Id == price.Id()));
        Assert.Equal(new Recurrence(BillingInterval.Month, 3), stored.Recurrence);
        Assert.Equal(BillingScheme.PerUnit, stored.BillingScheme);
    }

    [Fact]
    public async Task Json_creates_a_flat_yearly_price_and_upper_case_currency_reads_as_lower()
    {
        using var api = factory.CreateApiClient();
        var product = (await CreateProductAsync(api)).Id();

        var price = await OkAsync(await api.PostAsync("/v1/prices",
            Json($$"""{"product":"{{product}}","currency":"USD","unit_amount":0,"billing_scheme":"flat","recurring":{"interval":"year","interval_count":3} }""")));

        Assert.Equal(("usd", 0L, "flat", "year", 3), (price.GetProperty("currency").GetString(), price.GetProperty("unit_amount").GetInt64(),
            price.GetProperty("billing_scheme").GetString(), price.GetProperty("recurring").GetProperty("interval").GetString(),
            price.GetProperty("recurring").GetProperty("interval_count").GetInt32()));
    }

    [Fact]
    public async Task Update_changes_nickname_active_and_metadata_only()
    {
        using var api = factory.CreateApiClient();
        var price = await CreatePriceAsync(api, (await CreateProductAsync(api)).Id());

        var updated = await OkAsync(await api.PostAsync($"/v1/prices/{price.Id()}", Form(("nickname", "Renamed"), ("active", "false"), ("metadata[x]", "y"))));
        var read = await OkAsync(await api.GetAsync($"/v1/prices/{price.Id()}"));

        Assert.Equal(updated.GetRawText(), read.GetRawText());
        Assert.Equal(("Renamed", false, "y"), (read.GetProperty("nickname").GetString(), read.GetProperty("active").GetBoolean(), read.GetProperty("metadata").GetProperty("x").GetString()));
        Assert.Equal(price.GetProperty("unit_amount").GetInt64(), read.GetProperty("unit_amount").GetInt64());
        Assert.Equal(["price.created", "price.updated"], await EventTypesAsync(factory, price.Id()));
        var cleared = await OkAsync(await api.PostAsync($"/v1/prices/{price.Id()}", Form(("nickname", ""))));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, cleared.GetProperty("nickname").ValueKind);
    }

    public static TheoryData<string> Immutable => new() { "unit_amount", "currency", "recurring", "product", "billing_scheme" };

    [Theory]
    [MemberData(nameof(Immutable))]
    public async Task Amount_currency_period_product_and_scheme_are_immutable(string param)
    {
        using var api = factory.CreateApiClient();
        var price = await CreatePriceAsync(api, (await CreateProductAsync(api)).Id());
        var body = param == "recurring" ? "recurring[interval]=year" : $"{param}=1";

        var response = await api.PostAsync($"/v1/prices/{price.Id()}", new StringContent($"nickname=x&{body}", Encoding.UTF8, "application/x-www-form-urlencoded"));

        var error = await response.ErrorAsync();
        Assert.Equal(("parameter_invalid", param, HttpStatusCode.BadRequest), (error.GetProperty("code").GetString(), error.GetProperty("param").GetString(), response.StatusCode));
        Assert.Contains("cannot change", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonNull, (await OkAsync(await api.GetAsync($"/v1/prices/{price.Id()}"))).GetProperty("nickname").ValueKind);
        Assert.Equal(["price.created"], await EventTypesAsync(factory, price.Id()));
    }

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;

    public static TheoryData<string, string, string> BadCreates => new()
    {
        { "currency=usd&unit_amount=100&recurring[interval]=month", "parameter_missing", "product" },
        { "product={P}&unit_amount=100&recurring[interval]=month", "parameter_missing", "currency" },
        { "product={P}&currency=usd&recurring[interval]=month", "parameter_missing", "unit_amount" },
        { "product={P}&currency=usd&unit_amount=100", "parameter_missing", "recurring" },
        { "product={P}&currency=usd&unit_amount=100&recurring[interval_count]=2", "parameter_missing", "recurring[interval]" },
        { "product={P}&currency=usdd&unit_amount=100&recurring[interval]=month", "parameter_invalid", "currency" },
        { "product={P}&currency=xyz&unit_amount=100&recurring[interval]=month", "parameter_invalid", "currency" },
        { "product={P}&currency=usd&unit_amount=-1&recurring[interval]=month", "parameter_invalid", "unit_amount" },
        { "product={P}&currency=usd&unit_amount=100000000&recurring[interval]=month", "parameter_invalid", "unit_amount" },
        { "product={P}&currency=usd&unit_amount=9.99&recurring[interval]=month", "parameter_invalid", "unit_amount" },
        { "product={P}&currency=usd&unit_amount=100&recurring[interval]=week", "parameter_invalid", "recurring[interval]" },
        { "product={P}&currency=usd&unit_amount=100&recurring[interval]=month&recurring[interval_count]=0", "parameter_invalid", "recurring[interval_count]" },
        { "product={P}&currency=usd&unit_amount=100&recurring[interval]=month&recurring[interval_count]=37", "parameter_invalid", "recurring[interval_count]" },
        { "product={P}&currency=usd&unit_amount=100&recurring[interval]=year&recurring[interval_count]=4", "parameter_invalid", "recurring[interval_count]" },
        { "product={P}&currency=usd&unit_amount=100&recurring[interval]=month&recurring[usage_type]=metered", "parameter_unknown", "recurring[usage_type]" },
        { "product={P}&currency=usd&unit_amount=100&recurring=monthly", "parameter_invalid", "recurring" },
        { "product={P}&currency=usd&unit_amount=100&recurring[interval]=month&billing_scheme=tiered", "parameter_invalid", "billing_scheme" },
        { "product={P}&currency=usd&unit_amount=100&recurring[interval]=month&nickname=", "parameter_invalid", "nickname" },
        { "product={P}&currency=usd&unit_amount=100&recurring[interval]=month&metadata[k]=" + "v", "ok", "" },
        { "product={P}&currency=usd&unit_amount=100&recurring[interval]=month&lookup_key=pro", "parameter_unknown", "lookup_key" },
        { "product=prod_DoesNotExist0000000000000&currency=usd&unit_amount=100&recurring[interval]=month", "resource_missing", "product" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task A_bad_create_names_its_parameter(string body, string code, string param)
    {
        using var api = factory.CreateApiClient();
        var product = (await CreateProductAsync(api)).Id();

        var response = await api.PostAsync("/v1/prices", new StringContent(body.Replace("{P}", product, StringComparison.Ordinal), Encoding.UTF8, "application/x-www-form-urlencoded"));

        if (code == "ok")
        {
            await OkAsync(response);
            return;
        }
        Assert.Equal((code, param, code == "resource_missing" ? 404 : 400), await ErrorOfAsync(response));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Prices.CountAsync(p => p.ProductId == product)));
    }

    [Fact]
    public async Task A_price_may_be_created_on_an_archived_product()
    {
        using var api = factory.CreateApiClient();
        var product = (await CreateProductAsync(api)).Id();
        await OkAsync(await api.PostAsync($"/v1/products/{product}", Form(("active", "false"))));

        var price = await CreatePriceAsync(api, product);

        Assert.Equal(product, price.GetProperty("product").GetString());
    }

    [Fact]
    public async Task Retrieve_of_a_missing_price_is_resource_missing()
    {
        using var api = factory.CreateApiClient();

        var response = await api.GetAsync("/v1/prices/price_DoesNotExist00000000000");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(("resource_missing", "id", 404), await ErrorOfAsync(response));
    }
}
