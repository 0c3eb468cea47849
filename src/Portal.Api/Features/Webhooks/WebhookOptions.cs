using System.ComponentModel.DataAnnotations;

namespace Vinr.Portal.Api.Features.Webhooks;

/// <summary>The <c>Webhooks</c> section.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>How often each replica's deliverer looks for due deliveries (real seconds).</summary>
    [Range(1, 3600)]
    public int PollSeconds { get; set; } = 5;

    /// <summary>The most one POST may take, connect to last byte; a slower endpoint counts as failed.</summary>
    [Range(1, 60)]
    public int TimeoutSeconds { get; set; } = 10;
}
