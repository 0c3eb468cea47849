using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vinr.Portal.Api.Infrastructure.Data.Migrations.Postgres
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
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetentionOfferCouponId",
                table: "Subscriptions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetentionOfferOutcome",
                table: "Subscriptions",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RetentionOfferShownAt",
                table: "Subscriptions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Features_SubscriptionCancel_RetentionCouponId",
                table: "PortalConfigurations",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Discount",
                table: "Invoices",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "TotalDiscount",
                table: "Invoices",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "DiscountId",
                table: "InvoiceLines",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Coupons",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(64)", nullable: false),
                    Livemode = table.Column<bool>(type: "boolean", nullable: false),
                    Name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    PercentOffBasisPoints = table.Column<int>(type: "integer", nullable: true),
                    AmountOff = table.Column<long>(type: "bigint", nullable: true),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    Duration = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    DurationInMonths = table.Column<int>(type: "integer", nullable: true),
                    MaxRedemptions = table.Column<int>(type: "integer", nullable: true),
                    RedeemBy = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    TimesRedeemed = table.Column<int>(type: "integer", nullable: false),
                    Deleted = table.Column<bool>(type: "boolean", nullable: false),
                    Metadata = table.Column<string>(type: "text", nullable: false),
                    Created = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
