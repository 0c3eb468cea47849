using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Vinr.Portal.Api.Features.PaymentMethods;

/// <summary>The <c>Payments</c> section.</summary>
public sealed class PaymentOptions : IValidatableObject
{
    public const string Section = "Payments";

    /// <summary>The development key shipped in appsettings.json: refused in Production.</summary>
    public const string DevelopmentFingerprintKey = "dmlucl9kZXZlbG9wbWVudF9maW5nZXJwcmludF9rZXlfMzJi";

    /// <summary>
    /// Base64, at least 32 bytes: the HMAC key of card fingerprints (the same card gives the same
    /// fingerprint, which says nothing about the number without this key). Shared by all replicas.
    /// </summary>
    [Required]
    public string FingerprintKey { get; set; } = "";

    /// <summary>Card attach attempts one portal session may make per hour (card-testing fraud stops here).</summary>
    [Range(1, int.MaxValue)]
    public int CardAttemptsPerSessionPerHour { get; set; } = 10;

    internal byte[] FingerprintKeyBytes => Convert.FromBase64String(FingerprintKey);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        byte[] key;
        try
        {
            key = FingerprintKeyBytes;
        }
        catch (FormatException)
        {
            key = [];
        }
        if (key.Length < 32)
        {
            yield return new ValidationResult("Payments:FingerprintKey must be base64 of at least 32 random bytes.", [nameof(FingerprintKey)]);
        }
    }
}

/// <summary>The fingerprint key in appsettings.json is public: only a development machine may use it.</summary>
internal sealed class PaymentOptionsValidator(IHostEnvironment environment) : IValidateOptions<PaymentOptions>
{
    public ValidateOptionsResult Validate(string? name, PaymentOptions options) =>
        options.FingerprintKey == PaymentOptions.DevelopmentFingerprintKey && !environment.IsDevelopment()
            ? ValidateOptionsResult.Fail(
                "Payments:FingerprintKey is the public development key; set Payments__FingerprintKey to 32+ random bytes (base64) outside Development.")
            : ValidateOptionsResult.Success;
}
