using System.Text.RegularExpressions;
using System.Xml.Linq;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Localization;

/// <summary>
/// Every English resource has every key in every other language, translated: a value equal to the
/// English one must say so on purpose (<c>&lt;comment&gt;same&lt;/comment&gt;</c>, e.g. "Date" in French),
/// and every translation keeps the English placeholders.
/// </summary>
public sealed partial class TranslationTests
{
    public static TheoryData<string> Languages() => [.. PortalLocales.Translated.Skip(1)];

    private static IEnumerable<string> EnglishResources() =>
        new[] { "src/Portal/Resources", "src/Portal.Api/Resources" }
            .Select(d => Repository.PathOf(d.Split('/')))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.resx", SearchOption.AllDirectories))
            .Where(f => !LanguageSuffix().IsMatch(Path.GetFileName(f)));

    private static Dictionary<string, (string Value, string? Comment)> Read(string path) =>
        XDocument.Load(path).Root!.Elements("data").ToDictionary(
            d => (string)d.Attribute("name")!,
            d => ((string?)d.Element("value") ?? "", (string?)d.Element("comment")));

    [Fact]
    public void There_are_resources_to_check() => Assert.NotEmpty(EnglishResources());

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_key_is_translated(string language)
    {
        var problems = new List<string>();
        foreach (var englishPath in EnglishResources())
        {
            var english = Read(englishPath);
            var translatedPath = Path.ChangeExtension(englishPath, $".{language}.resx");
            var name = Path.GetRelativePath(Repository.Root, translatedPath);
            if (!File.Exists(translatedPath))
            {
                problems.Add($"{name}: missing");
                continue;
            }
            var translated = Read(translatedPath);
            problems.AddRange(english.Keys.Except(translated.Keys).Select(k => $"{name}: no '{k}'"));
            problems.AddRange(translated.Keys.Except(english.Keys).Select(k => $"{name}: '{k}' is not in English"));
            foreach (var (key, (value, comment)) in translated.Where(t => english.ContainsKey(t.Key)))
            {
                var source = english[key].Value;
                if (string.IsNullOrWhiteSpace(value))
                {
                    problems.Add($"{name}: '{key}' is empty");
                }
                else if (value == source && comment?.Trim() != "same")
                {
                    problems.Add($"{name}: '{key}' is still English (\"{value}\"); mark it <comment>same</comment> if that is right");
                }
                if (!Placeholders(source).SetEquals(Placeholders(value)))
                {
                    problems.Add($"{name}: '{key}' has placeholders {string.Join("", Placeholders(value))}, English has {string.Join("", Placeholders(source))}");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\{\d+(:[^}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\.[a-z]{2}\.resx$")]
    private static partial Regex LanguageSuffix();
}
