using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vinr.Portal.Api.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Coupons : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Discount",
                table: "Subscriptions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetentionOfferCouponId",
                table: "Subscriptions",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetentionOfferOutcome",
                table: "Subscriptions",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RetentionOfferShownAt",
                table: "Subscriptions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Features_SubscriptionCancel_RetentionCouponId",
                table: "PortalConfigurations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Discount",
                table: "Invoices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "TotalDiscount",
                table: "Invoices",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "DiscountId",
                table: "InvoiceLines",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Coupons",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    MerchantId = table.Column<string>(type: "TEXT", nullable: false),
                    Livemode = table.Column<bool>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    PercentOffBasisPoints = table.Column<int>(type: "INTEGER", nullable: true),
                    AmountOff = table.Column<long>(type: "INTEGER", nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    Duration = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    DurationInMonths = table.Column<int>(type: "INTEGER", nullable: true),
                    MaxRedemptions = table.Column<int>(type: "INTEGER", nullable: true),
                    RedeemBy = table.Column<long>(type: "INTEGER", nullable: true),
                    TimesRedeemed = table.Column<int>(type: "INTEGER", nullable: false),
                    Deleted = table.Column<bool>(type: "INTEGER", nullable: false),
                    Metadata = table.Column<string>(type: "TEXT", nullable: false),
                    Created = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Coupons", x => new { x.MerchantId, x.Livemode, x.Id });
                    table.ForeignKey(
                        name: "FK_Coupons_Merchants_MerchantId",
                        column: x => x.MerchantId,
                        principalTable: "Merchants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_MerchantId_Livemode_Created",
                table: "Coupons",
                columns: new[] { "MerchantId", "Livemode", "Created" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Coupons");

            migrationBuilder.DropColumn(
                name: "Discount",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "RetentionOfferCouponId",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "RetentionOfferOutcome",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "RetentionOfferShownAt",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "Features_SubscriptionCancel_RetentionCouponId",
                table: "PortalConfigurations");

            migrationBuilder.DropColumn(
                name: "Discount",
                table: "Invoices");

            migrationBuilder.DropColumn(
                name: "TotalDiscount",
                table: "Invoices");

            migrationBuilder.DropColumn(
                name: "DiscountId",
                table: "InvoiceLines");
        }
    }
}
