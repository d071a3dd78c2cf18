using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MlOpsPortal.Migrations
{
    /// <inheritdoc />
    public partial class HangfireJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The jobs moved from Quartz.NET to Hangfire (docs/adr/0009): Quartz's job store tables go. Hangfire keeps its
            // own tables in the "hangfire" schema, created by Hangfire.PostgreSql at start.
            foreach (var table in new[] { "fired_triggers", "paused_trigger_grps", "paused_job_grps", "scheduler_state", "locks", "simple_triggers", "simprop_triggers", "cron_triggers", "blob_triggers", "calendars", "triggers", "job_details", "execution_history", "misfire_history", "job_status" })
            {
                migrationBuilder.Sql($"DROP TABLE IF EXISTS qrtz_{table} CASCADE;");
            }

            // The lease of a running job (its heartbeat), its latest Hangfire delivery and its Hangfire queue.
            migrationBuilder.AddColumn<string>(
                name: "DispatchId",
                table: "jobs",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "HeartbeatAt",
                table: "jobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Queue",
                table: "jobs",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "2_normal_cpu");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The qrtz_* tables are not recreated: their DDL shipped inside Quartz.dll, which the portal no longer references.
            migrationBuilder.DropColumn(
                name: "DispatchId",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "HeartbeatAt",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "Queue",
                table: "jobs");
        }
    }
}
