using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MlOpsPortal.Migrations
{
    /// <inheritdoc />
    public partial class MetricChunks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "metric_chunks",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    run_id = table.Column<Guid>(type: "uuid", nullable: false),
                    key = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: false),
                    min_step = table.Column<long>(type: "bigint", nullable: false),
                    max_step = table.Column<long>(type: "bigint", nullable: false),
                    steps = table.Column<long[]>(type: "bigint[]", nullable: false),
                    timestamps = table.Column<long[]>(type: "bigint[]", nullable: false),
                    values = table.Column<double[]>(type: "double precision[]", nullable: false),
                    point_count = table.Column<int>(type: "integer", nullable: false),
                    value_sum = table.Column<double>(type: "double precision", nullable: false),
                    min_value = table.Column<double>(type: "double precision", nullable: false),
                    max_value = table.Column<double>(type: "double precision", nullable: false),
                    min_timestamp = table.Column<long>(type: "bigint", nullable: false),
                    max_timestamp = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_metric_chunks", x => x.id);
                    table.ForeignKey(
                        name: "FK_metric_chunks_runs_run_id",
                        column: x => x.run_id,
                        principalTable: "runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_metric_chunks_run_id_key_min_step_id",
                table: "metric_chunks",
                columns: new[] { "run_id", "key", "min_step", "id" });

            // The histories logged so far, in their (step, id) order, as chunks of at most 1,000 points per run and key.
            migrationBuilder.Sql("""
                INSERT INTO metric_chunks (run_id, key, min_step, max_step, steps, timestamps, values,
                                           point_count, value_sum, min_value, max_value, min_timestamp, max_timestamp)
                SELECT run_id, key, min(step), max(step),
                       array_agg(step ORDER BY step, id), array_agg(ms ORDER BY step, id), array_agg(value ORDER BY step, id),
                       count(*), sum(value), min(value), max(value), min(ms), max(ms)
                FROM (SELECT run_id, key, step, id, value, (extract(epoch FROM timestamp) * 1000)::bigint AS ms,
                             (row_number() OVER (PARTITION BY run_id, key ORDER BY step, id) - 1) / 1000 AS part
                      FROM metric_points) p
                GROUP BY run_id, key, part
                ORDER BY run_id, key, part;
                """);

            migrationBuilder.DropTable(
                name: "metric_points");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "metric_chunks");

            migrationBuilder.CreateTable(
                name: "metric_points",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    key = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: false),
                    run_id = table.Column<Guid>(type: "uuid", nullable: false),
                    step = table.Column<long>(type: "bigint", nullable: false),
                    timestamp = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    value = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_metric_points", x => x.id);
                    table.ForeignKey(
                        name: "FK_metric_points_runs_run_id",
                        column: x => x.run_id,
                        principalTable: "runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_metric_points_run_id_key_step_id",
                table: "metric_points",
                columns: new[] { "run_id", "key", "step", "id" });
        }
    }
}
