using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vinr.Portal.Api.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OneDefaultConfiguration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Nothing kept a merchant to one default before this index: where one has several in a mode,
            // the oldest stays the default (written by hand; the same SQL reads alike in SQLite and PostgreSQL).
            migrationBuilder.Sql("""
                UPDATE "PortalConfigurations" SET "IsDefault" = FALSE
                WHERE "IsDefault" = TRUE AND EXISTS (
                    SELECT 1 FROM "PortalConfigurations" AS older
                    WHERE older."MerchantId" = "PortalConfigurations"."MerchantId"
                      AND older."Livemode" = "PortalConfigurations"."Livemode"
                      AND older."IsDefault" = TRUE
                      AND (older."Created" < "PortalConfigurations"."Created"
                           OR (older."Created" = "PortalConfigurations"."Created" AND older."Id" < "PortalConfigurations"."Id")));
                """);

            migrationBuilder.CreateIndex(
                name: "IX_PortalConfigurations_OneDefault",
                table: "PortalConfigurations",
                columns: new[] { "MerchantId", "Livemode" },
                unique: true,
                filter: "\"IsDefault\" = TRUE");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PortalConfigurations_OneDefault",
                table: "PortalConfigurations");
        }
    }
}
