using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vinr.Portal.Api.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MerchantApi : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Prices_Products_ProductId",
                table: "Prices");

            migrationBuilder.DropIndex(
                name: "IX_Subscriptions_MerchantId",
                table: "Subscriptions");

            migrationBuilder.AddColumn<string>(
                name: "Metadata",
                table: "Subscriptions",
                type: "text",
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "TrialEnd",
                table: "Subscriptions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "TrialStart",
                table: "Subscriptions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Metadata",
                table: "Products",
                type: "text",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "Updated",
                table: "Products",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            // Products existing before this migration were last updated when they were created.
            migrationBuilder.Sql("UPDATE \"Products\" SET \"Updated\" = \"Created\";");

            migrationBuilder.AddColumn<string>(
                name: "Metadata",
                table: "Prices",
                type: "text",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<string>(
                name: "DunningFinalAction",
                table: "Merchants",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DunningRetryDays",
                table: "Merchants",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DunningRetries",
                table: "Invoices",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "NextPaymentAttempt",
                table: "Invoices",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "FannedOut",
                table: "Events",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Flow",
                table: "Events",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IdempotencyKey",
                table: "Events",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RequestId",
                table: "Events",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DeletedAt",
                table: "Customers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Metadata",
                table: "Customers",
                type: "text",
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.AddColumn<string>(
                name: "TestClockId",
                table: "Customers",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "TestClocks",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(64)", nullable: false),
                    Livemode = table.Column<bool>(type: "boolean", nullable: false),
                    Name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    FrozenTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    DeletesAfter = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Created = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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

            migrationBuilder.CreateTable(
                name: "WebhookEndpoints",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(64)", nullable: false),
                    Livemode = table.Column<bool>(type: "boolean", nullable: false),
                    Url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    EnabledEvents = table.Column<string>(type: "text", nullable: false),
                    Description = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: true),
                    Disabled = table.Column<bool>(type: "boolean", nullable: false),
                    ProtectedSecret = table.Column<string>(type: "text", nullable: false),
                    FailingSince = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Metadata = table.Column<string>(type: "text", nullable: false),
                    Created = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebhookEndpoints", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WebhookEndpoints_Merchants_MerchantId",
                        column: x => x.MerchantId,
                        principalTable: "Merchants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WebhookAttempts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    MerchantId = table.Column<string>(type: "text", nullable: false),
                    Livemode = table.Column<bool>(type: "boolean", nullable: false),
                    EventId = table.Column<string>(type: "character varying(64)", nullable: false),
                    EndpointId = table.Column<string>(type: "character varying(64)", nullable: false),
                    Url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    StatusCode = table.Column<int>(type: "integer", nullable: true),
                    Succeeded = table.Column<bool>(type: "boolean", nullable: false),
                    DurationMs = table.Column<long>(type: "bigint", nullable: false),
                    Error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Created = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebhookAttempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WebhookAttempts_Events_EventId",
                        column: x => x.EventId,
                        principalTable: "Events",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_WebhookAttempts_WebhookEndpoints_EndpointId",
                        column: x => x.EndpointId,
                        principalTable: "WebhookEndpoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WebhookDeliveries",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    MerchantId = table.Column<string>(type: "text", nullable: false),
                    Livemode = table.Column<bool>(type: "boolean", nullable: false),
                    EventId = table.Column<string>(type: "character varying(64)", nullable: false),
                    EndpointId = table.Column<string>(type: "character varying(64)", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    GiveUpAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LockedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockToken = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Created = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebhookDeliveries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WebhookDeliveries_Events_EventId",
                        column: x => x.EventId,
                        principalTable: "Events",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_WebhookDeliveries_WebhookEndpoints_EndpointId",
                        column: x => x.EndpointId,
                        principalTable: "WebhookEndpoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Subscriptions_MerchantId_Livemode_Created",
                table: "Subscriptions",
                columns: new[] { "MerchantId", "Livemode", "Created" });

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_NextPaymentAttempt",
                table: "Invoices",
                column: "NextPaymentAttempt");

            migrationBuilder.CreateIndex(
                name: "IX_Events_FannedOut_Created",
                table: "Events",
                columns: new[] { "FannedOut", "Created" });

            migrationBuilder.CreateIndex(
                name: "IX_Customers_TestClockId",
                table: "Customers",
                column: "TestClockId");

            migrationBuilder.CreateIndex(
                name: "IX_TestClocks_MerchantId_Livemode_Created",
                table: "TestClocks",
                columns: new[] { "MerchantId", "Livemode", "Created" });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookAttempts_EndpointId",
                table: "WebhookAttempts",
                column: "EndpointId");

            migrationBuilder.CreateIndex(
                name: "IX_WebhookAttempts_EventId",
                table: "WebhookAttempts",
                column: "EventId");

            migrationBuilder.CreateIndex(
                name: "IX_WebhookAttempts_MerchantId_Livemode_EndpointId_Created",
                table: "WebhookAttempts",
                columns: new[] { "MerchantId", "Livemode", "EndpointId", "Created" });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookAttempts_MerchantId_Livemode_EventId_Created",
                table: "WebhookAttempts",
                columns: new[] { "MerchantId", "Livemode", "EventId", "Created" });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_EndpointId",
                table: "WebhookDeliveries",
                column: "EndpointId");

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_EventId_EndpointId",
                table: "WebhookDeliveries",
                columns: new[] { "EventId", "EndpointId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_Status_NextAttemptAt",
                table: "WebhookDeliveries",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookEndpoints_MerchantId_Livemode_Created",
                table: "WebhookEndpoints",
                columns: new[] { "MerchantId", "Livemode", "Created" });

            migrationBuilder.AddForeignKey(
                name: "FK_Prices_Products_ProductId",
                table: "Prices",
                column: "ProductId",
                principalTable: "Products",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Prices_Products_ProductId",
                table: "Prices");

            migrationBuilder.DropTable(
                name: "TestClocks");

            migrationBuilder.DropTable(
                name: "WebhookAttempts");

            migrationBuilder.DropTable(
                name: "WebhookDeliveries");

            migrationBuilder.DropTable(
                name: "WebhookEndpoints");

            migrationBuilder.DropIndex(
                name: "IX_Subscriptions_MerchantId_Livemode_Created",
                table: "Subscriptions");

            migrationBuilder.DropIndex(
                name: "IX_Invoices_NextPaymentAttempt",
                table: "Invoices");

            migrationBuilder.DropIndex(
                name: "IX_Events_FannedOut_Created",
                table: "Events");

            migrationBuilder.DropIndex(
                name: "IX_Customers_TestClockId",
                table: "Customers");

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
                name: "Metadata",
                table: "Products");

            migrationBuilder.DropColumn(
                name: "Updated",
                table: "Products");

            migrationBuilder.DropColumn(
                name: "Metadata",
                table: "Prices");

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
                name: "FannedOut",
                table: "Events");

            migrationBuilder.DropColumn(
                name: "Flow",
                table: "Events");

            migrationBuilder.DropColumn(
                name: "IdempotencyKey",
                table: "Events");

            migrationBuilder.DropColumn(
                name: "RequestId",
                table: "Events");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "Metadata",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "TestClockId",
                table: "Customers");

            migrationBuilder.CreateIndex(
                name: "IX_Subscriptions_MerchantId",
                table: "Subscriptions",
                column: "MerchantId");

            migrationBuilder.AddForeignKey(
                name: "FK_Prices_Products_ProductId",
                table: "Prices",
                column: "ProductId",
                principalTable: "Products",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
