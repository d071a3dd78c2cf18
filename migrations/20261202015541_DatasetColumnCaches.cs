using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MlOpsPortal.Migrations
{
    /// <inheritdoc />
    public partial class DatasetColumnCaches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "dataset_column_caches",
                columns: table => new
                {
                    DatasetVersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    SchemaKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ArtifactSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dataset_column_caches", x => new { x.DatasetVersionId, x.SchemaKey });
                    table.ForeignKey(
                        name: "FK_dataset_column_caches_dataset_versions_DatasetVersionId",
                        column: x => x.DatasetVersionId,
                        principalTable: "dataset_versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dataset_column_caches");
        }
    }
}
