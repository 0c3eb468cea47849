using System.Text;
using Microsoft.AspNetCore.Http;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Tests.Infrastructure.Http;

public sealed class ApiParamsTests
{
    private static async Task<ApiParams> ReadAsync(string body, string? contentType)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return await ApiParams.ReadAsync(context.Request);
    }

    private static Task<ApiParams> FormAsync(string body) => ReadAsync(body, "application/x-www-form-urlencoded");

    private static Task<ApiParams> JsonAsync(string body) => ReadAsync(body, "application/json");

    [Fact]
    public async Task Bracket_notation_becomes_nested_objects_and_lists()
    {
        var p = await FormAsync("flow_data[type]=subscription_update&flow_data[after_completion][redirect][return_url]=https%3A%2F%2Fx.test&expand[]=customer&expand[]=flow");

        var nested = await JsonAsync("""{"flow_data":{"type":"subscription_update","after_completion":{"redirect":{"return_url":"https://x.test"}}},"expand":["customer","flow"]}""");

        Assert.Equal(nested.Hash("POST", "/v1/x"), p.Hash("POST", "/v1/x"));
        Assert.Equal(["customer", "flow"], p.StringList("expand"));
    }

    [Fact]
    public async Task A_form_and_its_json_twin_hash_the_same_whatever_the_key_order()
    {
        var form = await FormAsync("customer=cust_1&expand[]=customer&flow_data[type]=x&quantity=3");
        var json = await JsonAsync("""{"quantity":3,"flow_data":{"type":"x"},"expand":["customer"],"customer":"cust_1"}""");

        Assert.Equal(form.Hash("POST", "/v1/x"), json.Hash("POST", "/v1/x"));
        Assert.NotEqual(form.Hash("POST", "/v1/x"), form.Hash("POST", "/v1/y"));
    }

    [Fact]
    public async Task Different_values_hash_differently()
    {
        var a = await FormAsync("customer=cust_1");
        var b = await FormAsync("customer=cust_2");

        Assert.NotEqual(a.Hash("POST", "/v1/x"), b.Hash("POST", "/v1/x"));
    }

    [Fact]
    public async Task A_scalar_and_an_object_under_one_name_is_refused()
    {
        var error = await Assert.ThrowsAsync<ApiException>(() => FormAsync("flow_data=x&flow_data[type]=y"));

        Assert.Equal("flow_data", error.Error.Param);
    }

    [Fact]
    public async Task Nesting_deeper_than_eight_levels_is_refused()
    {
        var error = await Assert.ThrowsAsync<ApiException>(() => FormAsync("a[b][c][d][e][f][g][h][i]=1"));

        Assert.Equal("body_malformed", error.Error.Code);
    }

    [Fact]
    public async Task Invalid_utf8_is_refused_not_mangled()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/x-www-form-urlencoded";
        context.Request.Body = new MemoryStream([0x63, 0x3D, 0xC3, 0x28]);

        var error = await Assert.ThrowsAsync<ApiException>(() => ApiParams.ReadAsync(context.Request));

        Assert.Equal("body_malformed", error.Error.Code);
    }

    [Fact]
    public async Task Only_allowed_parameters_pass()
    {
        var p = await FormAsync("customer=c&surprise=1");

        var error = Assert.Throws<ApiException>(() => p.AllowOnly("customer"));

        Assert.Equal("parameter_unknown", error.Error.Code);
        Assert.Equal("surprise", error.Error.Param);
    }

    [Fact]
    public async Task An_empty_body_has_no_parameters()
    {
        var p = await FormAsync("");

        p.AllowOnly(); // no parameter at all, or this throws naming it
        Assert.Null(p.String("customer"));
    }

    [Theory]
    [InlineData("""{"customer":"a","customer":"b"}""", "customer")]
    [InlineData("""{"flow_data":{"type":"a","type":"b"}}""", "flow_data[type]")]
    [InlineData("""{"flow_data":{"after_completion":{"redirect":{"return_url":"a","return_url":"b"}}}}""", "flow_data[after_completion][redirect][return_url]")]
    [InlineData("""{"items":[{"price":"a"},{"price":"a","price":"b"}]}""", "items[1][price]")]
    public async Task A_repeated_json_key_is_refused_by_its_bracket_path(string body, string param)
    {
        var error = await Assert.ThrowsAsync<ApiException>(() => JsonAsync(body));

        Assert.Equal(400, error.Error.Status);
        Assert.Equal("parameter_invalid", error.Error.Code);
        Assert.Equal(param, error.Error.Param);
        Assert.Contains("more than once", error.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_values_read_as_before_nulls_numbers_and_nesting_included()
    {
        var p = await JsonAsync("""{"customer":null,"quantity":1.50,"expand":["customer"],"flow_data":{"type":"x"}}""");

        Assert.Equal("parameter_invalid", Assert.Throws<ApiException>(() => p.String("customer")).Error.Code); // present, and null
        Assert.Equal("parameter_invalid", Assert.Throws<ApiException>(() => p.String("quantity")).Error.Code);
        Assert.Equal(["customer"], p.StringList("expand"));
        Assert.Equal((await JsonAsync("""{"flow_data":{"type":"x"}}""")).Hash("POST", "/v1/x"), (await FormAsync("flow_data[type]=x")).Hash("POST", "/v1/x"));
        Assert.Equal((await JsonAsync("""{"quantity":1.50}""")).Hash("POST", "/v1/x"), (await FormAsync("quantity=1.50")).Hash("POST", "/v1/x"));
    }

    [Theory]
    [InlineData(null, """{"customer":"cust_8aZ2"}""", "missing")]
    [InlineData("", "\r\n\t {\"customer\":\"cust_8aZ2\"}", "missing")]
    [InlineData("application/x-www-form-urlencoded", """{"customer":"cust_8aZ2"}""", "application/x-www-form-urlencoded")]
    [InlineData("application/x-www-form-urlencoded; charset=utf-8", """["cust_8aZ2"]""", "application/x-www-form-urlencoded")]
    public async Task A_json_body_without_the_json_content_type_is_refused_naming_the_content_type(string? contentType, string body, string declared)
    {
        var error = await Assert.ThrowsAsync<ApiException>(() => ReadAsync(body, contentType));

        Assert.Equal(400, error.Error.Status);
        Assert.Equal("content_type_invalid", error.Error.Code);
        Assert.Null(error.Error.Param);
        Assert.Equal($"The request body looks like JSON, but Content-Type is {declared}. Send Content-Type: application/json.", error.Error.Message);
    }

    [Fact]
    public async Task A_form_body_without_a_content_type_is_still_a_form()
    {
        var p = await ReadAsync("customer=cust_8aZ2&expand[]=customer", contentType: null);

        Assert.Equal("cust_8aZ2", p.String("customer"));
        Assert.Equal(["customer"], p.StringList("expand"));
    }

    [Fact]
    public async Task Indexed_lists_as_stripes_libraries_send_them_are_lists()
    {
        var form = await FormAsync("expand[0]=customer&expand[1]=flow&products[1][product]=prod_b&products[0][product]=prod_a&products[0][prices][0]=price_1");
        var json = await JsonAsync("""{"expand":["customer","flow"],"products":[{"product":"prod_a","prices":["price_1"]},{"product":"prod_b"}]}""");

        Assert.Equal(["customer", "flow"], form.StringList("expand"));
        Assert.Equal(["prod_a", "prod_b"], form.ObjectList("products").Select(p => p.String("product")));
        Assert.Equal(json.Hash("POST", "/v1/x"), form.Hash("POST", "/v1/x"));
    }

    [Fact]
    public async Task A_nested_parameter_is_cited_by_its_whole_path()
    {
        var p = await FormAsync("features[subscription_update][products][0][prices]=price_1&features[subscription_update][surprise]=1");
        var update = p.Object("features")!.Object("subscription_update")!;

        var wrongType = Assert.Throws<ApiException>(() => update.ObjectList("products")[0].StringList("prices"));
        var unknown = Assert.Throws<ApiException>(() => update.AllowOnly("products"));

        Assert.Equal("features[subscription_update][products][0][prices]", wrongType.Error.Param);
        Assert.Equal("features[subscription_update][surprise]", unknown.Error.Param);
    }

    [Theory]
    [InlineData("enabled=true&quantity=3", true, 3L)]
    [InlineData("enabled=false&quantity=-2", false, -2L)]
    public async Task Booleans_and_whole_numbers_read_alike_from_forms(string body, bool enabled, long quantity)
    {
        var form = await FormAsync(body);
        var json = await JsonAsync($$"""{"enabled":{{(enabled ? "true" : "false")}},"quantity":{{quantity}}}""");

        Assert.Equal((enabled, quantity), (form.Boolean("enabled"), form.Integer("quantity", -10, 10)));
        Assert.Equal((enabled, quantity), (json.Boolean("enabled"), json.Integer("quantity", -10, 10)));
    }

    [Theory]
    [InlineData("enabled=yes", "enabled")]
    [InlineData("quantity=1.5", "quantity")]
    [InlineData("quantity=11", "quantity")]
    public async Task A_value_of_the_wrong_kind_is_refused_by_name(string body, string param)
    {
        var p = await FormAsync(body);

        var error = Assert.Throws<ApiException>(() => { _ = p.Boolean("enabled"); _ = p.Integer("quantity", 0, 10); });

        Assert.Equal(param, error.Error.Param);
    }

    [Fact]
    public async Task Metadata_keeps_its_pairs_and_an_empty_value_removes_a_key()
    {
        var p = await FormAsync("metadata[plan]=gold&metadata[legacy]=");
        var tooMany = await FormAsync(string.Join("&", Enumerable.Range(0, 51).Select(i => $"metadata[k{i}]=v")));

        Assert.Equal(new Dictionary<string, string?> { ["plan"] = "gold", ["legacy"] = null }, p.Metadata());
        Assert.Equal("metadata", Assert.Throws<ApiException>(() => tooMany.Metadata()).Error.Param);
    }
}
