using System.ComponentModel.DataAnnotations;

namespace Vinr.Portal.Api.Features.Demo;

/// <summary>The <c>Demo</c> section: the merchant a local run starts with, so the seed's curl works as written.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Seed "Acme Cloud" and customer <c>cust_8aZ2</c> on start-up (once). Off in production.</summary>
    public bool Seed { get; set; }

    /// <summary>The demo merchant's documented test key. Test mode only: it can never touch live data.</summary>
    [RegularExpression("^sk_test_[A-Za-z0-9]{24,100}$", ErrorMessage = "Demo:ApiKey must be a test key (sk_test_ followed by 24+ letters and digits).")]
    public string ApiKey { get; set; } = "sk_test_AcmeDemo4eC39HqLyjWDarjtT1zdp7dc";

    /// <summary>Print the port, the key and a fresh portal link when the server is up.</summary>
    public bool PrintLinkOnStartup { get; set; } = true;
}
