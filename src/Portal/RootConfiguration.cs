using Microsoft.Extensions.Configuration.Json;

namespace Vinr.Portal;

/// <summary>
/// The product has one documented configuration file, <c>appsettings.json</c> at the repository root,
/// shipped beside the binaries. It takes the place of the content root's appsettings.json, so
/// environment variables and the command line still override it.
/// </summary>
internal static class RootConfiguration
{
    public static void UseRootAppSettings(this ConfigurationManager configuration)
    {
        var sources = configuration.Sources;
        var index = sources.Select((source, i) => (source, i))
            .FirstOrDefault(pair => pair.source is JsonConfigurationSource { Path: "appsettings.json" }).i;
        var root = new JsonConfigurationSource
        {
            Path = Path.Combine(AppContext.BaseDirectory, "appsettings.json"),
            Optional = false,
            ReloadOnChange = false,
        };
        root.ResolveFileProvider();
        sources.Insert(index, root);
    }
}
