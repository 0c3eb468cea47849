using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;

namespace Vinr.Portal.Api.Features.Webhooks;

internal static class WebhookServiceCollectionExtensions
{
    public const string UserAgent = "VINR-Webhooks/1.0 (+https://vinr.com/docs/webhooks)";

    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookEndpoints>();
        services.AddSingleton<WebhookEvents>();
        services.AddSingleton<WebhookDeliverer>();
        services.AddHostedService<WebhookClock>();
        AddClient(services, WebhookDeliverer.TestClient, publicOnly: false);
        AddClient(services, WebhookDeliverer.LiveClient, publicOnly: true);
        return services;
    }

    /// <summary>
    /// One POST, one timeout, no retries (the outbox retries, durably), no redirects and no proxy (either
    /// would lead a request past the address check). Live mode connects only to public addresses.
    /// </summary>
    private static void AddClient(IServiceCollection services, string name, bool publicOnly) =>
        services.AddHttpClient(name, client => client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent))
            .ConfigurePrimaryHttpMessageHandler(() =>
            {
                var handler = new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    UseProxy = false,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(1),
                };
                if (publicOnly)
                {
                    handler.ConnectCallback = (context, cancellationToken) => EndpointAddresses.ConnectPublicAsync(context.DnsEndPoint, cancellationToken);
                }
                return handler;
            })
            .AddResilienceHandler("webhook-timeout", (pipeline, context) =>
                pipeline.AddTimeout(TimeSpan.FromSeconds(context.ServiceProvider.GetRequiredService<IOptions<WebhookOptions>>().Value.TimeoutSeconds)));
}
