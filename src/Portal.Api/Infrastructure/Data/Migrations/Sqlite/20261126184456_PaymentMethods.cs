using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vinr.Portal.Api.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PaymentMethods : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DetachedAt",
                table: "PaymentMethods",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProcessorReference",
                table: "PaymentMethods",
                type: "TEXT",
                maxLength: 128,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ChargeReference",
                table: "Invoices",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastPaymentError",
                table: "Invoices",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PaymentAttempts",
                table: "Invoices",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "PaymentMethodId",
                table: "Invoices",
                type: "TEXT",
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
