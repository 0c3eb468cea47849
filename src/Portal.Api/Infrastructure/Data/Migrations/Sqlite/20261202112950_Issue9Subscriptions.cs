using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vinr.Portal.Api.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Issue9Subscriptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Subscriptions_MerchantId",
                table: "Subscriptions");

            migrationBuilder.AddColumn<string>(
                name: "Metadata",
                table: "Subscriptions",
                type: "TEXT",
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.AddColumn<long>(
                name: "TrialEnd",
                table: "Subscriptions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "TrialStart",
                table: "Subscriptions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DeletedAt",
                table: "Customers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Metadata",
                table: "Customers",
                type: "TEXT",
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.CreateIndex(
                name: "IX_Subscriptions_MerchantId_Livemode_Created",
                table: "Subscriptions",
                columns: new[] { "MerchantId", "Livemode", "Created" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Subscriptions_MerchantId_Livemode_Created",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "Metadata",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "TrialEnd",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "TrialStart",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "Metadata",
                table: "Customers");

            migrationBuilder.CreateIndex(
                name: "IX_Subscriptions_MerchantId",
                table: "Subscriptions",
                column: "MerchantId");
        }
    }
}
