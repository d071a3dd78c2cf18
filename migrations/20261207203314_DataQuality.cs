using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MlOpsPortal.Migrations
{
    /// <inheritdoc />
    public partial class DataQuality : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "QualityRules",
                table: "datasets",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "QualityReport",
                table: "dataset_versions",
                type: "jsonb",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "QualityRules",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "QualityReport",
                table: "dataset_versions");
        }
    }
}
