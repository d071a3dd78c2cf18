using Ganss.Xss;
using Markdig;
using Microsoft.AspNetCore.Components;

namespace MlOpsPortal.Web.Security;

/// <summary>
/// User-written markdown (model cards) to HTML through an allow-list. Markdig runs without raw HTML and without the
/// generic-attributes extension (<c>{onerror=...}</c>), then every tag, attribute and URL is checked again by an
/// HTML sanitizer: only formatting tags survive, only <c>href</c>/<c>src</c>/<c>alt</c>/<c>title</c> attributes, and
/// only http, https, mailto or relative URLs. Nothing the user writes can become a script, an event handler or a style.
/// </summary>
public static class SafeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseListExtras()
        .UseTaskLists()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    // Configured once, never changed afterwards: Sanitize is safe to call from many threads.
    private static readonly HtmlSanitizer Sanitizer = new(new HtmlSanitizerOptions
    {
        AllowedTags = new HashSet<string>(
            ["p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "del", "sub", "sup", "mark", "code", "pre",
             "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td"],
            StringComparer.OrdinalIgnoreCase),
        AllowedAttributes = new HashSet<string>(["href", "src", "alt", "title"], StringComparer.OrdinalIgnoreCase),
        UriAttributes = new HashSet<string>(["href", "src"], StringComparer.OrdinalIgnoreCase),
        AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
        AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
        AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        AllowedClasses = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
    });

    /// <summary>The sanitized HTML of <paramref name="markdown"/>.</summary>
    public static string ToHtml(string? markdown) =>
        string.IsNullOrEmpty(markdown) ? string.Empty : Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));

    /// <summary>The sanitized HTML as markup for a Razor component.</summary>
    public static MarkupString ToMarkup(string? markdown) => new(ToHtml(markdown));
}
