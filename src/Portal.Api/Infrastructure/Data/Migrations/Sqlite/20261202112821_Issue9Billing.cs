using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vinr.Portal.Api.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Issue9Billing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DunningFinalAction",
                table: "Merchants",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DunningRetryDays",
                table: "Merchants",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DunningRetries",
                table: "Invoices",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "NextPaymentAttempt",
                table: "Invoices",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TestClockId",
                table: "Customers",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "TestClocks",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    MerchantId = table.Column<string>(type: "TEXT", nullable: false),
                    Livemode = table.Column<bool>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    FrozenTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    DeletesAfter = table.Column<long>(type: "INTEGER", nullable: false),
                    Created = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TestClocks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TestClocks_Merchants_MerchantId",
                        column: x => x.MerchantId,
                        principalTable: "Merchants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_NextPaymentAttempt",
                table: "Invoices",
                column: "NextPaymentAttempt");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_TestClockId",
                table: "Customers",
                column: "TestClockId");

            migrationBuilder.CreateIndex(
                name: "IX_TestClocks_MerchantId_Livemode_Created",
                table: "TestClocks",
                columns: new[] { "MerchantId", "Livemode", "Created" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TestClocks");

            migrationBuilder.DropIndex(
                name: "IX_Invoices_NextPaymentAttempt",
                table: "Invoices");

            migrationBuilder.DropIndex(
                name: "IX_Customers_TestClockId",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "DunningFinalAction",
                table: "Merchants");

            migrationBuilder.DropColumn(
                name: "DunningRetryDays",
                table: "Merchants");

            migrationBuilder.DropColumn(
                name: "DunningRetries",
                table: "Invoices");

            migrationBuilder.DropColumn(
                name: "NextPaymentAttempt",
                table: "Invoices");

            migrationBuilder.DropColumn(
                name: "TestClockId",
                table: "Customers");
        }
    }
}
