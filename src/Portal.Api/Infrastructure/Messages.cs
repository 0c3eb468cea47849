using System.Globalization;
using System.Resources;

namespace Vinr.Portal.Api.Infrastructure;

/// <summary>
/// The words the billing domain says to a customer (problems, validation, declines), from
/// <c>Resources/Messages.resx</c> in the current UI culture: the customer's language in the portal,
/// English on the merchant API (PortalCulture sets both). Numbers in them follow the current culture.
/// </summary>
public static class Messages
{
    private static readonly ResourceManager Resources = new("Vinr.Portal.Api.Resources.Messages", typeof(Messages).Assembly);

    /// <summary>The message <paramref name="key"/> in the current UI culture, with <paramref name="args"/> formatted in the current culture.</summary>
    public static string Get(string key, params object?[] args) => Format(CultureInfo.CurrentUICulture, key, args);

    /// <summary>The English message, for what is stored or sent to the merchant whatever the customer's language.</summary>
    public static string English(string key, params object?[] args) => Format(CultureInfo.InvariantCulture, key, args);

    /// <summary>A processor's decline in the customer's words, by its code; its own (English) text for a code not translated.</summary>
    public static string Decline(string code, string message) =>
        Resources.GetString("Decline_" + code, CultureInfo.CurrentUICulture) ?? message;

    private static string Format(CultureInfo language, string key, object?[] args)
    {
        var text = Resources.GetString(key, language) ?? throw new KeyNotFoundException($"No message '{key}' in Resources/Messages.resx.");
        return args.Length == 0 ? text : string.Format(language == CultureInfo.InvariantCulture ? CultureInfo.InvariantCulture : CultureInfo.CurrentCulture, text, args);
    }
}
