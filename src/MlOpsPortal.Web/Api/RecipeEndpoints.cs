using MlOpsPortal.Infrastructure.Recipes;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Api;

/// <summary>
/// REST for training recipes: <c>POST /api/v1/recipes</c> {name, training, model?, cron?}; <c>GET /api/v1/recipes</c>;
/// <c>GET|DELETE /api/v1/recipes/{name}</c>; <c>PUT /api/v1/recipes/{name}/schedule</c> {cron} (null/empty = unscheduled);
/// <c>POST /api/v1/recipes/{name}/run</c> → 202 with the firing (its retraining job id equals the firing id).
/// </summary>
public static class RecipeEndpoints
{
    public static void MapRecipeEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/recipes").WithTags("Training").WithPortalProblems();
        group.MapPost("/", async (RecipeRequest body, HttpContext http, RecipeService recipes, CancellationToken ct) =>
            (await recipes.CreateAsync(body, CurrentActor.From(http.User), ct)).ToHttp(r => TypedResults.Created($"/api/v1/recipes/{Uri.EscapeDataString(r.Name)}", r)))
            .WithSummary("Save a training request as a recipe, optionally with a cron schedule (seconds first, UTC) and a registered model whose production version is the champion.")
            .RequireAuthorization(Policies.Write).WithName("createRecipe").Returns<RecipeDto>(StatusCodes.Status201Created).Problems(StatusCodes.Status409Conflict);
        group.MapGet("/", async (RecipeService recipes, CancellationToken ct) => TypedResults.Ok(await recipes.ListAsync(ct))).RequireAuthorization(Policies.Read).WithName("listRecipes");
        group.MapGet("/{name}", async (string name, RecipeService recipes, CancellationToken ct) => (await recipes.GetAsync(name, ct)).ToHttp()).RequireAuthorization(Policies.Read)
            .WithName("getRecipe").Returns<RecipeDto>().Problems(StatusCodes.Status404NotFound);
        group.MapPut("/{name}/schedule", async (string name, ScheduleRequest body, HttpContext http, RecipeService recipes, CancellationToken ct) =>
            (await recipes.SetScheduleAsync(name, body, CurrentActor.From(http.User), ct)).ToHttp()).RequireAuthorization(Policies.Write)
            .WithName("setRecipeSchedule").Returns<RecipeDto>().Problems(StatusCodes.Status404NotFound);
        group.MapPost("/{name}/run", async (string name, HttpContext http, RecipeService recipes, CancellationToken ct) =>
            (await recipes.RunNowAsync(name, CurrentActor.From(http.User), ct)).ToHttp(f => TypedResults.Accepted($"/api/v1/jobs/{f.Id}", f)))
            .RequireAuthorization(Policies.Write).WithName("runRecipe").Returns<RecipeFiringDto>(StatusCodes.Status202Accepted).Problems(StatusCodes.Status404NotFound);
        group.MapDelete("/{name}", async (string name, HttpContext http, RecipeService recipes, CancellationToken ct) =>
            (await recipes.DeleteAsync(name, CurrentActor.From(http.User), ct)).ToHttp(_ => TypedResults.NoContent())).RequireAuthorization(Policies.Write)
            .WithName("deleteRecipe").ReturnsNoContent().Problems(StatusCodes.Status404NotFound);
    }
}
