using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MlOpsPortal.Migrations
{
    /// <inheritdoc />
    public partial class PredictionLogAndMonitoring : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "batch_scorings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    model_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    alias = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    source = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    rows = table.Column<long>(type: "bigint", nullable: false),
                    seconds = table.Column<double>(type: "double precision", nullable: false),
                    rows_per_second = table.Column<double>(type: "double precision", nullable: false),
                    execution_provider = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    output_sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    output_bytes = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_batch_scorings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "monitors",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    model_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    alias = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    reference_dataset = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    window_hours = table.Column<int>(type: "integer", nullable: false),
                    window_rows = table.Column<int>(type: "integer", nullable: true),
                    cron = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    drift_share_alert = table.Column<double>(type: "double precision", nullable: true),
                    metric_alert = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    metric_below = table.Column<double>(type: "double precision", nullable: true),
                    retrain_recipe = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    created_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    created_by_user_id = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_monitors", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "predictions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    model_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    alias = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    logged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    inputs = table.Column<string>(type: "jsonb", nullable: false),
                    label = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    score = table.Column<double>(type: "double precision", nullable: true),
                    value = table.Column<double>(type: "double precision", nullable: true),
                    actual_label = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    actual_value = table.Column<double>(type: "double precision", nullable: true),
                    feedback_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_predictions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "drift_reports",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    monitor_id = table.Column<Guid>(type: "uuid", nullable: true),
                    model_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    alias = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false),
                    reference = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    current = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    reference_rows = table.Column<int>(type: "integer", nullable: false),
                    current_rows = table.Column<int>(type: "integer", nullable: false),
                    drifted_columns = table.Column<int>(type: "integer", nullable: false),
                    columns = table.Column<int>(type: "integer", nullable: false),
                    drift_share = table.Column<double>(type: "double precision", nullable: false),
                    dataset_drifted = table.Column<bool>(type: "boolean", nullable: false),
                    prediction_drifted = table.Column<bool>(type: "boolean", nullable: true),
                    result = table.Column<string>(type: "jsonb", nullable: false),
                    performance = table.Column<string>(type: "jsonb", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_drift_reports", x => x.id);
                    table.ForeignKey(
                        name: "FK_drift_reports_monitors_monitor_id",
                        column: x => x.monitor_id,
                        principalTable: "monitors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "monitor_alerts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    monitor_id = table.Column<Guid>(type: "uuid", nullable: false),
                    report_id = table.Column<Guid>(type: "uuid", nullable: true),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    message = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    recipe_firing_id = table.Column<Guid>(type: "uuid", nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_monitor_alerts", x => x.id);
                    table.ForeignKey(
                        name: "FK_monitor_alerts_monitors_monitor_id",
                        column: x => x.monitor_id,
                        principalTable: "monitors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_drift_reports_model_name_created_at",
                table: "drift_reports",
                columns: new[] { "model_name", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_drift_reports_monitor_id_created_at",
                table: "drift_reports",
                columns: new[] { "monitor_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_monitor_alerts_monitor_id_at",
                table: "monitor_alerts",
                columns: new[] { "monitor_id", "at" });

            migrationBuilder.CreateIndex(
                name: "IX_monitors_name",
                table: "monitors",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_predictions_logged_at",
                table: "predictions",
                column: "logged_at");

            migrationBuilder.CreateIndex(
                name: "IX_predictions_model_name_logged_at",
                table: "predictions",
                columns: new[] { "model_name", "logged_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "batch_scorings");

            migrationBuilder.DropTable(
                name: "drift_reports");

            migrationBuilder.DropTable(
                name: "monitor_alerts");

            migrationBuilder.DropTable(
                name: "predictions");

            migrationBuilder.DropTable(
                name: "monitors");
        }
    }
}
