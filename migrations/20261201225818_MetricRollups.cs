using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MlOpsPortal.Migrations
{
    /// <inheritdoc />
    public partial class MetricRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "metric_rollups",
                columns: table => new
                {
                    run_id = table.Column<Guid>(type: "uuid", nullable: false),
                    key = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: false),
                    axis = table.Column<short>(type: "smallint", nullable: false),
                    level = table.Column<short>(type: "smallint", nullable: false),
                    bucket = table.Column<long>(type: "bigint", nullable: false),
                    point_count = table.Column<long>(type: "bigint", nullable: false),
                    value_sum = table.Column<double>(type: "double precision", nullable: false),
                    min_value = table.Column<double>(type: "double precision", nullable: false),
                    max_value = table.Column<double>(type: "double precision", nullable: false),
                    min_x = table.Column<long>(type: "bigint", nullable: false),
                    max_x = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_metric_rollups", x => new { x.run_id, x.key, x.axis, x.level, x.bucket });
                    table.ForeignKey(
                        name: "FK_metric_rollups_runs_run_id",
                        column: x => x.run_id,
                        principalTable: "runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Rollups of the histories logged before this migration, with the same levels as MetricRollups
            // (steps: shifts 6, 12, 18; Unix milliseconds: shifts 8, 14, 20).
            migrationBuilder.Sql("""
                INSERT INTO metric_rollups (run_id, key, axis, level, bucket, point_count, value_sum, min_value, max_value, min_x, max_x)
                SELECT p.run_id, p.key, l.axis, l.level, (CASE l.axis WHEN 0 THEN p.step ELSE p.ms END) >> l.shift AS bucket,
                       count(*), sum(p.value), min(p.value), max(p.value),
                       min(CASE l.axis WHEN 0 THEN p.step ELSE p.ms END), max(CASE l.axis WHEN 0 THEN p.step ELSE p.ms END)
                FROM (SELECT run_id, key, value, step, (extract(epoch FROM timestamp) * 1000)::bigint AS ms FROM metric_points) p
                CROSS JOIN (VALUES (0::smallint, 0::smallint, 6), (0, 1, 12), (0, 2, 18), (1, 0, 8), (1, 1, 14), (1, 2, 20)) AS l(axis, level, shift)
                GROUP BY p.run_id, p.key, l.axis, l.level, bucket;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "metric_rollups");
        }
    }
}
