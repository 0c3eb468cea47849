// Defaults edited by hand: existing rows get the model's defaults (features on), not false/empty.
﻿using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vinr.Portal.Api.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SelfService : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CancellationFeedback",
                table: "Subscriptions",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CancellationReason",
                table: "Subscriptions",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ScheduledPriceId",
                table: "Subscriptions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ScheduledQuantity",
                table: "Subscriptions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Features_CustomerUpdate_AllowedFields",
                table: "PortalConfigurations",
                type: "TEXT",
                nullable: false,
                defaultValue: "name,email,address,phone,tax_id");

            migrationBuilder.AddColumn<bool>(
                name: "Features_CustomerUpdate_Enabled",
                table: "PortalConfigurations",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "Features_InvoiceHistory",
                table: "PortalConfigurations",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "Features_PaymentMethodUpdate",
                table: "PortalConfigurations",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "Features_SubscriptionCancel_Enabled",
                table: "PortalConfigurations",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "Features_SubscriptionCancel_Mode",
                table: "PortalConfigurations",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "AtPeriodEnd");

            migrationBuilder.AddColumn<bool>(
                name: "Features_SubscriptionCancel_ProrateImmediateCancellation",
                table: "PortalConfigurations",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "Features_SubscriptionCancel_ReasonEnabled",
                table: "PortalConfigurations",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "Features_SubscriptionCancel_ReasonOptions",
                table: "PortalConfigurations",
                type: "TEXT",
                nullable: false,
                defaultValue: "too_expensive,missing_features,switched_service,unused,customer_service,too_complex,low_quality,other");

            migrationBuilder.AddColumn<bool>(
                name: "Features_SubscriptionUpdate_Enabled",
                table: "PortalConfigurations",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "Features_SubscriptionUpdate_Prices",
                table: "PortalConfigurations",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Features_SubscriptionUpdate_ProrationBehavior",
                table: "PortalConfigurations",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "CreateProrations");

            migrationBuilder.AddColumn<bool>(
                name: "Features_SubscriptionUpdate_QuantityEnabled",
                table: "PortalConfigurations",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<int>(
                name: "Features_SubscriptionUpdate_QuantityMax",
                table: "PortalConfigurations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 100);

            migrationBuilder.AddColumn<int>(
                name: "Features_SubscriptionUpdate_QuantityMin",
                table: "PortalConfigurations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<bool>(
                name: "Features_SubscriptionUpdate_ScheduleDowngradesAtPeriodEnd",
                table: "PortalConfigurations",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "InvoicePrefix",
                table: "Merchants",
                type: "TEXT",
                maxLength: 12,
                nullable: false,
                defaultValue: "INV");

            migrationBuilder.AddColumn<long>(
                name: "NextInvoiceNumber",
                table: "Merchants",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1L);

            migrationBuilder.AddColumn<long>(
                name: "Balance",
                table: "Customers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "PendingInvoiceItems",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    MerchantId = table.Column<string>(type: "TEXT", nullable: false),
                    Livemode = table.Column<bool>(type: "INTEGER", nullable: false),
                    CustomerId = table.Column<string>(type: "TEXT", nullable: false),
                    SubscriptionId = table.Column<string>(type: "TEXT", nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Proration = table.Column<bool>(type: "INTEGER", nullable: false),
                    PeriodStart = table.Column<long>(type: "INTEGER", nullable: false),
                    PeriodEnd = table.Column<long>(type: "INTEGER", nullable: false),
                    InvoiceId = table.Column<string>(type: "TEXT", nullable: true),
                    Created = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PendingInvoiceItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PendingInvoiceItems_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PendingInvoiceItems_CustomerId_InvoiceId",
                table: "PendingInvoiceItems",
                columns: new[] { "CustomerId", "InvoiceId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PendingInvoiceItems");

            migrationBuilder.DropColumn(
                name: "CancellationFeedback",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "CancellationReason",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "ScheduledPriceId",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "ScheduledQuantity",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "Features_CustomerUpdate_AllowedFields",
                table: "PortalConfigurations");

            migrationBuilder.DropColumn(
                name: "Features_CustomerUpdate_Enabled",
                table: "PortalConfigurations");

            migrationBuilder.DropColumn(
                name: "Features_InvoiceHistory",
                table: "PortalConfigurations");

            migrationBuilder.DropColumn(
                name: "Features_PaymentMethodUpdate",
                table: "PortalConfigurations");

            migrationBuilder.DropColumn(
                name: "Features_SubscriptionCancel_Enabled",
                table: "PortalConfigurations");

            migrationBuilder.DropColumn(
                name: "Features_SubscriptionCancel_Mode",
                table: "PortalConfigurations");

            migrationBuilder.DropColumn(
                name: "Features_SubscriptionCancel_ProrateImmediateCancellation",
                table: "PortalConfigurations");

            migrationBuilder.DropColumn(
                name: "Features_SubscriptionCancel_ReasonEnabled",
                table: "PortalConfigurations");

            migrationBuilder.DropColumn(
                name: "Features_SubscriptionCancel_ReasonOptions",
                table: "PortalConfigurations");

            migrationBuilder.DropColumn(
                name: "Features_SubscriptionUpdate_Enabled",
                table: "PortalConfigurations");

            migrationBuilder.DropColumn(
                name: "Features_SubscriptionUpdate_Prices",
                table: "PortalConfigurations");

            migrationBuilder.DropColumn(
                name: "Features_SubscriptionUpdate_ProrationBehavior",
                table: "PortalConfigurations");

            migrationBuilder.DropColumn(
                name: "Features_SubscriptionUpdate_QuantityEnabled",
                table: "PortalConfigurations");

            migrationBuilder.DropColumn(
                name: "Features_SubscriptionUpdate_QuantityMax",
                table: "PortalConfigurations");

            migrationBuilder.DropColumn(
                name: "Features_SubscriptionUpdate_QuantityMin",
                table: "PortalConfigurations");

            migrationBuilder.DropColumn(
                name: "Features_SubscriptionUpdate_ScheduleDowngradesAtPeriodEnd",
                table: "PortalConfigurations");

            migrationBuilder.DropColumn(
                name: "InvoicePrefix",
                table: "Merchants");

            migrationBuilder.DropColumn(
                name: "NextInvoiceNumber",
                table: "Merchants");

            migrationBuilder.DropColumn(
                name: "Balance",
                table: "Customers");
        }
    }
}
