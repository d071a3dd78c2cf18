using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MlOpsPortal.Migrations
{
    /// <inheritdoc />
    public partial class Recipes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "training_recipes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Request = table.Column<string>(type: "jsonb", nullable: false),
                    Model = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Cron = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_training_recipes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "recipe_firings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RecipeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Trigger = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    FiredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    TrainDataset = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    TrainingJobId = table.Column<Guid>(type: "uuid", nullable: true),
                    RunId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ChampionVersion = table.Column<int>(type: "integer", nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_recipe_firings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_recipe_firings_training_recipes_RecipeId",
                        column: x => x.RecipeId,
                        principalTable: "training_recipes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_recipe_firings_RecipeId_FiredAt",
                table: "recipe_firings",
                columns: new[] { "RecipeId", "FiredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_training_recipes_Name",
                table: "training_recipes",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "recipe_firings");

            migrationBuilder.DropTable(
                name: "training_recipes");
        }
    }
}
