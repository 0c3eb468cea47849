using System.Text;

namespace Vinr.Portal.Tests.Support;

/// <summary>What every invoice PDF download must be, from the portal or the API.</summary>
public static class Pdfs
{
    /// <summary>Asserts a private PDF attachment named after the invoice and returns its text (Latin-1, as drawn).</summary>
    public static async Task<string> AssertAttachmentAsync(HttpResponseMessage response, string number)
    {
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"attachment; filename=\"{number}.pdf\"", string.Join(",", response.Content.Headers.GetValues("Content-Disposition")));
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(bytes, 0, 5));
        return Encoding.Latin1.GetString(bytes);
    }
}
