using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Browser.Tests;

/// <summary>
/// The approver's journey: the home page and the inbox show the waiting request; its page shows the evidence and keeps
/// Approve disabled, with the reason, while the model card gate fails; once the card is approved the approver approves
/// from a phone-sized window and the production alias moves. Each stop saves the screenshot docs/ui.md shows.
/// </summary>
public sealed class ApproverJourneyTests(BrowserFixture portal) : IClassFixture<BrowserFixture>
{
    private const string Reviewer = "approver-journey@test.local";

    [Fact]
    public async Task Journey_InboxEvidenceBlockedByGate_ThenApprovedOnAPhone_AliasMoves()
    {
        using var admin = portal.CreateClient(await portal.AdminTokenAsync());
        using (var started = await admin.PostAsync("api/v1/sample-project", null))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, started.StatusCode);
            await BrowserApi.WaitForJobAsync(admin, (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetGuid());
        }

        Guid requestId;
        using (var requested = await admin.PostAsJsonAsync("api/v1/models/adult-income-sample/promotion-requests",
            new { version = 1, alias = "production", justification = "The sample model, evaluated on adult.test." }))
        {
            var body = await requested.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(requested.IsSuccessStatusCode, body.ToString());
            requestId = body.GetProperty("id").GetGuid();
        }

        var password = await portal.CreateUserAsync(Reviewer, "Approver");
        var (context, page) = await portal.NewPageAsync();
        await using var _ = context;
        await page.SetViewportSizeAsync(1280, 860);
        await BrowserFixture.SignInAsync(page, Reviewer, password);
        await Assertions.Expect(page.Locator("#interactive-state")).ToHaveTextAsync("connected");
        var problems = BrowserFixture.CollectProblems(page);

        // 1. Home: the review waiting for me, with what its blocking gates say.
        await Assertions.Expect(page.Locator("#dash-inbox")).ToContainTextAsync("adult-income-sample");
        await BrowserFixture.ScreenshotAsync(page, "journey-approver-1-home");

        // 2. The inbox, then the request: evidence beside it, Approve disabled while the model card gate fails.
        await BrowserFixture.OpenMenuAsync(page, "Approvals");
        await Assertions.Expect(page.Locator("#inbox-count")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#inbox")).ToContainTextAsync("adult-income-sample");
        await page.Locator("#inbox .request-link").First.ClickAsync();
        await page.WaitForURLAsync($"**/approvals/{requestId}");
        await Assertions.Expect(page.Locator("#evidence")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#evidence-metrics")).ToContainTextAsync("roc_auc");
        await Assertions.Expect(page.Locator("#gates")).ToContainTextAsync("4. Model card approved: Failed");
        await Assertions.Expect(page.Locator("#approve")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("#approve-reason")).ToContainTextAsync("Blocking gate fails: 4. Model card approved");
        await BrowserFixture.ScreenshotAsync(page, "journey-approver-2-blocked");

        // 3. The owner submits the card; the approver approves it on the version's card tab.
        using (var submitted = await admin.PostAsJsonAsync("api/v1/models/adult-income-sample/versions/1/card/status", new { status = "PendingReview" }))
        {
            Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        }

        await BrowserApi.GoAsync(page, "/models/adult-income-sample/versions/1?tab=card");
        await page.ClickAsync("#card-approve");
        await Assertions.Expect(page.Locator("#card-status")).ToHaveTextAsync("Approved");

        // 4. On a phone: the request page fits, Approve is enabled, the decision is recorded and the alias moves.
        await page.SetViewportSizeAsync(390, 844);
        await BrowserApi.GoAsync(page, $"/approvals/{requestId}");
        await Assertions.Expect(page.Locator("#approve")).ToBeEnabledAsync();
        await Assertions.Expect(page.Locator("#approve-reason")).ToHaveCountAsync(0);
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the request page is {width} px wide at 390 px");
        await page.FillAsync("#decision-comment", "Card approved; AUC on adult.test is what we expect.");
        await page.Locator("#approve").ScrollIntoViewIfNeededAsync();
        await page.ClickAsync("#approve");
        await Assertions.Expect(page.Locator("#request-state")).ToHaveTextAsync("Approved");
        await Assertions.Expect(page.Locator("#decisions")).ToContainTextAsync("AUC on adult.test");
        await BrowserFixture.ScreenshotAsync(page, "journey-approver-3-approved-phone");

        await page.SetViewportSizeAsync(1280, 860);
        await BrowserApi.GoAsync(page, "/models/adult-income-sample?tab=aliases");
        await Assertions.Expect(page.Locator("#aliases [data-alias=production]")).ToContainTextAsync("production → version 1");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
