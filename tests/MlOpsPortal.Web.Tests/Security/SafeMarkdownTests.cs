using AngleSharp.Html.Parser;
using MlOpsPortal.Web.Security;

namespace MlOpsPortal.Web.Tests.Security;

public sealed class SafeMarkdownTests
{
    private static readonly string[] AllowedAttributes = ["href", "src", "alt", "title"];

    [Theory]
    [InlineData("![p](x){onerror=alert(1)}")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](JaVaScRiPt:alert(1))")]
    [InlineData("[x](  javascript:alert(1))")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("# Title {#id .cls style=\"color:red\" onclick=x}")]
    [InlineData("<a href=\"https://example.org\" style=\"position:fixed\">x</a>")]
    [InlineData("<iframe src=\"https://example.org\"></iframe>")]
    public void ToHtml_HostileMarkdown_LeavesNoScriptAttributeOrScriptUrl(string markdown)
    {
        var document = new HtmlParser().ParseDocument("<body>" + SafeMarkdown.ToHtml(markdown) + "</body>");
        var elements = document.Body!.QuerySelectorAll("*");
        Assert.DoesNotContain(elements, e => e.LocalName is "script" or "iframe" or "object" or "embed" or "style");
        var attributes = elements.SelectMany(e => e.Attributes).ToList();
        Assert.All(attributes, a => Assert.Contains(a.Name, AllowedAttributes));
        Assert.All(attributes.Where(a => a.Name is "href" or "src"), a =>
            Assert.False(a.Value.Contains(':', StringComparison.Ordinal) && !a.Value.StartsWith("http", StringComparison.OrdinalIgnoreCase) && !a.Value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase), a.Value));
    }

    [Fact]
    public void ToHtml_OrdinaryMarkdown_KeepsFormattingLinksAndTables()
    {
        var html = SafeMarkdown.ToHtml("**bold** [docs](https://example.org/a) [rel](/models) <mail@example.org>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        Assert.Contains("<strong>bold</strong>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.org/a\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/models\"", html, StringComparison.Ordinal);
        Assert.Contains("mailto:mail@example.org", html, StringComparison.Ordinal);
        Assert.Contains("<td>2</td>", html, StringComparison.Ordinal);
    }
}
