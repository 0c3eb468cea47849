using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vinr.Portal.Api.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ConfigurationsAndFlows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "Features_SubscriptionUpdate_ScheduleDowngradesAtPeriodEnd",
                table: "PortalConfigurations",
                newName: "Features_SubscriptionUpdate_ScheduleShorterInterval");

            migrationBuilder.AddColumn<string>(
                name: "Flow",
                table: "PortalSessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "FlowCompletedAt",
                table: "PortalSessions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Features_Resubscribe",
                table: "PortalConfigurations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Features_SubscriptionUpdate_AllowedTransitions",
                table: "PortalConfigurations",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "Features_SubscriptionUpdate_ScheduleDecreasingAmount",
                table: "PortalConfigurations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Features_SubscriptionUpdate_Transitions",
                table: "PortalConfigurations",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Metadata",
                table: "PortalConfigurations",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "PortalConfigurations",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Updated",
                table: "PortalConfigurations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            // The one "schedule downgrades" switch becomes Stripe's two conditions, both as it was;
            // existing configurations allow any move, carry no metadata, and were last updated when created.
            migrationBuilder.Sql("""
                UPDATE "PortalConfigurations" SET
                    "Features_SubscriptionUpdate_ScheduleDecreasingAmount" = "Features_SubscriptionUpdate_ScheduleShorterInterval",
                    "Features_SubscriptionUpdate_Transitions" = 'Any',
                    "Metadata" = '{}',
                    "Updated" = "Created";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Flow",
                table: "PortalSessions");

            migrationBuilder.DropColumn(
                name: "FlowCompletedAt",
                table: "PortalSessions");

            migrationBuilder.DropColumn(
                name: "Features_Resubscribe",
                table: "PortalConfigurations");

            migrationBuilder.DropColumn(
                name: "Features_SubscriptionUpdate_AllowedTransitions",
                table: "PortalConfigurations");

            migrationBuilder.DropColumn(
                name: "Features_SubscriptionUpdate_ScheduleDecreasingAmount",
                table: "PortalConfigurations");

            migrationBuilder.DropColumn(
                name: "Updated",
                table: "PortalConfigurations");

            migrationBuilder.DropColumn(
                name: "Features_SubscriptionUpdate_Transitions",
                table: "PortalConfigurations");

            migrationBuilder.DropColumn(
                name: "Metadata",
                table: "PortalConfigurations");

            migrationBuilder.DropColumn(
                name: "Name",
                table: "PortalConfigurations");

            migrationBuilder.RenameColumn(
                name: "Features_SubscriptionUpdate_ScheduleShorterInterval",
                table: "PortalConfigurations",
                newName: "Features_SubscriptionUpdate_ScheduleDowngradesAtPeriodEnd");
        }
    }
}
