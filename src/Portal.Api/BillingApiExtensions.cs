using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.BillingPortal.Portal;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Demo;
using Vinr.Portal.Api.Features.Invoices;
using Vinr.Portal.Api.Features.PaymentMethods;
using Vinr.Portal.Api.Features.Products;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Features.BillingSettings;
using Vinr.Portal.Api.Features.TestClocks;
using Vinr.Portal.Api.Features.Merchants;
using Vinr.Portal.Api.Features.Discounts;
using Vinr.Portal.Api.Features.Tax;
using Vinr.Portal.Api.Features.Webhooks;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api;

/// <summary>How the host mounts the merchant API and the billing domain.</summary>
public static class BillingApiExtensions
{
    /// <summary>Fixed, so every process and replica reads the same key ring (and so each other's links).</summary>
    public const string DataProtectionApplicationName = "Vinr.Portal";

    public static IServiceCollection AddBillingApi(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMemoryCache();
        services.AddBillingDatabase();
        services.AddOptions<PortalSessionOptions>().BindConfiguration(PortalSessionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PaymentOptions>().BindConfiguration(PaymentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<PaymentOptions>, PaymentOptionsValidator>();
        services.AddDataProtection()
            .SetApplicationName(DataProtectionApplicationName)
            .PersistKeysToDbContext<BillingDbContext>();

        services.AddSingleton<ApiRoutes>();
        services.AddSingleton<ApiKeys>();
        services.AddOptions<ApiRateLimitOptions>().BindConfiguration(ApiRateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ApiRateLimits>();
        services.AddMetrics();
        services.AddSingleton<PortalMetrics>();
        services.AddSingleton<Idempotency>();
        services.AddSingleton<SessionLinks>();
        services.AddSingleton<PortalBaseUrl>();
        services.AddSingleton<PortalSessions>();
        services.AddSingleton<PortalConfigurations>();
        services.AddSingleton<PortalQueries>();
        services.AddSingleton<IPaymentProcessor, TestPaymentProcessor>();
        services.AddSingleton<CustomerCards>();
        services.AddSingleton<CardChallenges>();
        services.AddSingleton<CustomerDetails>();
        services.AddSingleton<InvoicePayments>();
        services.AddSingleton<PortalCharges>();
        services.AddSingleton<SubscriptionChanges>();
        services.AddSingleton<Resubscriptions>();
        services.AddSingleton<SubscriptionRenewals>();
        services.AddSingleton<Customers>();
        services.AddSingleton<MerchantSubscriptions>();
        services.AddOptions<DunningOptions>().BindConfiguration(DunningOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DunningSettings>();
        services.AddSingleton<DunningRetries>();
        services.AddSingleton<TestClocks>();
        services.AddOptions<BillingClockOptions>().BindConfiguration(BillingClockOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<BillingClock>();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DataRetention>();
        services.AddHostedService<RetentionClock>();
        services.AddSingleton<InvoiceQueries>();
        services.AddSingleton<UpcomingInvoices>();
        services.AddSingleton<ProductCatalog>();
        services.AddSingleton<TaxRates>();
        services.AddSingleton<Coupons>();
        services.AddSingleton<Discounts>();
        services.AddSingleton<RetentionOffers>();
        services.AddHostedService<DemoSeeder>();
        services.AddWebhooks();

        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<ApiDocument>();
            o.AddOperationTransformer<ApiDocument>();
            o.AddSchemaTransformer<ApiDocument>();
        });
        return services;
    }

    /// <summary>Serves Stripe's spelling of VINR's paths (<see cref="StripePaths"/>); call it before <c>UseRouting</c>.</summary>
    public static IApplicationBuilder UseStripePaths(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            StripePaths.Rewrite(context);
            return next(context);
        });

    /// <summary>Puts every <c>/v1</c> request through the API pipeline (key, parameters, idempotency, error shape).</summary>
    public static IApplicationBuilder UseBillingApi(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/v1"), api => api.UseMiddleware<ApiPipelineMiddleware>());

    /// <summary>Maps the <c>/v1</c> endpoints and the OpenAPI document; <see cref="UseBillingApi"/> must run before them.</summary>
    public static IEndpointRouteBuilder MapBillingApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").WithMetadata(new ApiEndpointMetadata());
        // Any /v1 call can fail in the one error shape, before or inside its handler.
        foreach (var status in new[] { 400, 401, 404, 405, 409, 413, 415, 429, 500 })
        {
            v1.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ErrorEnvelope), ["application/json"]));
        }
        v1.MapBillingPortalSessions();
        v1.MapBillingPortalConfigurations();
        v1.MapPaymentMethods();
        v1.MapInvoices();
        v1.MapProducts();
        v1.MapPrices();
        v1.MapTaxRates();
        v1.MapCoupons();
        v1.MapCustomers();
        v1.MapSubscriptions();
        v1.MapBillingSettings();
        v1.MapTestClocks();
        v1.MapEvents();
        v1.MapWebhookEndpoints();
        app.MapOpenApi();
        return app;
    }
}
