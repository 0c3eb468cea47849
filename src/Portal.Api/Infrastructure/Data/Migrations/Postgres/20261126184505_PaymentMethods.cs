using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vinr.Portal.Api.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PaymentMethods : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DetachedAt",
                table: "PaymentMethods",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProcessorReference",
                table: "PaymentMethods",
                type: "character varying(128)",
                maxLength: 128,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ChargeReference",
                table: "Invoices",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastPaymentError",
                table: "Invoices",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PaymentAttempts",
                table: "Invoices",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "PaymentMethodId",
                table: "Invoices",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DetachedAt",
                table: "PaymentMethods");

            migrationBuilder.DropColumn(
                name: "ProcessorReference",
                table: "PaymentMethods");

            migrationBuilder.DropColumn(
                name: "ChargeReference",
                table: "Invoices");

            migrationBuilder.DropColumn(
                name: "LastPaymentError",
                table: "Invoices");

            migrationBuilder.DropColumn(
                name: "PaymentAttempts",
                table: "Invoices");

            migrationBuilder.DropColumn(
                name: "PaymentMethodId",
                table: "Invoices");
        }
    }
}
