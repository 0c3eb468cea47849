using System.Text;
using System.Text.RegularExpressions;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Localization;

/// <summary>
/// No words a customer reads are written into the Razor files: text between tags and user-facing
/// attributes (aria-label, title, alt, placeholder, MudBlazor's Label/Text/...) come from the resources.
/// Code, comments and Razor expressions are skipped; only literal words are flagged.
/// </summary>
public sealed partial class RazorTextTests
{
    // Names that are the same in every language.
    private static readonly HashSet<string> Untranslatable = ["VINR"];

    public static TheoryData<string> RazorFiles() =>
        [.. Directory.EnumerateFiles(Repository.PathOf("src", "Portal", "Components"), "*.razor", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Repository.Root, f))];

    [Theory]
    [MemberData(nameof(RazorFiles))]
    public void Text_comes_from_the_resources(string file)
    {
        var literals = LiteralText(File.ReadAllText(Repository.PathOf(file))).ToList();
        Assert.True(literals.Count == 0, $"{file} has literal text:\n{string.Join("\n", literals)}");
    }

    [Fact]
    public void The_scanner_finds_literal_text()
    {
        Assert.Equal(["aria-label=\"Close it\"", "Hello there"],
            LiteralText("""<p class="x">Hello there</p><button aria-label="Close it" @onclick="() => Go(a > b)">@L["Ok"]</button>"""));
        Assert.Empty(LiteralText("""
            @if (x is null) { <p>@L["None"]</p> }
            @foreach (var item in items)
            {
                var name = item.Name;
                // A C# comment with words
                <span title="@name">@PortalCulture.Date(item.Created, Culture) · @(item.Count) × @L["Seats"]</span>
            }
            @* A comment with words *@
            @code { private string _text = "Words"; }
            """));
    }

    internal static IEnumerable<string> LiteralText(string razor)
    {
        var markup = Directive().Replace(Comment().Replace(razor, ""), "");
        var code = markup.IndexOf("@code", StringComparison.Ordinal);
        if (code >= 0)
        {
            markup = markup[..code];
        }
        markup = StyleOrScript().Replace(markup, "");
        foreach (Match attribute in TextAttribute().Matches(markup))
        {
            yield return attribute.Value;
        }
        foreach (var text in Tag().Split(markup))
        {
            var words = StripExpressions(text).Split('\n')
                .Where(line => !CodeLine().IsMatch(line))
                .Select(line => line.Trim())
                .Where(line => Words().Matches(line).Any(w => !Untranslatable.Contains(w.Value)));
            foreach (var line in words)
            {
                yield return line;
            }
        }
    }

    /// <summary>Removes <c>@name.member(args)[index]</c> and <c>@(expression)</c>, with balanced brackets.</summary>
    private static string StripExpressions(string text)
    {
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '@' || i + 1 == text.Length || text[i + 1] == '@')
            {
                result.Append(text[i]);
                continue;
            }
            var j = i + 1;
            while (j < text.Length && (char.IsLetterOrDigit(text[j]) || text[j] is '_' or '.' or '(' or '[' or '!' or '?'))
            {
                if (text[j] is '(' or '[')
                {
                    j = Close(text, j);
                }
                j++;
            }
            i = j - 1;
        }
        return result.ToString();
    }

    private static int Close(string text, int open)
    {
        var depth = 0;
        for (var k = open; k < text.Length; k++)
        {
            depth += text[k] is '(' or '[' ? 1 : text[k] is ')' or ']' ? -1 : 0;
            if (depth == 0)
            {
                return k;
            }
        }
        return text.Length - 1;
    }

    [GeneratedRegex(@"@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"^\s*@(?:using|inject|inherits|implements|page|attribute|layout|rendermode|namespace|typeparam)\b.*$", RegexOptions.Multiline)]
    private static partial Regex Directive();

    [GeneratedRegex(@"<(style|script)\b.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex StyleOrScript();

    // A tag, with quoted attribute values that may hold '>' (lambdas, comparisons).
    [GeneratedRegex("""<[A-Za-z/!](?:[^<>"]|"[^"]*")*>""")]
    private static partial Regex Tag();

    [GeneratedRegex("""\b(?:aria-label|title|alt|placeholder|Label|Placeholder|HelperText|Title|Text|AriaLabel|ButtonText|ContentText|CancelText|YesText|NoText)="(?!@)[^"]*\p{L}{2,}[^"]*"(?<=")""")]
    private static partial Regex TextAttribute();

    // Razor code lines: control flow, braces, C# comments, and statements ending in ';'.
    [GeneratedRegex(@"^\s*(?:(?:if|else|foreach|for|while|switch|case|default|break|var|return)\b|[{}()]|//|.*;\s*$|\s*$)")]
    private static partial Regex CodeLine();

    [GeneratedRegex(@"\p{L}{2,}")]
    private static partial Regex Words();
}
